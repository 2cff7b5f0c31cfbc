import { shardFor } from './ring.js';

const keys = Array.from({ length: 2_000 }, (_, i) => `ns/source-${i % 37}->target-${i}`);
const assign = (shards: string[]) => new Map(keys.map((key) => [key, shardFor(key, shards)]));

describe('shardFor', () => {
  it('gives no shard when there is none, and the only one when there is one', () => {
    expect(shardFor('a', [])).toBeUndefined();
    expect(shardFor('a', ['only'])).toBe('only');
  });

  it('does not depend on the order the shards are listed in', () => {
    for (const key of keys.slice(0, 200))
      expect(shardFor(key, ['a', 'b', 'c'])).toBe(shardFor(key, ['c', 'a', 'b']));
  });

  it('spreads keys over the shards roughly evenly', () => {
    const counts = new Map<string, number>();
    for (const shard of assign(['a', 'b', 'c']).values())
      counts.set(shard ?? '', (counts.get(shard ?? '') ?? 0) + 1);
    for (const shard of ['a', 'b', 'c']) {
      expect(counts.get(shard)).toBeGreaterThan(keys.length / 3 - 120);
      expect(counts.get(shard)).toBeLessThan(keys.length / 3 + 120);
    }
  });

  it('moves only keys to a new shard when one is added, about a third of them going from two to three', () => {
    const before = assign(['a', 'b']);
    const after = assign(['a', 'b', 'c']);
    const moved = keys.filter((key) => before.get(key) !== after.get(key));
    expect(moved.every((key) => after.get(key) === 'c')).toBe(true);
    expect(moved.length).toBeGreaterThan(keys.length / 3 - 120);
    expect(moved.length).toBeLessThan(keys.length / 3 + 120);
  });

  it('moves only the keys of a shard that is removed', () => {
    const before = assign(['a', 'b', 'c']);
    const after = assign(['a', 'c']);
    for (const key of keys) if (before.get(key) !== 'b') expect(after.get(key)).toBe(before.get(key));
  });
});
