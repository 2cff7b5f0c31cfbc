import type { GroupSyncSpec } from '../../api/group-sync.js';
import type { GraphClient } from '../../graph/index.js';
import type { SyncState } from '../cycle.js';
import type { CompiledMapping } from '../mapping/compile.js';
import { applyGroupActions, type GroupOutcome } from './apply.js';
import { counterpartOf } from './counterparts.js';
import {
  anchoredSourceGroup,
  applyGroupDeletionThreshold,
  planGroupChanges,
  type GroupPlan,
  type GroupThreshold,
} from './plan.js';
import { readGroups, readSourceGroups } from './read.js';
import { foldGroupsDelta, type GroupRecord } from './records.js';

/**
 * What the group pass keeps between cycles, in memory only: a restart reads both tenants' groups in full
 * and finds its target groups again by their anchor.
 */
export interface GroupSyncState {
  /** One per query of the source read (sourceReadPlan), in its order. */
  sourceDeltaLinks?: string[];
  targetDeltaLink?: string;
  /** The groups provisioned at the last source read: another set reads the source in full. */
  scopedKey?: string;
  source: Map<string, GroupRecord>;
  /** Target groups anchored to this SyncScope's source tenant, by target object id. */
  target: Map<string, GroupRecord>;
}

/** Everything one group pass needs: plain data, the two Graph clients and the user pass's state. */
export interface GroupPassInput {
  source: GraphClient;
  target: GraphClient;
  sourceTenantId: string;
  groupSync: GroupSyncSpec;
  /** scope.groups of the SyncScope: provisioned too with groupSync.assignedGroups. */
  assignedGroups: readonly string[];
  deletionThreshold: number;
  mapping: CompiledMapping;
  /** The user pass's state after its cycle: which source users are in scope and their target counterparts. */
  users: SyncState;
  /** Target users the user pass created, adopted or restored this cycle, by source user id (counterpartsMadeLive). */
  madeLive?: ReadonlyMap<string, string>;
  now: Date;
  full?: boolean;
  dryRun?: boolean;
  approveDeletions?: boolean;
  /** Deprovisions the user pass planned this cycle, and whether the threshold held them. */
  userDeprovisions: number;
  usersHeld: boolean;
}

/** What one group pass planned and did. */
export interface GroupPassResult {
  plan: GroupPlan;
  threshold: GroupThreshold;
  outcomes: GroupOutcome[];
  /** Target groups anchored to this source tenant before the writes. */
  provisioned: number;
  /** Graph requests of the pass, and those that carried its writes ($batch calls). */
  graph: { requests: number; throttled: number; writeRequests: number };
}

/** The source group ids a SyncScope's groupSync provisions. */
export function scopedGroups(groupSync: GroupSyncSpec, assignedGroups: readonly string[]): string[] {
  return [
    ...new Set([...(groupSync.assignedGroups ? assignedGroups : []), ...(groupSync.groupIds ?? [])]),
  ].sort();
}

/**
 * Runs the group pass of one cycle, after the user pass: follow the source's and the target's groups through
 * groups delta, plan the target groups and their member references, hold deletes past the deletion
 * threshold, and apply (not in DryRun).
 */
export async function runGroupPass(input: GroupPassInput, state: GroupSyncState): Promise<GroupPassResult> {
  const { groupSync, sourceTenantId, mapping } = input;
  const scoped = scopedGroups(groupSync, input.assignedGroups);
  const scopedSet = new Set(scoped);
  const scopedKey = scoped.join(',');
  const sourceLinks = input.full || state.scopedKey !== scopedKey ? undefined : state.sourceDeltaLinks;
  const sourceRead = await input.source.track(() =>
    readSourceGroups(input.source, mapping.sourceAttributes(), scoped, sourceLinks),
  );
  const sourceChanges = sourceRead.result;
  if (sourceChanges.full) state.source = new Map();
  foldGroupsDelta(state.source, sourceChanges.items, sourceChanges.removed, (id) => scopedSet.has(id));
  state.sourceDeltaLinks = sourceChanges.deltaLinks;
  state.scopedKey = scopedKey;

  const anchor = groupSync.anchorAttribute;
  const targetSelect = [
    ...new Set([
      'displayName',
      'description',
      'mailNickname',
      anchor,
      ...mapping.attributes.map((a) => a.target),
    ]),
  ];
  const targetRead = await input.target.track(() =>
    readGroups(input.target, { select: targetSelect }, input.full ? undefined : state.targetDeltaLink),
  );
  const targetChanges = targetRead.result;
  if (targetChanges.full) state.target = new Map();
  const anchored = (attributes: Record<string, unknown>) =>
    anchoredSourceGroup(attributes, anchor, sourceTenantId) !== undefined;
  foldGroupsDelta(state.target, targetChanges.items, targetChanges.removed, (_id, attributes) =>
    anchored(attributes),
  );
  // A group whose anchor was cleared or changed by hand is no longer this SyncScope's.
  for (const [id, group] of state.target) if (!anchored(group.attributes)) state.target.delete(id);
  state.targetDeltaLink = targetChanges.deltaLink;

  const plan = planGroupChanges({
    sourceTenantId,
    scoped,
    source: state.source,
    target: state.target,
    anchorAttribute: anchor,
    counterpart: counterpartOf(input.users, sourceTenantId, input.madeLive),
    mapping,
    deprovision: groupSync.deprovision,
    now: input.now,
  });
  const threshold = applyGroupDeletionThreshold(plan.actions, {
    threshold: input.deletionThreshold,
    userDeprovisions: input.userDeprovisions,
    usersHeld: input.usersHeld,
    approved: input.approveDeletions === true,
  });
  let outcomes: GroupOutcome[] = [];
  let writes = { requests: 0, throttled: 0 };
  if (!input.dryRun && threshold.actions.length > 0) {
    const applied = await input.target.track(() => applyGroupActions(input.target, threshold.actions));
    outcomes = applied.result;
    writes = applied.stats;
  }
  const stats = [sourceRead.stats, targetRead.stats, writes];
  return {
    plan,
    threshold,
    outcomes,
    provisioned: state.target.size,
    graph: {
      requests: stats.reduce((n, s) => n + s.requests, 0),
      throttled: stats.reduce((n, s) => n + s.throttled, 0),
      writeRequests: writes.requests,
    },
  };
}

/** An empty state: the next pass reads both tenants' groups in full. */
export function emptyGroupSyncState(): GroupSyncState {
  return { source: new Map(), target: new Map() };
}
