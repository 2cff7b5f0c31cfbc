import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from '../../observability/registry.js';
import type { GroupPassResult } from './pass.js';

const scopeLabels = ['namespace', 'name'] as const;

const groupsInScope = new Gauge({
  name: 'crosstenant_sync_groups_in_scope',
  help: 'Source security groups the SyncScope provisions (spec.groupSync) at its last cycle.',
  labelNames: scopeLabels,
  registers: [metricsRegistry],
});
const groupsProvisioned = new Gauge({
  name: 'crosstenant_sync_groups_provisioned',
  help: 'Target security groups the SyncScope created and that are present.',
  labelNames: scopeLabels,
  registers: [metricsRegistry],
});
const groupActions = new Counter({
  name: 'crosstenant_sync_group_actions_total',
  help: 'Group writes applied to target tenants, by action (create, update, delete, addMember, removeMember) and result (success, failure).',
  labelNames: ['namespace', 'name', 'action', 'result'] as const,
  registers: [metricsRegistry],
});

/** Records the figures of a finished group pass. */
export function recordGroupPass(ref: { namespace: string; name: string }, result: GroupPassResult): void {
  groupsInScope.set(ref, result.plan.inScope);
  groupsProvisioned.set(ref, result.provisioned);
  for (const o of result.outcomes)
    groupActions.inc({ ...ref, action: o.action.kind, result: o.ok ? 'success' : 'failure' });
}

/** Drops the group series of a SyncScope that no longer exists. */
export function forgetGroupScope(ref: { namespace: string; name: string }): void {
  groupsInScope.remove(ref);
  groupsProvisioned.remove(ref);
}
