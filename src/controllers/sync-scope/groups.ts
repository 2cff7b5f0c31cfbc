// The group pass of a SyncScope with spec.groupSync, run after the user pass of each cycle: it lives here
// beside the controller's other concerns so that the cycle and its verdict each call it with one line.
import type { AttributeMapping, SyncScope } from '../../api/index.js';
import type { GraphClient } from '../../graph/index.js';
import type { ReportEvent } from '../../kube/report.js';
import type { CycleResult, SyncState } from '../../sync/cycle.js';
import { counterpartsMadeLive } from '../../sync/groups/counterparts.js';
import { compileGroupMapping } from '../../sync/groups/mapping.js';
import { recordGroupPass } from '../../sync/groups/metrics.js';
import {
  emptyGroupSyncState,
  runGroupPass,
  type GroupPassResult,
  type GroupSyncState,
} from '../../sync/groups/pass.js';
import { groupSyncStatus } from '../../sync/groups/status.js';
import { plural } from '../../sync/plural.js';
import type { SyncScopeReport } from './status.js';

/** The group pass's outcome: a result, or why it could not run (a group mapping that does not compile). */
export type GroupPassOutcome =
  | { ok: true; result: GroupPassResult; dryRun: boolean }
  | { ok: false; reason: 'MappingInvalid'; message: string };

// One group state per user state: both live as long as the SyncScope's memory, and start empty after a restart.
const groupStates = new WeakMap<SyncState, GroupSyncState>();

/** What the group pass takes from the cycle the controller just ran. */
export interface GroupPassContext {
  source: GraphClient;
  target: GraphClient;
  sourceTenantId: string;
  state: SyncState;
  mappingSpec: AttributeMapping['spec'];
  users: CycleResult;
  now: Date;
  full: boolean;
  dryRun: boolean;
  approveDeletions: boolean;
}

/** Runs the group pass after the users when the SyncScope has spec.groupSync; undefined otherwise. */
export async function runGroupsAfterUsers(
  scope: SyncScope,
  input: GroupPassContext,
): Promise<GroupPassOutcome | undefined> {
  const groupSync = scope.spec.groupSync;
  if (!groupSync) return undefined;
  const compiled = compileGroupMapping(input.mappingSpec.groups);
  if (!compiled.ok) {
    const e = compiled.errors[0];
    const where = e ? `: ${e.target} at line ${e.line}, column ${e.column}: ${e.message}` : '';
    return {
      ok: false,
      reason: 'MappingInvalid',
      message: `the groups section of the AttributeMapping does not compile${where}`,
    };
  }
  let state = groupStates.get(input.state);
  if (!state) groupStates.set(input.state, (state = emptyGroupSyncState()));
  const result = await runGroupPass(
    {
      source: input.source,
      target: input.target,
      sourceTenantId: input.sourceTenantId,
      groupSync,
      assignedGroups: scope.spec.scope.groups ?? [],
      deletionThreshold: scope.spec.safety.deletionThreshold,
      mapping: compiled.mapping,
      users: input.state,
      madeLive: counterpartsMadeLive(input.users.outcomes),
      now: input.now,
      full: input.full,
      dryRun: input.dryRun,
      approveDeletions: input.approveDeletions,
      userDeprovisions: input.users.plan.actions.filter((a) => a.kind === 'deprovision').length,
      usersHeld: input.users.thresholdExceeded && input.users.staged.length > 0,
    },
    state,
  );
  return { ok: true, result, dryRun: input.dryRun };
}

/** Readiness the group pass may replace: a user pass that is itself held or failing says more. */
const REPLACEABLE: ReadonlySet<string> = new Set(['ready', 'progressing']);

