import { createHash } from 'node:crypto';

/**
 * The shard a key belongs to among `shards`: rendezvous (highest random weight) hashing, the form of
 * consistent hashing that needs no token ring. Every shard scores every key; the highest score wins. Adding a
 * shard moves to it only the keys it now wins (about 1/n of them) and moves no key between the others;
 * removing one moves only its own keys. Every replica computes the same answer from the same shard set.
 * Undefined when there is no shard.
 */
export function shardFor(key: string, shards: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = -1n;
  for (const shard of shards) {
    const score = weight(shard, key);
    // Ties (practically impossible with 64 bits) go to the smaller name, so the answer never depends on order.
    if (score > bestScore || (score === bestScore && best !== undefined && shard < best)) {
      best = shard;
      bestScore = score;
    }
  }
  return best;
}

function weight(shard: string, key: string): bigint {
  return createHash('sha256').update(shard).update('\0').update(key).digest().readBigUInt64BE(0);
}
