import { DeltaLog } from './delta-log.js';

function logOf(entries: Array<[string, number]>): DeltaLog {
  const log = new DeltaLog();
  for (const [id, seq] of entries) log.append(id, seq);
  return log;
}

describe('DeltaLog', () => {
  it('reports an object once, at its last change in the window', () => {
    const log = logOf([
      ['a', 1],
      ['b', 2],
      ['a', 3],
    ]);
    const last: Record<string, number> = { a: 3, b: 2 };
    expect(log.scan(0, 3, 10, (id) => last[id]).ids).toEqual(['b', 'a']);
  });

  it('leaves out changes after the window and reports them in the next round', () => {
    const log = logOf([
      ['a', 1],
      ['b', 2],
      ['a', 5],
    ]);
    const last: Record<string, number> = { a: 5, b: 2 };
    expect(log.scan(0, 2, 10, (id) => last[id])).toEqual({ ids: ['b'], next: null });
    expect(log.scan(log.startAfter(2), 5, 10, (id) => last[id])).toEqual({ ids: ['a'], next: null });
  });

  it('pages with a cursor until the window is exhausted', () => {
    const log = logOf([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4],
    ]);
    const last = (id: string): number => ({ a: 1, b: 2, c: 3, d: 4 })[id] as number;
    const first = log.scan(0, 4, 2, last);
    expect(first.ids).toEqual(['a', 'b']);
    expect(first.next).toBe(2);
    expect(log.scan(first.next as number, 4, 2, last)).toEqual({ ids: ['c', 'd'], next: null });
  });

  it('finds where a round starts by sequence', () => {
    const log = logOf([
      ['a', 2],
      ['b', 4],
      ['c', 9],
    ]);
    expect(log.startAfter(0)).toBe(0);
    expect(log.startAfter(4)).toBe(2);
    expect(log.startAfter(9)).toBe(3);
  });

  it('rejects sequences that do not ascend', () => {
    const log = logOf([['a', 2]]);
    expect(() => log.append('b', 2)).toThrow(RangeError);
  });
});
