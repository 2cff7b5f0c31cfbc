import { compileExpression } from './compile.js';
import { compare } from './evaluate.js';
import type { ComparisonOperator } from './parser.js';
import type { Value } from './values.js';

const d = (iso: string) => new Date(iso);

describe("compare: IIF's operators", () => {
  it.each([
    ['=', 'USA', 'USA', true],
    ['=', 'USA', 'usa', false],
    ['<>', 'USA', 'usa', true],
    ['=', 5, '5', true],
    ['=', '05', 5, true],
    ['>', '10', '9', true],
    ['>', 'b', 'a', true],
    ['<', 'B', 'a', true],
    ['>=', 3, 3, true],
    ['<=', 4, 3, false],
    ['=', true, 'True', true],
    ['<>', false, 'True', true],
    ['>', d('2021-01-02T00:00:00Z'), d('2021-01-01T00:00:00Z'), true],
    ['=', d('2021-01-01T00:00:00Z'), d('2021-01-01T00:00:00Z'), true],
  ] as [ComparisonOperator, Value, Value, boolean][])('%j %s %j -> %s', (op, left, right, expected) => {
    expect(compare(op, left, right)).toBe(expected);
  });

  it.each([
    [null, 'x'],
    ['x', null],
    ['', 'x'],
    [[], 'x'],
  ] as [Value, Value][])('fails on an empty operand (%j, %j), as Entra does', (left, right) => {
    expect(() => compare('=', left, right)).toThrow('cannot compare an empty value');
  });
});

describe('bounded values', () => {
  const evaluate = (expression: string, value: string) => {
    const compiled = compileExpression(expression);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    return compiled.attribute.evaluate({
      read: () => value,
      ctx: { now: () => new Date(0), random: () => 0, isUnique: () => true },
    });
  };

  it('fails the user at once on a source value no Graph property can hold', () => {
    expect(() => evaluate('ToUpper([displayName])', 'é'.repeat(1024 * 1024))).toThrow(
      '[displayName] is 1048576 characters long; expressions handle at most 16384',
    );
  });

  it('fails a value that nesting makes grow past the bound, instead of doubling it 100 times', () => {
    const doubling = `${'Replace('.repeat(30)}[displayName]${', , "^.*$", , "$0$0", , )'.repeat(30)}`;
    expect(() => evaluate(doubling, 'ab')).toThrow(/the result is \d+ characters long/);
  });

  it('leaves values of real sizes alone', () => {
    expect(evaluate('ToUpper([displayName])', 'é'.repeat(1024))).toBe('É'.repeat(1024));
  });
});
