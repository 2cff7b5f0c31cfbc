import type { V1Lease } from '@kubernetes/client-node';
import { SHARD_LABEL } from './labels.js';

/** What one replica knows of a shard: it lives, it is dead, or it has not been seen long enough to tell. */
export type ShardState = 'live' | 'dead' | 'unknown';

interface Observation {
  record: string;
  at: number;
  live: boolean;
  deadSince?: number;
}

/**
 * What changes when a Lease is renewed or changes hands, the same whether the Lease came from a list or a read:
 * a typed read gives its times as Dates (to the millisecond), a list as the API server's microsecond strings.
 */
function recordOf(lease: V1Lease): string {
  const spec = lease.spec ?? {};
  const ms = (t: unknown) => {
    if (t === undefined || t === null) return null;
    const at = new Date(t as string | Date).getTime();
    return Number.isNaN(at) ? String(t) : at;
  };
  return JSON.stringify([
    spec.holderIdentity ?? '',
    ms(spec.renewTime),
    ms(spec.acquireTime),
    spec.leaseTransitions ?? 0,
    spec.leaseDurationSeconds ?? 0,
  ]);
}

/**
 * The shards of a ring as seen from one replica, from their Leases. A Lease lives while its holder is set and
 * its record changed within its duration on this replica's clock (as client-go's leader election judges
 * expiry: the holder's clock is never trusted). A shard renewing its Lease stops acting once a renewal fails
 * to land within its renew deadline, which is shorter than the duration: so once a Lease is seen expired
 * here, its holder acts no more. A released Lease (holder cleared) is dead at once: its holder stopped first.
 */
export class ShardMembership {
  private readonly leases = new Map<string, Observation>();
  private readonly absent = new Map<string, number>();

  constructor(private readonly unknownForMs: number) {}

  /** Takes in the Leases as listed at `now`; returns the live shards. */
  update(leases: readonly V1Lease[], now: number): Set<string> {
    const seen = new Set<string>();
    for (const lease of leases) {
      const shard = this.observe(lease, now);
      if (shard) seen.add(shard);
    }
    for (const shard of this.leases.keys()) {
      if (seen.has(shard)) continue;
      this.leases.delete(shard);
      this.absent.set(shard, now);
    }
    return new Set([...this.leases].filter(([, o]) => o.live).map(([shard]) => shard));
  }

  /**
   * Takes in one shard's Lease as read at `now` (a fresh read, beside the listed ones), and returns the shard.
   * A Lease whose record moved on since it was last seen here is live again: the list was behind, not its holder.
   */
  observe(lease: V1Lease, now: number): string | undefined {
    const shard = lease.metadata?.labels?.[SHARD_LABEL];
    if (!shard) return undefined;
    this.absent.delete(shard);
    const record = recordOf(lease);
    const previous = this.leases.get(shard);
    const changed = previous?.record !== record;
    const at = changed ? now : (previous?.at ?? now);
    const held = (lease.spec?.holderIdentity ?? '') !== '';
    const live = held && now < at + (lease.spec?.leaseDurationSeconds ?? 0) * 1000;
    const deadSince = live ? undefined : (previous?.deadSince ?? now);
    this.leases.set(shard, { record, at, live, ...(deadSince !== undefined ? { deadSince } : {}) });
    return shard;
  }

  /**
   * A shard's state at `now`. A shard without a Lease is dead only once it has been missing for
   * `unknownForMs` (at least a lease duration): a Lease just created may reach this replica's cache after
   * an object its holder already labelled.
   */
  stateOf(shard: string, now: number): ShardState {
    const observed = this.leases.get(shard);
    if (observed) return observed.live ? 'live' : 'dead';
    const missingSince = this.absent.get(shard);
    if (missingSince === undefined) {
      this.absent.set(shard, now);
      return 'unknown';
    }
    return now - missingSince >= this.unknownForMs ? 'dead' : 'unknown';
  }

  /** When the next live Lease expires unless renewed (undefined when none lives): the time to look again. */
  nextExpiry(leases: readonly V1Lease[]): number | undefined {
    let next: number | undefined;
    for (const lease of leases) {
      const observed = this.leases.get(lease.metadata?.labels?.[SHARD_LABEL] ?? '');
      if (!observed?.live) continue;
      const expiry = observed.at + (lease.spec?.leaseDurationSeconds ?? 0) * 1000;
      next = next === undefined ? expiry : Math.min(next, expiry);
    }
    return next;
  }

  /** Shards whose Lease has been dead for at least `ms`: their Leases may be deleted. */
  deadFor(ms: number, now: number): string[] {
    return [...this.leases]
      .filter(([, o]) => o.deadSince !== undefined && now - o.deadSince >= ms)
      .map(([shard]) => shard);
  }
}
