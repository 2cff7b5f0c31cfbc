import { compileExpression } from '../compile.js';
import type { Env } from '../evaluate.js';
import type { Value } from '../values.js';

const USER: Record<string, Value> = {
  givenName: 'John',
  surname: 'Doe',
  displayName: 'John Doe',
  upn: 'jsmith@contoso.com',
  empty: '',
  telephoneNumber: '+91 9998887777',
  mobile: '+1 (999) 888-7777',
  mobileIntl: '+91 8887779999',
  address: '545 Tremont Street',
  nick: 'john_doe72',
  proxies: ['SMTP:a@x.com', 'smtp:b@x.com', 'SMTP:a@x.com'],
  enabled: true,
  hire: '2012-03-16-07:00',
  state: 'QLD',
  zero: '0',
};

const NOW = new Date(Date.UTC(2021, 7, 25, 17, 41, 18));

function env(random = () => 0.5, isUnique: (v: string) => boolean = () => true): Env {
  return { read: (name) => USER[name] ?? null, ctx: { now: () => NOW, random, isUnique } };
}

/** Evaluates an expression against USER; a compile error fails the test. */
function run(expression: string, e: Env = env()): Value {
  const compiled = compileExpression(expression, 'OnCreate');
  if (!compiled.ok) throw new Error(compiled.errors.map((x) => x.message).join('; '));
  return compiled.attribute.evaluate(e);
}

type Row = [string, Value];

