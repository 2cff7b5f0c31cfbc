import { dotNetRegex, regexError } from './dotnet-regex.js';
import { ExpressionError } from './values.js';

const matches = (pattern: string, input: string) => dotNetRegex(pattern).test(input);

describe('.NET regular expressions on a linear-time engine', () => {
  it('does not backtrack on nested quantifiers (these took minutes on a backtracking engine)', () => {
    expect(matches('^(a+)+$', `${'a'.repeat(40)}!`)).toBe(false);
    expect(matches('^([a-zA-Z0-9._%+-]+)+@([a-zA-Z0-9.-]+)+\\.[a-z]{2,}$', 'a'.repeat(5000))).toBe(false);
    expect(dotNetRegex('(x+x+)+y').replace('x'.repeat(5000), '-')).toBe('x'.repeat(5000));
  });

  it('fails one evaluation, not the process, for a value too long to match in bounded time', () => {
    expect(() => matches('(.*a){20}', 'a'.repeat(1_000_000))).toThrow(ExpressionError);
    expect(() => matches('(.*a){20}', 'a'.repeat(1_000_000))).toThrow(/too long/);
  });

  it.each([
    ['^\\w+$', 'José', true],
    ['^\\w+$', 'Zoë_Ørsted', true],
    ['^\\d+$', '١٢٣', true],
    ['^\\s$', '\u00a0', true],
    ['^\\p{L}+$', 'Łódź', true],
    ['^\\p{Lu}', 'Émile', true],
    ['^\\P{L}+$', '12', true],
    ['\\Aab\\z', 'ab', true],
    ['\\Aab\\z', 'ab\n', false],
    ['ab\\Z', 'ab\n', true],
    ['ab$', 'ab\n', true],
    ['ab$', 'ab\nc', false],
    ['(?m)ab$', 'ab\nc', true],
    ['^b', 'a\nb', false],
    ['(?m)^b', 'a\nb', true],
    ['a.b', 'a\nb', false],
    ['(?s)a.b', 'a\nb', true],
    ['(?i:sales)-EMEA', 'SALES-EMEA', true],
    ['(?i:sales)-EMEA', 'SALES-emea', false],
    ['(?i)sales(?-i)X', 'SALESX', true],
    ['(?i)sales(?-i)X', 'SALESx', false],
    ['(?x) ^ sales  # the department\n $', 'sales', true],
    ['sa(?#a comment)les', 'sales', true],
    ['[\\w-]+@', 'josé-m@', true],
    ['\\x41\\u0042\\043', 'AB#', true],
    ['a\\ b', 'a b', true],
    ['(?<=@)contoso', 'x@contoso', true],
    ['(?<!@)contoso', 'x@contoso', false],
    ['[a\\]]', ']', true],
    ['a{2,3}', 'aa', true],
    ['a{,2}', 'a{,2}', true],
  ])('%s on %j is %s', (pattern, input, expected) => {
    expect(matches(pattern, input)).toBe(expected);
  });

  it.each([
    ['(?<first>\\w+) (\\w+)', '$1', 'Smith'],
    ['(?<first>\\w+) (\\w+)', '$2', 'José'],
    ['(?<first>\\w+) (\\w+)', '${first}', 'José'],
    ['(?<first>\\w+) (\\w+)', '[$0]', '[José Smith]'],
    ['(?<first>\\w+) (\\w+)', '[$&]', '[José Smith]'],
    ['(\\w+) (\\w+)', '$+', 'Smith'],
    [' ', "<$`|$'>", 'José<José|Smith>Smith'],
    ['Smith', '$_', 'José José Smith'],
    ['Smith', '$$1', 'José $1'],
    ['Smith', '$9 ${nope}', 'José $9 ${nope}'],
    ['(?n)(\\w+) (?<last>\\w+)', '$1', 'Smith'],
  ])('replaces %s by %s', (pattern, replacement, expected) => {
    expect(dotNetRegex(pattern).replace('José Smith', replacement)).toBe(expected);
  });

  it('finds the spans of a named group in every match', () => {
    expect([...dotNetRegex('(?<d>\\d)x').spans('1x2y3x', 'd')]).toEqual([
      [0, 1],
      [4, 5],
    ]);
    expect(dotNetRegex("(?'d'\\d+)").firstGroup('ab 42', 'd')).toBe('42');
  });

  it.each([
    ['ab(?=c)', 3, /look-ahead/],
    ['ab(?!c)', 3, /look-ahead/],
    ['(a)\\1', 4, /backreferences/],
    ['(?<a>x)\\k<a>', 8, /backreferences/],
    ['(?>a+)b', 1, /atomic/],
    ['\\bSales\\b', 1, /word boundary/],
    ['(?(a)b|c)', 1, /conditional/],
    ['[a-z-[aeiou]]', 5, /subtraction/],
    ['\\p{IsGreek}', 1, /general categories/],
    ['(?<a-b>x)', 1, /balancing/],
    ['a{1001}', 2, /1000/],
    ['(ab', 4, /missing \)/],
    ['ab)', 3, /too many \)/],
    ['\\q', 1, /unrecognized escape/],
    ['(?r)a', 1, /inline option/],
  ])('refuses %s at character %i', (pattern, at, reason) => {
    const message = regexError(pattern);
    expect(message).toMatch(reason);
    expect(message).toContain(`at character ${at}:`);
  });
});