/** The Events of the group pass: its group creates and deletes. */
function groupEvents(result: GroupPassResult): ReportEvent<'SyncScope'>[] {
  return result.outcomes.flatMap((o): ReportEvent<'SyncScope'>[] => {
    const a = o.action;
    if (a.kind === 'create')
      return [
        o.ok
          ? {
              type: 'Normal',
              reason: 'GroupCreated',
              message: `created security group ${String(a.attributes['displayName'])} (${o.targetGroupId}) for source group ${a.sourceGroupId}${a.members.length > 0 ? ` with ${plural(a.members.length, 'member')}` : ''}`,
            }
          : {
              type: 'Warning',
              reason: 'GroupCreateFailed',
              message: `could not create the group for source group ${a.sourceGroupId}: ${o.error}`,
            },
      ];
    if (a.kind === 'delete')
      return [
        o.ok
          ? {
              type: 'Normal',
              reason: 'GroupDeleted',
              message: `deleted security group ${a.displayName} (${a.targetGroupId}): source group ${a.sourceGroupId} ${a.why === 'SourceDeleted' ? 'was deleted' : 'left groupSync'}`,
            }
          : {
              type: 'Warning',
              reason: 'GroupDeleteFailed',
              message: `could not delete group ${a.targetGroupId}: ${o.error}`,
            },
      ];
    return [];
  });
}

type StatusFields = NonNullable<SyncScopeReport['fields']>;
type GroupCounts = { groupsInScope?: number; groupsProvisioned?: number };

/** The report's fields with the group figures `figures` gives added to the counts the user pass wrote. */
function withGroupCounts(
  fields: SyncScopeReport['fields'],
  figures: (current: Parameters<StatusFields>[0]) => GroupCounts | undefined,
): StatusFields {
  return (current) => {
    const base = fields ? fields(current) : (current ?? {});
    const group = figures(current);
    if (!base.counts || !group) return base;
    const { groupsInScope, groupsProvisioned } = group;
    return {
      ...base,
      counts: {
        ...base.counts,
        ...(groupsInScope === undefined ? {} : { groupsInScope }),
        ...(groupsProvisioned === undefined ? {} : { groupsProvisioned }),
      },
    };
  };
}

/**
 * The report of a cycle with the group pass folded in: status.groups and the group counts, Ready=False for
 * refused groups or a groups mapping that does not compile (unless the user pass reports a worse state),
 * DeletionThresholdExceeded for held group deletes, and the Events of group creates and deletes.
 */
export function withGroupReport(
  report: SyncScopeReport,
  outcome: GroupPassOutcome | undefined,
): SyncScopeReport {
  if (!outcome) return report;
  const replaceable = REPLACEABLE.has(report.readiness.state);
  if (!outcome.ok) {
    // The figures of the last pass that ran stay rather than vanish from status while it cannot run.
    const kept = { ...report, fields: withGroupCounts(report.fields, (current) => current?.counts) };
    return replaceable
      ? { ...kept, readiness: { state: 'stalled', reason: outcome.reason, message: outcome.message } }
      : kept;
  }
  const status = groupSyncStatus(outcome.result, outcome.dryRun);
  const refused = status.refused ?? [];
  const staged = outcome.result.threshold.staged.length;
  const fields = report.fields;
  return {
    ...report,
    readiness:
      refused.length > 0 && replaceable
        ? {
            state: 'notReady',
            reason: 'GroupNotSupported',
            message: `${plural(refused.length, 'group')} not synchronized: ${refused.map((r) => `${r.sourceGroupId}: ${r.message}`).join('; ')}`,
          }
        : report.readiness,
    conditions:
      staged > 0
        ? {
            ...report.conditions,
            DeletionThresholdExceeded: {
              status: 'True',
              reason: 'DeletionThresholdExceeded',
              message: `${plural(staged, 'group delete')} held with the user deprovisions; set crosstenant.io/approve-deletions to allow them`,
            },
          }
        : report.conditions,
    fields: (current) => ({
      ...withGroupCounts(fields, () => ({
        groupsInScope: status.inScope,
        groupsProvisioned: status.provisioned,
      }))(current),
      groups: status,
    }),
    events: [...(report.events ?? []), ...groupEvents(outcome.result)],
  };
}

/** Records the metrics of the group pass. */
export function recordGroupMetrics(scope: SyncScope, outcome: GroupPassOutcome | undefined): void {
  if (!outcome?.ok) return;
  const { namespace = '', name = '' } = scope.metadata;
  recordGroupPass({ namespace, name }, outcome.result);
}