const tables: Record<string, Row[]> = {
  Append: [
    ['Append([upn], ".test")', 'jsmith@contoso.com.test'],
    ['Append([missing], ".test")', '.test'],
  ],
  Join: [
    ['Join(" ", [givenName], [surname])', 'John Doe'],
    ['Join(", ", "", [surname], [givenName])', 'Doe, John'],
    ['Join(";", [proxies])', 'SMTP:a@x.com;smtp:b@x.com;SMTP:a@x.com'],
    ['Join("-", [missing], [givenName])', 'John'],
    ['Join("", 1000, "x")', '1000x'],
  ],
  Left: [
    ['Left("John Doe", 3)', 'Joh'],
    ['Left("John", 0)', ''],
    ['Left("John", -1)', 'John'],
    ['Left([missing], 2)', ''],
    ['Left("Jo", 5)', 'Jo'],
  ],
  Mid: [
    ['Mid("John Doe", 1, 3)', 'Joh'],
    ['Mid("John Doe", 6, 10)', 'Doe'],
    ['Mid("John", 9, 2)', ''],
    ['Mid("John", 2, 0)', ''],
    ['Mid([missing], 1, 2)', ''],
  ],
  Word: [
    ['Word("The quick brown fox", 3, " ")', 'brown'],
    ['Word("This,string!has&many separators", 3, ",!&#")', 'has'],
    ['Word("The quick", 5, " ")', ''],
    ['Word("The quick", 0, " ")', ''],
    ['Word([missing], 1, " ")', ''],
    ['Word("a  b", 2, " ")', 'b'],
  ],
  PCase: [
    ['PCase("PABLO GONSALVES (SECOND)")', 'Pablo Gonsalves (Second)'],
    ['PCase("PINTO-DE\'SILVA", " \'-")', "Pinto-De'Silva"],
    ['PCase("o\'neil smith")', "O'neil Smith"],
    // .NET's ToTitleCase: the typographic apostrophe is a separator, a word starts at a letter.
    ['PCase("o’neil")', 'O’Neil'],
    ['PCase("3RD AVENUE")', '3Rd Avenue'],
    ['PCase("JOSÉ-MARÍA ÅSTRÖM")', 'José-María Åström'],
    ['PCase("straße")', 'Straße'],
    ['PCase([missing])', null],
  ],
  StripSpaces: [
    ['StripSpaces(" a b  c ")', 'abc'],
    ['StripSpaces([missing])', null],
  ],
  ToLower: [
    ['ToLower("JOHN.Smith")', 'john.smith'],
    ['ToLower("TITLE", "tr-TR")', 'tıtle'],
    ['ToLower([missing])', null],
    // No final sigma in the invariant culture: every Σ becomes σ.
    ['ToLower("ΟΔΟΣ")', 'οδοσ'],
  ],
  ToUpper: [
    ['ToUpper("john")', 'JOHN'],
    ['ToUpper("title", "tr-TR")', 'TİTLE'],
    // The invariant culture maps one character to one: no "SS" for "ß", no "FI" for the ligature.
    ['ToUpper("Straße")', 'STRAßE'],
    ['ToUpper("ﬁnance")', 'ﬁNANCE'],
    ['ToUpper("josé")', 'JOSÉ'],
  ],
  NormalizeDiacritics: [
    ['NormalizeDiacritics("Zoë")', 'Zoe'],
    ['NormalizeDiacritics("Jéssica Smith")', 'Jessica Smith'],
    ['NormalizeDiacritics("Straße")', 'Strasse'],
    ['NormalizeDiacritics("Æsa Ærø")', 'AEsa AEroe'],
    ['NormalizeDiacritics("Łódź Øster")', 'Lodz OEster'],
    ['NormalizeDiacritics("ǣ ñ ů ő")', 'ae n u o'],
  ],
  InStr: [
    ['InStr("The quick brown fox", "quick")', 5],
    ['InStr("repEated", "e", 3, vbBinaryCompare)', 7],
    ['InStr("repEated", "e", 3, vbTextCompare)', 4],
    ['InStr("abc", "z")', 0],
    ['InStr([missing], "z")', null],
  ],
  CStr: [
    ['CStr([enabled])', 'True'],
    ['CStr(12)', '12'],
  ],
  IsNull: [
    ['IsNull([missing])', true],
    ['IsNull([empty])', false],
    ['IsNullOrEmpty([empty])', true],
    ['IsNullOrEmpty([givenName])', false],
    ['IsPresent([givenName])', true],
    ['IsPresent([empty])', false],
    ['IsString([givenName])', true],
    ['IsString(12)', false],
  ],
  IIF: [
    ['IIF([state]="QLD", "yes", "no")', 'yes'],
    ['IIF([state]<>"QLD", "yes", "no")', 'no'],
    ['IIF(3 > 10, "yes", "no")', 'no'],
    ['IIF("3" < "10", "yes", "no")', 'yes'],
    ['IIF("b" > "a", "yes", "no")', 'yes'],
    ['IIF(10 >= 10, "yes", "no")', 'yes'],
    ['IIF(9 <= 8, "yes", "no")', 'no'],
    ['IIF([state]="QLD", "x", IIF([missing]="y", "a", "b"))', 'x'],
    ['IIF(IsPresent([givenName]), "x", "y")', 'x'],
    ['IIF(DateDiff("d", Now(), CDate([hire])) > 5, "False", "True")', 'True'],
  ],
  Switch: [
    [
      'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney", "QLD", "Australia/Brisbane")',
      'Australia/Brisbane',
    ],
    ['Switch([state], "dflt", "qld", "lower")', 'dflt'],
    ['Switch([missing], "dflt", "", "was empty")', 'was empty'],
    ['Switch([empty], "dflt", "", "was empty")', 'was empty'],
    ['Switch([missing], "dflt", "x", "y")', 'dflt'],
    ['Switch([state], , "x", "y")', null],
    ['Switch([enabled], "?", "True", "on", "False", "off")', 'on'],
  ],
  Coalesce: [
    ['Coalesce([missing], [givenName])', 'John'],
    ['Coalesce([missing], [missing2], "fallback")', 'fallback'],
    ['Coalesce([missing], [missing2])', null],
    ['Coalesce([empty], "x")', ''],
  ],
  Not: [
    ['Not("True")', false],
    ['Not("False")', true],
    ['Not([enabled])', false],
    ['Not([missing])', true],
    // Documented: anything but True gives True.
    ['Not("yes")', true],
    ['Not("1")', true],
    ['Not(" true ")', false],
  ],
  CBool: [
    ['CBool([givenName] = "John")', true],
    ['CBool([zero])', false],
    ['CBool(5)', true],
  ],
  BitAnd: [
    ['BitAnd(&HF, &HF7)', 7],
    ['BitAnd(6, 3)', 2],
    // Above 2^53 the exact digits, not a rounded double.
    ['BitAnd("9007199254740993", "9007199254740993")', '9007199254740993'],
    ['BitAnd("9223372036854775807", "-1")', '9223372036854775807'],
  ],
  ConvertToBase64: [
    ['ConvertToBase64("Hello world!")', 'SABlAGwAbABvACAAdwBvAHIAbABkACEA'],
    ['ConvertToBase64([missing])', null],
  ],
  ConvertToUTF8Hex: [
    ['ConvertToUTF8Hex("Hello world!")', '48656C6C6F20776F726C6421'],
    ['ConvertToUTF8Hex("é")', 'C3A9'],
  ],
  Count: [
    ['Count([proxies])', 3],
    ['Count([missing])', 0],
    ['Count([givenName])', 1],
  ],
  Item: [
    ['Item([proxies], 2)', 'smtp:b@x.com'],
    ['Item([proxies], 4)', null],
    ['Item([proxies], 0)', null],
  ],
  RemoveDuplicates: [['RemoveDuplicates([proxies])', ['SMTP:a@x.com', 'smtp:b@x.com']]],
  Split: [
    ['Split("a,b,c", ",")', ['a', 'b', 'c']],
    ['Split("PermissionSetOne, PermissionSetTwo", ",")', ['PermissionSetOne', 'PermissionSetTwo']],
    ['Split([missing], ",")', null],
    ['Count(Split("a;b", ";"))', 2],
  ],
  Replace: [
    ['Replace("Product Developer", "Product Developer", , , "Software Engineer", , )', 'Software Engineer'],
    ['Replace([upn], "@contoso.com", , , "", , )', 'jsmith'],
    ['Replace("aXbXc", "X", , , "-", , )', 'a-b-c'],
    ['Replace("aXbxc", "x", , , "-", , )', 'aXb-c'],
    ['Replace("jsmith", "<username>", , , , , "<username>@contoso.com")', 'jsmith@contoso.com'],
    [
      'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )',
      '9998887777',
    ],
    ['Replace([mobile], , "[()\\\\s-]+", , "", , )', '+19998887777'],
    ['Replace([nick], , "[a-zA-Z_]*", , "", , )', '72'],
    ['Replace([address], , "(?<streetNumber>^\\\\d*)", "streetNumber", "888", , )', '888 Tremont Street'],
    ['Replace([upn], , "(?<Suffix>@(.)*)", "Suffix", "", , )', 'jsmith'],
    [
      'Replace([empty], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", "phoneNumber", , [mobileIntl], )',
      '8887779999',
    ],
    [
      'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", "phoneNumber", , [mobileIntl], )',
      '+91 9998887777',
    ],
    ['Replace([missing], "a", , , "b", , )', null],
    ['Replace("abc", "", , , "-", , )', 'abc'],
  ],
  Redact: [['Redact([givenName])', 'John']],
  IgnoreFlowIfNullOrEmpty: [['IgnoreFlowIfNullOrEmpty([givenName])', 'John']],
};

