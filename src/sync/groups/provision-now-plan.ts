// Provision-now for one group, planned without I/O: the same plan a cycle's group pass would make, restricted
// to that group, with what the report needs to explain it (scope, attributes, members left out and why).
import type { GroupSyncSpec } from '../../api/group-sync.js';
import type { GROUP_SCOPE_REASONS, MEMBER_SKIP_REASONS } from '../../api/provision-now.js';
import type { SyncState } from '../cycle.js';
import { evaluateAttributes, type AttributeEvaluation } from '../desired.js';
import type { CompiledMapping } from '../mapping/compile.js';
import { groupRefusal } from './eligibility.js';
import { scopedGroups } from './pass.js';
import { planGroupChanges, type GroupAction } from './plan.js';
import type { GroupRecord } from './records.js';

/** Why a group is or is not provisioned. */
export interface GroupScopeDecision {
  inScope: boolean;
  reason: (typeof GROUP_SCOPE_REASONS)[number];
  message: string;
}

/** What becomes of one direct member of the source group: its target counterpart, or why it has none. */
export type MemberFate =
  { kind: 'member'; targetUserId: string } | { kind: 'skip'; reason: (typeof MEMBER_SKIP_REASONS)[number] };

/** A source member left out of the target group. */
export interface SkippedMember {
  sourceMember: string;
  reason: (typeof MEMBER_SKIP_REASONS)[number];
}

/** Everything planning one group needs, as plain data. */
export interface GroupOnDemandInput {
  sourceTenantId: string;
  groupSync: GroupSyncSpec;
  /** scope.groups of the SyncScope. */
  assignedGroups: readonly string[];
  mapping: CompiledMapping;
  /** The source group with its direct members: users in `members`, groups in `nestedGroups`. */
  source: GroupRecord;
  /** Direct members of the source group that are neither users nor groups (devices, service principals). */
  otherMembers: readonly string[];
  /** The target group anchored to the source group, with its members; undefined when there is none. */
  target?: GroupRecord;
  member: (sourceUserId: string) => MemberFate;
  now: Date;
}

/** The plan for one group and what explains it. */
export interface GroupOnDemandPlan {
  actions: GroupAction[];
  attributes: AttributeEvaluation[];
  /** Members the target group should have. */
  desired: number;
  skipped: SkippedMember[];
  /** Why the group cannot be written (its mapping failed). */
  failure?: string;
}

/** Whether groupSync provisions the group with these properties: refused types first, then the lists naming it. */
export function groupScopeOf(
  id: string,
  attributes: Readonly<Record<string, unknown>>,
  groupSync: GroupSyncSpec,
  assignedGroups: readonly string[],
): GroupScopeDecision {
  const refusal = groupRefusal(id, attributes);
  if (refusal && refusal.reason !== 'GroupNotFound')
    return { inScope: false, reason: refusal.reason, message: refusal.message };
  if (!scopedGroups(groupSync, assignedGroups).includes(id))
    return {
      inScope: false,
      reason: 'NotInGroupSync',
      message: groupSync.assignedGroups
        ? 'neither spec.groupSync.groupIds nor spec.scope.groups names this group: add it to one of them'
        : 'spec.groupSync.groupIds does not name this group: add it there (or to scope.groups with groupSync.assignedGroups)',
    };
  return { inScope: true, reason: 'InScope', message: 'spec.groupSync provisions this security group' };
}

/**
 * A member's fate from the user pass's state in memory (as the last cycle left it): the anchored target user
 * of a source user in scope; NotInUserScope when that cycle found the user out of scope, or (group scopes)
 * outside the assigned groups it read; NotSynchronized otherwise (not read yet, or not created yet).
 */
export function memberFates(users: SyncState, sourceTenantId: string): (sourceUserId: string) => MemberFate {
  const anchored = users.target.lookup().bySource.get(sourceTenantId);
  return (id) => {
    const inScope = users.source.get(id)?.inScope;
    const unassigned =
      inScope === undefined && users.groupMembers !== undefined && !users.groupMembers.has(id);
    if (inScope === false || unassigned) return { kind: 'skip', reason: 'NotInUserScope' };
    const target = anchored?.get(id);
    if (inScope !== true || !target || target.deleted) return { kind: 'skip', reason: 'NotSynchronized' };
    return { kind: 'member', targetUserId: target.id };
  };
}

/**
 * Plans one group in scope as the cycle does (create, or update of differing attributes, and member references
 * so the target group's members are exactly the counterparts of its direct user members in the user scope).
 * Never a delete: the group is in scope and present in the source, and provision-now deletes nothing.
 */
export function planGroupOnDemand(input: GroupOnDemandInput): GroupOnDemandPlan {
  const { source, target, groupSync } = input;
  const plan = planGroupChanges({
    sourceTenantId: input.sourceTenantId,
    scoped: [source.id],
    source: new Map([[source.id, source]]),
    target: target ? new Map([[target.id, target]]) : new Map(),
    anchorAttribute: groupSync.anchorAttribute,
    counterpart: (id) => {
      const fate = input.member(id);
      return fate.kind === 'member' ? fate.targetUserId : undefined;
    },
    mapping: input.mapping,
    deprovision: groupSync.deprovision,
    now: input.now,
  });
  const actions = plan.actions.filter((a) => a.kind !== 'delete');
  const create = actions.find((a) => a.kind === 'create');
  const evaluated = evaluateAttributes(source, input.mapping, target === undefined, {
    now: () => input.now,
    random: Math.random,
    isUnique: () => true,
  });
  // Random functions (Guid, RandomString) would give another value on a second evaluation: report the planned one.
  const attributes = evaluated.map((a) =>
    create && a.value !== undefined && a.target in create.attributes
      ? { ...a, value: create.attributes[a.target] ?? null }
      : a,
  );
  const skipped: SkippedMember[] = [];
  let desired = 0;
  for (const id of [...source.members].sort()) {
    const fate = input.member(id);
    if (fate.kind === 'member') desired += 1;
    else skipped.push({ sourceMember: id, reason: fate.reason });
  }
  for (const id of [...source.nestedGroups].sort()) skipped.push({ sourceMember: id, reason: 'NestedGroup' });
  for (const id of [...input.otherMembers].sort()) skipped.push({ sourceMember: id, reason: 'NotAUser' });
  const failure = plan.failures[0]?.message;
  return { actions, attributes, desired, skipped, ...(failure !== undefined ? { failure } : {}) };
}
