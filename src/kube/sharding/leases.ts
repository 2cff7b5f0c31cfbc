import type { V1Lease } from '@kubernetes/client-node';
import { randomUUID } from 'node:crypto';
import type { KubeClients, ResourceKind } from '../client.js';
import { shardLeaseLabels, shardLeaseName } from './labels.js';

/** Leases as the informers address them. */
export const LEASES: ResourceKind = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases' };

/**
 * The Lease this replica holds while it is a shard, kept by the leader elector: its own Lease, so it is taken
 * at once, unless a previous process of the same shard name still holds it (then once that one expires).
 */
export function shardElection(options: {
  namespace: string;
  ring: string;
  shard: string;
  leaseDurationMs?: number;
}) {
  return {
    leaseName: shardLeaseName(options.ring, options.shard),
    namespace: options.namespace,
    identity: `${options.shard}_${randomUUID()}`,
    labels: shardLeaseLabels(options.ring, options.shard),
    ...(options.leaseDurationMs !== undefined ? { leaseDurationMs: options.leaseDurationMs } : {}),
  };
}

/** Deletes a dead shard's Lease unless it changed since it was read (its shard came back); errors are ignored. */
export async function deleteLeaseUnchanged(
  clients: Pick<KubeClients, 'coordination'>,
  lease: V1Lease,
): Promise<void> {
  await clients.coordination
    .deleteNamespacedLease({
      name: lease.metadata?.name ?? '',
      namespace: lease.metadata?.namespace ?? '',
      body: { preconditions: { resourceVersion: lease.metadata?.resourceVersion } },
    })
    .catch(() => undefined);
}
