import {
  advancedOperatorsOf,
  attributesOfODataFilter,
  parseODataFilter,
  usesAdvancedOperators,
  type ODataExpr,
} from './odata.js';

function parse(filter: string): ODataExpr {
  const parsed = parseODataFilter(filter);
  if (!parsed.ok) throw new Error(`${filter}: ${parsed.error.message} at ${parsed.error.position}`);
  return parsed.expr;
}

describe('parseODataFilter', () => {
  it('builds a tree in which and binds tighter than or', () => {
    expect(parse("a eq 'x' or b eq 1 and not c eq null")).toEqual({
      kind: 'or',
      left: {
        kind: 'compare',
        op: 'eq',
        target: { kind: 'property', root: null, path: ['a'] },
        value: { kind: 'string', value: 'x' },
      },
      right: {
        kind: 'and',
        left: {
          kind: 'compare',
          op: 'eq',
          target: { kind: 'property', root: null, path: ['b'] },
          value: { kind: 'number', value: 1 },
        },
        right: {
          kind: 'not',
          operand: {
            kind: 'compare',
            op: 'eq',
            target: { kind: 'property', root: null, path: ['c'] },
            value: { kind: 'null' },
          },
        },
      },
    });
  });

  it('roots lambda paths at the lambda variable', () => {
    expect(parse("identities/any(i: i/issuer eq 'x')")).toEqual({
      kind: 'lambda',
      quantifier: 'any',
      root: null,
      collection: ['identities'],
      variable: 'i',
      predicate: {
        kind: 'compare',
        op: 'eq',
        target: { kind: 'property', root: 'i', path: ['issuer'] },
        value: { kind: 'string', value: 'x' },
      },
    });
  });

  it.each([
    [
      'createdDateTime ge 2024-01-01T00:00:00Z',
      { kind: 'dateTime', value: '2024-01-01T00:00:00Z', epochMs: Date.UTC(2024, 0, 1) },
    ],
    [
      'id eq 00000000-0000-0000-0000-00000000000a',
      { kind: 'guid', value: '00000000-0000-0000-0000-00000000000a' },
    ],
    ['n eq -12.5', { kind: 'number', value: -12.5 }],
    ['b eq FALSE', { kind: 'boolean', value: false }],
    ["s eq ''''", { kind: 'string', value: "'" }],
    ["s eq ''", { kind: 'string', value: '' }],
    ["s eq 'a and b'", { kind: 'string', value: 'a and b' }],
  ])('reads the literal in %s', (filter, literal) => {
    expect(parse(filter)).toMatchObject({ kind: 'compare', value: literal });
  });

  it.each([
    ['', 0, 'expected a property'],
    ['   ', 3, 'found end of input'],
    ["department eq 'Sales", 14, 'unterminated string'],
    ["department 'Sales'", 11, 'expected a comparison operator'],
    ["department eq 'Sales' and", 25, 'found end of input'],
    ["department eq 'Sales' city eq 'x'", 22, "expected 'and', 'or' or end of input but found 'city'"],
    ["(department eq 'Sales'", 22, "expected ')'"],
    ["department eq 'Sales')", 21, "found ')'"],
    ['department eq', 13, 'expected a literal'],
    [
      'department eq Sales',
      14,
      "expected a literal (string, number, true, false, null, guid or date-time) but found 'Sales'",
    ],
    ["contains(displayName, 'a')", 0, "unsupported function 'contains'"],
    ["startsWith(displayName 'a')", 23, "expected ','"],
    ['startsWith(displayName, 1)', 24, 'expected a string literal'],
    ["department in 'a','b'", 14, "expected '(' to open the in list"],
    ["department in ('a' 'b')", 19, "expected ',' or ')' in the in list"],
    ["otherMails/any(m m eq 'a')", 17, "expected ':'"],
    ["otherMails/any(m: m eq 'a'", 26, "expected ')' to close the lambda"],
    ['otherMails/all()', 15, 'expected a lambda variable'],
    ["assignedLicenses/$count eq 'x'", 27, 'expected a number after $count'],
    ["department eq 'a' # 1", 18, "unexpected character '#'"],
    ["and eq 'x'", 0, "expected a property name but found 'and'"],
    ["department/ eq 'x'", 12, 'expected a property name after /'],
    ['createdDateTime ge 2024-13-45T00:00:00Z', 19, 'invalid date-time'],
  ])('rejects %j at position %i', (filter, position, message) => {
    const parsed = parseODataFilter(filter);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.position).toBe(position);
    expect(parsed.error.message).toContain(message);
  });
});

describe('usesAdvancedOperators', () => {
  it.each([
    ["department eq 'Sales'", false],
    ["department ne 'Sales'", true],
    ['employeeId gt 1', false],
    ['employeeId ge 1', false],
    ['employeeId lt 1', false],
    ['employeeId le 1', false],
    ["department in ('a', 'b')", false],
    ["startsWith(displayName, 'a')", false],
    ["endsWith(mail, '@contoso.com')", true],
    ["not (department eq 'Sales')", true],
    ["department eq 'Sales' and city eq 'x'", false],
    ["department eq 'Sales' or city ne 'x'", true],
    ["otherMails/any(m: m eq 'a')", false],
    ["proxyAddresses/any(p: endsWith(p, 'OnMicrosoft.com'))", true],
    ['assignedLicenses/$count eq 0', true],
    ['assignedLicenses/$count ne 0', true],
    ['otherMails/any()', false],
  ])('%s -> %s', (filter, expected) => {
    expect(usesAdvancedOperators(parse(filter))).toBe(expected);
  });
});

describe('advancedOperatorsOf', () => {
  it.each([
    ["department eq 'a' and startsWith(mail, 'b')", []],
    ["not (a ne 'x') or endsWith(mail, 'y') or a ne 'z'", ['not', 'ne', 'endsWith']],
    [
      "otherMails/any(m: not endsWith(m, 'x')) and assignedLicenses/$count eq 0",
      ['not', 'endsWith', '$count'],
    ],
    ['assignedLicenses/$count in (0, 1)', ['$count']],
  ])('%s -> %j', (filter, operators) => {
    expect(advancedOperatorsOf(parse(filter))).toEqual(operators);
  });
});

describe('attributesOfODataFilter', () => {
  it.each([
    ["department eq 'Sales'", ['department']],
    ["(department eq 'Marketing') or (not (City eq 'Redmond'))", ['city', 'department']],
    ["DEPARTMENT eq 'a' and department eq 'b'", ['department']],
    [
      "onPremisesExtensionAttributes/extensionAttribute1 eq 'x'",
      ['onPremisesExtensionAttributes.extensionAttribute1'],
    ],
    ["employeeOrgData/costCenter eq '100'", ['employeeOrgData.costCenter']],
    ["identities/any(i: i/issuer eq 'x') and startsWith(mail, 'a')", ['identities', 'mail']],
    ['assignedLicenses/$count eq 0', ['assignedLicenses']],
    ["extension_abc_office in ('1')", ['extension_abc_office']],
    ["userType eq 'Member' and endsWith(userPrincipalName, 'x')", ['userPrincipalName', 'userType']],
  ])('%s -> %j', (filter, attributes) => {
    expect(attributesOfODataFilter(parse(filter))).toEqual(attributes);
  });
});