describe.each(Object.entries(tables))('%s', (_name, rows) => {
  it.each(rows)('%s -> %j', (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });
});

describe('failures at evaluation', () => {
  it.each([
    ['IIF([missing]="USA", "a", "b")', 'cannot compare an empty value'],
    ['IIF([empty]="", "a", "b")', 'cannot compare an empty value'],
    ['IIF([missing], "a", "b")', 'condition is null or empty'],
    ['IIF([givenName], "a", "b")', 'must be True or False'],
    ['Left("x", "abc")', 'must be an integer'],
    ['Mid("abc", 0, 1)', 'at least 1'],
    ['CDate("not a date")', 'is not a date'],
    ['Join(" ", Left([proxies], 1))', 'multi-valued'],
    ['RandomString(3, 2, 2, 0, 0)', 'exceed the length'],
    ['RandomString(300, 0, 0, 0, 0)', 'length must be 1 to 256'],
  ])('%s', (expression, message) => {
    expect(() => run(expression)).toThrow(message);
  });
});

describe('generated values', () => {
  it('Now comes from the injected clock', () => {
    expect(run('Now()')).toEqual(NOW);
    expect(run('CStr(Now())')).toBe('8/25/2021 5:41:18 PM');
  });

  it('Guid is a version-4 GUID from the injected randomness', () => {
    let i = 0;
    const g = run(
      'Guid()',
      env(() => (i++ % 16) / 16),
    );
    expect(g).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it.each([
    ['RandomString(6, 3, 0, 0, 3)', 6, { digits: 3, lower: 3 }],
    ['RandomString(10, 2, 2, 2, 1, "?,")', 10, { digits: 2, special: 2, upper: 2, lower: 1 }],
    ['RandomString(256, 0, 0, 0, 0)', 256, {}],
  ])('%s meets its minimums', (expression, length, minimums: Record<string, number>) => {
    for (let seed = 1; seed < 30; seed += 1) {
      let x = seed;
      const random = () => ((x = (x * 16807) % 2147483647) - 1) / 2147483646;
      const s = run(expression, env(random)) as string;
      expect(s).toHaveLength(length);
      expect((s.match(/\d/g) ?? []).length).toBeGreaterThanOrEqual(minimums['digits'] ?? 0);
      expect((s.match(/[a-z]/g) ?? []).length).toBeGreaterThanOrEqual(minimums['lower'] ?? 0);
      expect((s.match(/[A-Z]/g) ?? []).length).toBeGreaterThanOrEqual(minimums['upper'] ?? 0);
      expect((s.match(/[^A-Za-z0-9]/g) ?? []).length).toBeGreaterThanOrEqual(minimums['special'] ?? 0);
      if (expression.includes('"?,"')) expect(s).not.toMatch(/[?,]/);
    }
  });

  it('SelectUniqueValue returns the first candidate the target does not hold', () => {
    const taken = new Set(['John.Doe@contoso.com', 'J.Doe@contoso.com']);
    const expression =
      'SelectUniqueValue(Join("@", Join(".", [givenName], [surname]), "contoso.com"), ' +
      'Join("@", Join(".", Mid([givenName], 1, 1), [surname]), "contoso.com"), ' +
      'Join("@", Join(".", Mid([givenName], 1, 2), [surname]), "contoso.com"))';
    expect(
      run(
        expression,
        env(undefined, (v) => !taken.has(v)),
      ),
    ).toBe('Jo.Doe@contoso.com');
    expect(() =>
      run(
        expression,
        env(undefined, () => false),
      ),
    ).toThrow('every candidate is taken');
  });
});
