import { covers, driftedFields } from './drift.js';

describe('covers', () => {
  it.each([
    ['extra read-only properties', { a: 1 }, { a: 1, id: 'x' }, true],
    ['a changed value', { a: 1 }, { a: 2 }, false],
    ['a missing property', { a: 1 }, {}, false],
    ['arrays of another length', [1, 2], [1], false],
    ['equal durations spelled differently', { d: 'P7D' }, { d: 'P1W' }, true],
    ['different durations', { d: 'P7D' }, { d: 'P6D' }, false],
    ['@odata.type left out by Graph', { '@odata.type': '#t', a: 1 }, { a: 1 }, true],
    ['another @odata.type', { '@odata.type': '#t' }, { '@odata.type': '#u' }, false],
  ])('%s', (_, want, have, result) => {
    expect(covers(want, have)).toBe(result);
  });

  it('names drifted top-level fields', () => {
    expect(driftedFields({ a: 1, b: { c: 2 }, d: 3 }, { a: 1, b: { c: 3 }, d: 4 })).toEqual(['b', 'd']);
  });
});
