// The group pass of a SyncScope with spec.groupSync, run after the user pass of each cycle: it lives here
// rather than in the SyncScope controller so that the controller calls it with two lines.
import type { AttributeMapping, SyncScope, SyncScopeStatus } from '../api/index.js';
import { API_VERSION } from '../api/index.js';
import type { GraphClient } from '../graph/index.js';
import { setCondition, setReadiness } from '../kube/conditions.js';
import type { CycleResult, SyncState } from '../sync/cycle.js';
import { compileGroupMapping } from '../sync/groups/mapping.js';
import { recordGroupPass } from '../sync/groups/metrics.js';
import {
  emptyGroupSyncState,
  runGroupPass,
  type GroupPassResult,
  type GroupSyncState,
} from '../sync/groups/pass.js';
import { groupSyncStatus } from '../sync/groups/status.js';
import { plural } from '../sync/plural.js';
import type { OperatorContext } from './context.js';

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

const GROUP_CONDITIONS = ['Ready', 'DeletionThresholdExceeded'];

/**
 * A condition the group pass sets again keeps the transition time it had before the cycle: the user pass's
 * status, computed first in the same write, may have flipped it for a moment.
 */
function keepTransitionTimes(
  before: SyncScopeStatus['conditions'],
  after: NonNullable<SyncScopeStatus['conditions']>,
): NonNullable<SyncScopeStatus['conditions']> {
  return after.map((c) => {
    const earlier = before?.find((e) => e.type === c.type);
    return GROUP_CONDITIONS.includes(c.type) && earlier?.status === c.status
      ? { ...c, lastTransitionTime: earlier.lastTransitionTime }
      : c;
  });
}

/**
 * The status after a cycle with the group pass folded in: status.groups, Ready=False for refused groups or a
 * groups mapping that does not compile, DeletionThresholdExceeded for held group deletes. `next` is the user
 * pass's status computed from `current`; both are written at once.
 */
export function withGroupStatus(
  current: SyncScopeStatus | undefined,
  next: SyncScopeStatus,
  outcome: GroupPassOutcome | undefined,
  generation: number | undefined,
  now: Date,
): SyncScopeStatus {
  if (!outcome) return next;
  const status = outcome.ok ? groupSyncStatus(outcome.result, outcome.dryRun) : undefined;
  const refused = status?.refused ?? [];
  let conditions = next.conditions;
  if (!outcome.ok) conditions = setReadiness(conditions, { state: 'stalled', ...outcome }, generation, now);
  else if (refused.length > 0) {
    const message = refused.map((r) => `${r.sourceGroupId}: ${r.message}`).join('; ');
    conditions = setReadiness(
      conditions,
      {
        state: 'notReady',
        reason: 'GroupNotSupported',
        message: `${plural(refused.length, 'group')} not synchronized: ${message}`,
      },
      generation,
      now,
    );
  }
  if (outcome.ok && outcome.result.threshold.staged.length > 0)
    conditions = setCondition(
      conditions,
      {
        type: 'DeletionThresholdExceeded',
        status: 'True',
        reason: 'DeletionThresholdExceeded',
        message: `${plural(outcome.result.threshold.staged.length, 'group delete')} held with the user deprovisions; set crosstenant.io/approve-deletions to allow them`,
      },
      generation,
      now,
    );
  return {
    ...next,
    ...(conditions ? { conditions: keepTransitionTimes(current?.conditions, conditions) } : {}),
    ...(status ? { groups: status } : {}),
  };
}

/** Records the Events (group creates and deletes) and metrics of the group pass. */
export function recordGroupEvents(
  ctx: OperatorContext,
  scope: SyncScope,
  outcome: GroupPassOutcome | undefined,
): void {
  if (!outcome?.ok) return;
  const { namespace = '', name = '' } = scope.metadata;
  recordGroupPass({ namespace, name }, outcome.result);
  const subject = { apiVersion: API_VERSION, kind: 'SyncScope', metadata: scope.metadata };
  for (const o of outcome.result.outcomes) {
    const a = o.action;
    if (a.kind === 'create')
      void ctx.events.event(
        subject,
        o.ok ? 'Normal' : 'Warning',
        o.ok ? 'GroupCreated' : 'GroupCreateFailed',
        o.ok
          ? `created security group ${String(a.attributes['displayName'])} (${o.targetGroupId}) for source group ${a.sourceGroupId}${a.members.length > 0 ? ` with ${plural(a.members.length, 'member')}` : ''}`
          : `could not create the group for source group ${a.sourceGroupId}: ${o.error}`,
      );
    else if (a.kind === 'delete')
      void ctx.events.event(
        subject,
        o.ok ? 'Normal' : 'Warning',
        o.ok ? 'GroupDeleted' : 'GroupDeleteFailed',
        o.ok
          ? `deleted security group ${a.displayName} (${a.targetGroupId}): source group ${a.sourceGroupId} ${a.why === 'SourceDeleted' ? 'was deleted' : 'left groupSync'}`
          : `could not delete group ${a.targetGroupId}: ${o.error}`,
      );
  }
}
