import type { V1Lease } from '@kubernetes/client-node';
import { SHARD_LABEL } from './labels.js';
import { ShardMembership } from './membership.js';

const lease = (shard: string, holder: string, renew: string): V1Lease => ({
  metadata: { name: `ring-shard-${shard}`, labels: { [SHARD_LABEL]: shard } },
  spec: { holderIdentity: holder, leaseDurationSeconds: 15, renewTime: renew as unknown as Date },
});

describe('ShardMembership', () => {
  it('counts a Lease live until its record has not changed for its duration on this clock', () => {
    const members = new ShardMembership(15_000);
    expect(members.update([lease('a', 'a_1', 't0'), lease('b', 'b_1', 't0')], 0)).toEqual(
      new Set(['a', 'b']),
    );
    // a renews, b does not: b's renewTime (its own clock) is never read, only whether its record changed.
    expect(members.update([lease('a', 'a_1', 't1'), lease('b', 'b_1', 't0')], 10_000)).toEqual(
      new Set(['a', 'b']),
    );
    expect(members.update([lease('a', 'a_1', 't2'), lease('b', 'b_1', 't0')], 15_000)).toEqual(
      new Set(['a']),
    );
    expect(members.stateOf('b', 15_000)).toBe('dead');
    expect(members.stateOf('a', 15_000)).toBe('live');
  });

  it('takes a Lease read afresh that moved on since the list as live again, and one that did not as still dead', () => {
    const members = new ShardMembership(15_000);
    members.update([lease('a', 'a_1', 't0'), lease('b', 'b_1', 't0')], 0);
    // The list lags: b renewed (t1, t2) but this replica still lists t0, so b looks expired.
    members.update([lease('a', 'a_1', 't1'), lease('b', 'b_1', 't0')], 15_000);
    expect(members.stateOf('b', 15_000)).toBe('dead');
    members.observe(lease('b', 'b_1', 't0'), 15_001);
    expect(members.stateOf('b', 15_001)).toBe('dead');
    members.observe(lease('b', 'b_1', 't2'), 15_002);
    expect(members.stateOf('b', 15_002)).toBe('live');
    expect(members.stateOf('a', 15_002)).toBe('live');
  });

  it('counts a released Lease dead at once', () => {
    const members = new ShardMembership(15_000);
    members.update([lease('a', 'a_1', 't0')], 0);
    expect(members.update([lease('a', '', 't1')], 1)).toEqual(new Set());
    expect(members.stateOf('a', 1)).toBe('dead');
  });

  it('tells a shard without a Lease dead only after it has been missing for a while', () => {
    const members = new ShardMembership(15_000);
    members.update([], 0);
    expect(members.stateOf('new', 0)).toBe('unknown');
    expect(members.stateOf('new', 14_999)).toBe('unknown');
    expect(members.stateOf('new', 15_000)).toBe('dead');
    members.update([lease('new', 'new_1', 't0')], 15_001);
    expect(members.stateOf('new', 15_001)).toBe('live');
  });

  it('lists shards dead for long enough to delete their Leases', () => {
    const members = new ShardMembership(15_000);
    members.update([lease('a', 'a_1', 't0'), lease('b', '', 't0')], 0);
    expect(members.deadFor(60_000, 59_999)).toEqual([]);
    members.update([lease('a', 'a_1', 't0'), lease('b', '', 't0')], 60_000);
    expect(members.deadFor(60_000, 60_000)).toEqual(['b']);
  });
});
