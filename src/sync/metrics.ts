import { Counter, Gauge, Histogram } from 'prom-client';
import { metricsRegistry } from '../observability/registry.js';
import type { CycleResult } from './cycle.js';

const scopeLabels = ['namespace', 'name'] as const;

const usersInScope = new Gauge({
  name: 'crosstenant_sync_users_in_scope',
  help: 'Source users in scope of the SyncScope at its last cycle.',
  labelNames: scopeLabels,
  registers: [metricsRegistry],
});
const usersProvisioned = new Gauge({
  name: 'crosstenant_sync_users_provisioned',
  help: 'Target users the SyncScope created or adopted and that are present (not soft-deleted).',
  labelNames: scopeLabels,
  registers: [metricsRegistry],
});
const actionsTotal = new Counter({
  name: 'crosstenant_sync_actions_total',
  help: 'Sync actions applied to target tenants, by action (create, update, deprovision, restore, adopt) and result (success, failure, unknown: a $batch lost in transport, planned again).',
  labelNames: ['namespace', 'name', 'action', 'result'] as const,
  registers: [metricsRegistry],
});
const cycleDuration = new Histogram({
  name: 'crosstenant_sync_cycle_duration_seconds',
  help: 'Wall time of a sync cycle (read, plan, apply), by kind (Initial, Incremental, Full).',
  labelNames: ['namespace', 'name', 'kind'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
  registers: [metricsRegistry],
});
const lastSuccess = new Gauge({
  name: 'crosstenant_sync_last_success_timestamp_seconds',
  help: 'Unix time at which the SyncScope last finished a cycle without a whole-cycle failure.',
  labelNames: scopeLabels,
  registers: [metricsRegistry],
});
const quarantined = new Gauge({
  name: 'crosstenant_sync_quarantined',
  help: 'Whether the SyncScope is quarantined (1) or not (0): repeated whole-cycle failures, or too many users failed in one cycle.',
  labelNames: scopeLabels,
  registers: [metricsRegistry],
});
const thresholdExceeded = new Gauge({
  name: 'crosstenant_sync_deletion_threshold_exceeded',
  help: 'Whether the last cycle held deprovisions back because they exceed the deletion threshold (1) or not (0).',
  labelNames: scopeLabels,
  registers: [metricsRegistry],
});
const writeQuotaShare = new Gauge({
  name: 'crosstenant_sync_write_quota_share',
  help: "Share (0 to 1) of the writes let through into the SyncScope's target tenant in the last quota window that were the SyncScope's.",
  labelNames: scopeLabels,
  registers: [metricsRegistry],
});

/** Where a figure belongs: the SyncScope's namespace and name. */
export interface ScopeRef {
  namespace: string;
  name: string;
}

/** Records the figures of a finished cycle. */
export function recordCycle(ref: ScopeRef, result: CycleResult, seconds: number, endedAt: Date): void {
  usersInScope.set(ref, result.counts.inScope);
  usersProvisioned.set(ref, result.counts.provisioned);
  for (const o of result.outcomes) {
    // An outcome no answer told (a $batch lost in transport) is neither: the user is planned again.
    const result = o.ok ? 'success' : o.unknown ? 'unknown' : 'failure';
    actionsTotal.inc({ ...ref, action: o.action.kind, result });
  }
  cycleDuration.observe({ ...ref, kind: result.kind }, seconds);
  lastSuccess.set(ref, endedAt.getTime() / 1000);
  thresholdExceeded.set(ref, result.thresholdExceeded ? 1 : 0);
  quarantined.set(ref, 0);
}

/** Records the figures Entra's job reports for a SyncScope with engine Entra. */
export function recordEntraJob(
  ref: ScopeRef,
  figures: { inScope: number; provisioned: number; lastSuccess?: Date; quarantined: boolean },
): void {
  usersInScope.set(ref, figures.inScope);
  usersProvisioned.set(ref, figures.provisioned);
  if (figures.lastSuccess) lastSuccess.set(ref, figures.lastSuccess.getTime() / 1000);
  quarantined.set(ref, figures.quarantined ? 1 : 0);
}

/** Records whether the SyncScope is quarantined. */
export function recordQuarantine(ref: ScopeRef, isQuarantined: boolean): void {
  quarantined.set(ref, isQuarantined ? 1 : 0);
}

/** Records the SyncScope's share (0 to 1) of its target's writes (status.quota). */
export function recordQuotaShare(ref: ScopeRef, share: number): void {
  writeQuotaShare.set(ref, share);
}

/** Drops every series of a SyncScope that no longer exists. */
export function forgetScope(ref: ScopeRef): void {
  const gauges = [
    usersInScope,
    usersProvisioned,
    lastSuccess,
    quarantined,
    thresholdExceeded,
    writeQuotaShare,
  ];
  for (const gauge of gauges) gauge.remove(ref);
  for (const kind of ['Initial', 'Incremental', 'Full']) cycleDuration.remove({ ...ref, kind });
}
