import { tokenize } from './lexer.js';
import { MAX_DEPTH, parse } from './parser.js';
import type { Node } from './parser.js';

/** A compact rendering of a tree, so tables can state expected shapes in one line. */
function show(n: Node): string {
  switch (n.kind) {
    case 'call':
      return `${n.name}(${n.args.map(show).join(',')})`;
    case 'attribute':
      return `[${n.name}]`;
    case 'string':
      return JSON.stringify(n.value);
    case 'number':
      return `#${n.value}`;
    case 'identifier':
      return n.name;
    case 'compare':
      return `${show(n.left)}${n.operator}${show(n.right)}`;
    case 'omitted':
      return '_';
  }
}

describe('parse: valid expressions', () => {
  it.each([
    ['[givenName]', '[givenName]'],
    ['"United States"', '"United States"'],
    ['Join(" ", [givenName], [surname])', 'Join(" ",[givenName],[surname])'],
    ['Guid()', 'Guid()'],
    ['Replace(x(), , "re", , "", , )', 'Replace(x(),_,"re",_,"",_,_)'],
    ['Switch([a], , "1", "x")', 'Switch([a],_,"1","x")'],
    ['"Company name: \\"Contoso\\""', '"Company name: \\"Contoso\\""'],
    ['"back\\\\slash"', '"back\\\\slash"'],
    ['IIF([country]="USA",[country],[department])', 'IIF([country]="USA",[country],[department])'],
    [
      'IIF(DateDiff("d", Now(), CDate([h])) > 5, "False", "True")',
      'IIF(DateDiff("d",Now(),CDate([h]))>#5,"False","True")',
    ],
    ['IIF([a]<>"b","x","y")', 'IIF([a]<>"b","x","y")'],
    ['IIF([a]>=1,"x","y")', 'IIF([a]>=#1,"x","y")'],
    ['IIF([a]<=1,"x","y")', 'IIF([a]<=#1,"x","y")'],
    ['Left("John", -1)', 'Left("John",#-1)'],
    ['BitAnd(&HF, &HF7)', 'BitAnd(#15,#247)'],
    ['InStr("repEated","e",3,vbBinaryCompare)', 'InStr("repEated","e",#3,vbBinaryCompare)'],
    [
      '[onPremisesExtensionAttributes.extensionAttribute1]',
      '[onPremisesExtensionAttributes.extensionAttribute1]',
    ],
    ['  Join(\n  "@",\n  [a]\n)  ', 'Join("@",[a])'],
  ])('%s', (source, expected) => {
    const r = parse(source);
    if (!r.ok) throw new Error(r.error.message);
    expect(show(r.ast)).toBe(expected);
  });
});

describe('parse: errors carry line and column', () => {
  it.each([
    ['', 1, 1, 'empty'],
    ['Join(" ", [a]', 1, 14, "expected ',' or ')'"],
    ['Join(" " [a])', 1, 10, "expected ',' or ')'"],
    ['Join("abc, [a])', 1, 6, 'unterminated string'],
    ['Join(\n  "x",\n  [a\n)', 3, 3, 'unterminated attribute'],
    ['Join(" ", [a]))', 1, 15, "unexpected ')'"],
    ['Join(" ", @)', 1, 11, "unexpected character '@'"],
    ['IIF([a]="x" = "y", "1", "2")', 1, 13, 'only one comparison'],
    ['Join(\n" ",\n  ,)\n)', 4, 1, "unexpected ')'"],
    ['&Hzz', 1, 1, 'hexadecimal'],
    ['Left(', 1, 6, 'expected a function'],
    ['"x" "y"', 1, 5, 'after the end'],
  ])('%j -> %i:%i', (source, line, column, message) => {
    const r = parse(source);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toEqual({ message: expect.stringContaining(message), line, column });
  });
});

describe('tokenize', () => {
  it('tracks positions across lines', () => {
    const tokens = tokenize('A(\n  [b],\n  "c")');
    expect(tokens.map((t) => [t.kind, t.line, t.column])).toEqual([
      ['identifier', 1, 1],
      ['lparen', 1, 2],
      ['attribute', 2, 3],
      ['comma', 2, 6],
      ['string', 3, 3],
      ['rparen', 3, 6],
      ['eof', 3, 7],
    ]);
  });

  it('reads negative and decimal numbers but not a lone minus', () => {
    expect(tokenize('-12 3.5').map((t) => t.text)).toEqual(['-12', '3.5', '']);
    expect(() => tokenize('-x')).toThrow("unexpected character '-'");
  });
});

describe('nesting', () => {
  it('refuses calls nested deeper than the limit with the position, not a stack overflow', () => {
    const deep = `${'Trim('.repeat(4000)}[givenName]${')'.repeat(4000)}`;
    const r = parse(deep);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toBe(`functions are nested more than ${MAX_DEPTH} deep`);
    expect(r.error).toMatchObject({ line: 1, column: MAX_DEPTH * 5 + 1 });
  });

  it('accepts nesting up to the limit', () => {
    expect(parse(`${'Trim('.repeat(MAX_DEPTH)}[givenName]${')'.repeat(MAX_DEPTH)}`).ok).toBe(true);
  });
});
