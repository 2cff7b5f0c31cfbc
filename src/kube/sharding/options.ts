import type { KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from 'winston';
import type { Clock } from '../../time/clock.js';
import type { KubeClients } from '../client.js';

/** How a replica takes part in sharding. */
export interface ShardingOptions {
  clients: KubeClients;
  /** Namespace of the shard Leases. */
  namespace: string;
  /** The set of shards this replica belongs to (one operator installation). */
  ring: string;
  /** This replica's shard name. */
  shard: string;
  /** The key objects are hashed by: objects with one key always share a shard. */
  keyOf: (controller: string, obj: KubernetesObject) => string;
  /** The shard Leases' duration (default 15 s, as leader election's). */
  leaseDurationMs?: number;
  /** How often assignments are checked (default 1 s), besides on every change of a shard Lease. */
  checkPeriodMs?: number;
  /**
   * How long a hand-over waits for the object's reconcile to finish before cancelling it (default 30 s, as a
   * graceful shutdown waits). A cancelled reconcile's last request may still land in the tenant after the new
   * owner starts (the server does not see the client give up), so the wait is long enough for most cycles.
   */
  drainTimeoutMs?: number;
  /** How long after start this replica only watches, so it sees the other shards before it claims objects. */
  settleMs?: number;
  clock?: Clock;
  logger?: Logger;
}
