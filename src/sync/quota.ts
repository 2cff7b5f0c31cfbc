import type { SyncScopeStatus } from '../api/index.js';
import type { GraphClient, WriteShare } from '../graph/index.js';
import { writeShareOf } from '../graph/index.js';
import { recordQuotaShare, type ScopeRef } from './metrics.js';

/** `SyncScope.status.quota`. */
export type QuotaStatus = NonNullable<SyncScopeStatus['quota']>;

/** What a SyncScope was let through into its target in the last window, as its status reports it. */
export function quotaStatus(share: WriteShare): QuotaStatus {
  const sharePercent = share.tenantWrites === 0 ? 0 : Math.round((100 * share.writes) / share.tenantWrites);
  return {
    windowSeconds: share.windowSeconds,
    writes: share.writes,
    tenantWrites: share.tenantWrites,
    sharePercent,
  };
}

/**
 * Creates a cycle plans while other writers share the target: 1,000 writes, under a minute of a tenant's whole
 * quota. The cycle then ends and the reconcile goes to the back of the work queue, so a long initial sync holds
 * a worker only that long and the SyncScopes behind it get their cycles (and their turn in the pacer).
 */
export const CREATES_PER_SHARED_CYCLE = 500;

/**
 * The creates this cycle may plan: a short turn when others wrote into the target in the last window, else
 * no limit of its own (the cycle's default holds).
 */
export function createsThisCycle(share: WriteShare | undefined): number | undefined {
  return share !== undefined && share.tenantWrites > share.writes ? CREATES_PER_SHARED_CYCLE : undefined;
}

/** The SyncScope `ref`'s share of the writes into `target` now: its status.quota, also set as its metric. */
export function reportQuota(ref: ScopeRef, target: GraphClient): QuotaStatus {
  const writer = `${ref.namespace}/${ref.name}`;
  const quota = quotaStatus(writeShareOf(target, writer) ?? { windowSeconds: 0, writes: 0, tenantWrites: 0 });
  recordQuotaShare(ref, quota.tenantWrites === 0 ? 0 : quota.writes / quota.tenantWrites);
  return quota;
}
