/** The label that names the shard (operator replica) reconciling an object; only that replica acts on it. */
export const SHARD_LABEL = 'sharding.crosstenant.io/shard';
/** The label of a shard Lease naming the set of shards (the operator installation) it belongs to. */
export const RING_LABEL = 'sharding.crosstenant.io/ring';

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Whether `name` can name a shard: it is a label value and part of a Lease name (a DNS label). */
export function isShardName(name: string): boolean {
  return name.length <= 63 && NAME.test(name);
}

/**
 * A shard name made from a host or pod name: lower case, other characters than letters, digits and '-' turned
 * into '-', at most 63 characters. Pod names of a Deployment are valid already and stay as they are.
 */
export function shardNameFrom(hostName: string): string {
  const name = hostName
    .toLowerCase()
    .replace(/[^-a-z0-9]/g, '-')
    .slice(0, 63)
    .replace(/^-+|-+$/g, '');
  return name === '' ? 'shard' : name;
}

/** The Lease a shard holds while it lives: `<ring>-shard-<shard>` in the operator's namespace. */
export function shardLeaseName(ring: string, shard: string): string {
  return `${ring}-shard-${shard}`;
}

/** The labels of a shard's Lease, by which every replica finds the shards of its ring. */
export function shardLeaseLabels(ring: string, shard: string): Record<string, string> {
  return { [RING_LABEL]: ring, [SHARD_LABEL]: shard };
}
