import type { GroupSyncSpec } from '../../api/group-sync.js';
import { anchorValue, desiredValues } from '../desired.js';
import type { CompiledMapping } from '../mapping/compile.js';
import type { EvalContext } from '../mapping/functions/index.js';
import type { AttributeValue } from '../types.js';
import { groupRefusal, type GroupRefusal } from './eligibility.js';
import type { GroupRecord } from './records.js';

/** One write the group pass makes in the target. */
export type GroupAction =
  | { kind: 'create'; sourceGroupId: string; attributes: Record<string, AttributeValue>; members: string[] }
  | { kind: 'update'; sourceGroupId: string; targetGroupId: string; changes: Record<string, AttributeValue> }
  | {
      kind: 'delete';
      sourceGroupId: string;
      targetGroupId: string;
      displayName: string;
      why: 'OutOfScope' | 'SourceDeleted';
    }
  | { kind: 'addMember'; sourceGroupId: string; targetGroupId: string; memberId: string }
  | { kind: 'removeMember'; sourceGroupId: string; targetGroupId: string; memberId: string };

/** A source group and its security group in the target, with its member count once converged. */
export interface SyncedGroup {
  sourceGroupId: string;
  targetGroupId: string;
  displayName: string;
  members: number;
}

/** What the group pass should write, and what it found. */
export interface GroupPlan {
  actions: GroupAction[];
  refused: GroupRefusal[];
  /** Groups whose mapping failed (an expression error, no displayName): not written, retried next cycle. */
  failures: { sourceGroupId: string; message: string }[];
  /** Source groups in scope that may be provisioned. */
  inScope: number;
  synced: SyncedGroup[];
}

/** Everything planning needs, as plain data. */
export interface GroupPlanInput {
  sourceTenantId: string;
  /** Source group ids that groupSync provisions. */
  scoped: readonly string[];
  source: ReadonlyMap<string, GroupRecord>;
  /** Target groups anchored to this source tenant, by target object id. */
  target: ReadonlyMap<string, GroupRecord>;
  anchorAttribute: string;
  /** The target user object id of a source user in the user scope and synchronized; undefined otherwise. */
  counterpart: (sourceUserId: string) => string | undefined;
  mapping: CompiledMapping;
  deprovision: GroupSyncSpec['deprovision'];
  now: Date;
}

/** The source group id a target group's anchor names in `sourceTenantId`, if it does. */
export function anchoredSourceGroup(
  attributes: Readonly<Record<string, unknown>>,
  anchorAttribute: string,
  sourceTenantId: string,
): string | undefined {
  const anchor = attributes[anchorAttribute];
  const prefix = `${sourceTenantId}:`;
  return typeof anchor === 'string' && anchor.startsWith(prefix) ? anchor.slice(prefix.length) : undefined;
}

function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (v === undefined || v === '' ? null : v);
  return norm(a) === norm(b) || JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

// Graph requires a mailNickname on every new group, mail-enabled or not: a source without one gets the
// source object id, which is unique and within the property's 64 characters.
function withMailNickname(sourceGroupId: string, attributes: Record<string, AttributeValue>): void {
  if (attributes['mailNickname'] === null || attributes['mailNickname'] === undefined)
    attributes['mailNickname'] = sourceGroupId.replace(/-/g, '');
}

/**
 * Plans the target groups of one SyncScope: a create for each eligible source group without a counterpart,
 * an update of the attributes that differ, member references added and removed so the target group's
 * members are exactly the counterparts of the source group's direct user members in the user scope, and a
 * delete (per policy) for each anchored group whose source left groupSync or was deleted.
 */
export function planGroupChanges(input: GroupPlanInput): GroupPlan {
  const { sourceTenantId, anchorAttribute, mapping } = input;
  const ctx: EvalContext = { now: () => input.now, random: Math.random, isUnique: () => true };
  const bySource = new Map<string, GroupRecord>();
  for (const group of input.target.values()) {
    const sourceId = anchoredSourceGroup(group.attributes, anchorAttribute, sourceTenantId);
    if (sourceId !== undefined && !bySource.has(sourceId)) bySource.set(sourceId, group);
  }
  const plan: GroupPlan = { actions: [], refused: [], failures: [], inScope: 0, synced: [] };
  const scoped = new Set(input.scoped);
  for (const sourceGroupId of scoped) {
    const source = input.source.get(sourceGroupId);
    const refusal = groupRefusal(sourceGroupId, source?.attributes);
    if (refusal || !source) {
      if (refusal) plan.refused.push(refusal);
      continue;
    }
    plan.inScope += 1;
    const desiredMembers = new Set<string>();
    for (const userId of source.members) {
      const memberId = input.counterpart(userId);
      if (memberId !== undefined) desiredMembers.add(memberId);
    }
    const target = bySource.get(sourceGroupId);
    const values = desiredValues(source, mapping, target === undefined, ctx);
    if (!values.ok) {
      plan.failures.push({
        sourceGroupId,
        message: values.errors.map((e) => `${e.target}: ${e.message}`).join('; '),
      });
      continue;
    }
    const attributes: Record<string, AttributeValue> = {};
    mapping.attributes.forEach((a, i) => {
      const value = values.values[i];
      if (value !== undefined) attributes[a.target] = value;
    });
    if (!target) {
      if (typeof attributes['displayName'] !== 'string') {
        plan.failures.push({
          sourceGroupId,
          message: 'displayName: the mapping gives no value, and Graph requires one',
        });
        continue;
      }
      withMailNickname(sourceGroupId, attributes);
      attributes[anchorAttribute] = anchorValue(sourceTenantId, sourceGroupId);
      plan.actions.push({ kind: 'create', sourceGroupId, attributes, members: [...desiredMembers].sort() });
      continue;
    }
    const changes: Record<string, AttributeValue> = {};
    for (const [name, value] of Object.entries(attributes)) {
      // The nickname made at creation for a source without one stays.
      if (name === 'mailNickname' && value === null) continue;
      if (!same(target.attributes[name], value)) changes[name] = value;
    }
    const targetGroupId = target.id;
    if (Object.keys(changes).length > 0)
      plan.actions.push({ kind: 'update', sourceGroupId, targetGroupId, changes });
    for (const memberId of [...desiredMembers].sort())
      if (!target.members.has(memberId))
        plan.actions.push({ kind: 'addMember', sourceGroupId, targetGroupId, memberId });
    for (const memberId of [...target.members].sort())
      if (!desiredMembers.has(memberId))
        plan.actions.push({ kind: 'removeMember', sourceGroupId, targetGroupId, memberId });
    const displayName = String(attributes['displayName'] ?? target.attributes['displayName'] ?? '');
    plan.synced.push({ sourceGroupId, targetGroupId, displayName, members: desiredMembers.size });
  }
  for (const [sourceGroupId, target] of bySource) {
    if (scoped.has(sourceGroupId) && input.source.has(sourceGroupId)) continue;
    const why = scoped.has(sourceGroupId) ? 'SourceDeleted' : 'OutOfScope';
    const policy =
      why === 'SourceDeleted' ? input.deprovision.onSourceDeleted : input.deprovision.onOutOfScope;
    if (policy === 'Ignore') continue;
    const displayName = String(target.attributes['displayName'] ?? '');
    plan.actions.push({ kind: 'delete', sourceGroupId, targetGroupId: target.id, displayName, why });
  }
  return plan;
}

/** Group deletes held by the deletion threshold, and the actions that go ahead. */
export interface GroupThreshold {
  actions: GroupAction[];
  staged: GroupAction[];
  exceeded: boolean;
}

/**
 * Counts group deletes against the SyncScope's deletion threshold together with the cycle's user
 * deprovisions: past it, every group delete waits for the approval annotation, as user deprovisions do.
 */
export function applyGroupDeletionThreshold(
  actions: readonly GroupAction[],
  options: { threshold: number; userDeprovisions: number; usersHeld: boolean; approved: boolean },
): GroupThreshold {
  const deletes = actions.filter((a) => a.kind === 'delete');
  const exceeded =
    deletes.length > 0 &&
    (options.usersHeld || options.userDeprovisions + deletes.length > options.threshold);
  if (!exceeded || options.approved) return { actions: [...actions], staged: [], exceeded };
  return { actions: actions.filter((a) => a.kind !== 'delete'), staged: deletes, exceeded };
}
