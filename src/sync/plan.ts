import { anchorValue, desiredAttributes, desiredScratch, desiredValues } from './desired.js';
import { unchangedSiblings } from './whole-values.js';
import type { CompiledMapping } from './mapping/compile.js';
import type { EvalContext } from './mapping/functions/index.js';
import { pathReader, type PathReader } from './mapping/values.js';
import { isOwnInFlight, type ReadonlyInFlight } from './invitations-in-flight.js';
import type { TargetIndex } from './target-index.js';
import type {
  AttributeValue,
  DeprovisionHow,
  DeprovisionPolicy,
  SourceUser,
  SyncScopeSpec,
  TargetUserRecord,
  UserType,
} from './types.js';

/** A source user with the scope decision for this cycle. */
export interface ScopedSourceUser extends SourceUser {
  inScope: boolean;
}

/** The manager to set: the source manager and, when it already exists, its target counterpart. */
export interface ManagerRef {
  sourceUserId: string;
  /** Absent when the manager is created in the same cycle: apply resolves it after that create. */
  targetUserId?: string;
}

export interface AttributeChange {
  attribute: string;
  from: AttributeValue;
  to: AttributeValue;
}

export type DeprovisionReason = 'OutOfScope' | 'SourceDeleted' | 'SourceDisabled';

export type SyncAction =
  | {
      kind: 'create';
      sourceUserId: string;
      invitation: { email: string; displayName: string; userType: UserType };
      attributes: Record<string, AttributeValue>;
      manager?: ManagerRef;
    }
  | {
      kind: 'update';
      targetUserId: string;
      sourceUserId: string;
      changes: AttributeChange[];
      /** Values the PATCH sends back unchanged: siblings of a property Graph replaces as a whole (whole-values.ts). */
      unchanged?: Record<string, AttributeValue>;
      manager?: ManagerRef;
    }
  | {
      kind: 'deprovision';
      targetUserId: string;
      sourceUserId: string;
      how: DeprovisionHow;
      reason: DeprovisionReason;
    }
  | { kind: 'restore'; targetUserId: string; sourceUserId: string }
  | {
      kind: 'adopt';
      targetUserId: string;
      sourceUserId: string;
      attributes: Record<string, AttributeValue>;
      manager?: ManagerRef;
    };

/** A user the plan could not act on, with a reason a person can act on. */
export interface PlanFailure {
  sourceUserId: string;
  reason: 'MappingFailed' | 'TargetUserExists' | 'NoEmail';
  message: string;
}

export interface SyncPlan {
  actions: SyncAction[];
  failures: PlanFailure[];
  /** Source users to create in a later cycle: this one planned `maxCreates` already. */
  deferred: string[];
}

export interface PlanInput {
  sourceTenantId: string;
  sourceUsers: readonly ScopedSourceUser[];
  /** Source user ids removed from the source (delta `@removed`). */
  sourceDeleted: readonly string[];
  targetIndex: TargetIndex;
  /** Invitations the operator recorded, by source user id, whose user lacks the anchor yet. */
  inFlight?: ReadonlyInFlight;
  mapping: CompiledMapping;
  spec: SyncScopeSpec;
  now: Date;
  /** sourceUsers lists every source user (a full read): anchored target users of this source not listed were deleted. */
  complete?: boolean;
  /** Randomness and the uniqueness check for Guid, RandomString and SelectUniqueValue (creation only). */
  context?: Partial<Pick<EvalContext, 'random' | 'isUnique'>>;
  /** Creates planned at most; the users past it are `deferred`, without computing their attributes. */
  maxCreates?: number;
}

function normalize(v: unknown): AttributeValue {
  if (v === undefined || v === null || v === '') return null;
  if (Array.isArray(v)) return v.every((x) => typeof x === 'string') ? (v as string[]) : v.map(String);
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

function same(a: AttributeValue, b: AttributeValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

const NO_CHANGES: AttributeChange[] = [];

/** The changes that bring `target` to the desired `values` (aligned with `mapping.attributes`), skipping `skip`. */
function diff(
  mapping: CompiledMapping,
  readers: readonly PathReader[],
  values: readonly (AttributeValue | undefined)[],
  target: TargetUserRecord,
  skip: string | null,
): AttributeChange[] {
  let changes = NO_CHANGES;
  const attributes = mapping.attributes;
  for (let i = 0; i < attributes.length; i += 1) {
    const to = values[i];
    const attribute = (attributes[i] as CompiledMapping['attributes'][number]).target;
    // undefined: not flowing (OnCreate, or dropped by IgnoreFlowIfNullOrEmpty).
    if (to === undefined || attribute === skip) continue;
    const from = normalize(
      (readers[i] as (a: Readonly<Record<string, unknown>>) => unknown)(target.attributes),
    );
    if (!same(from, to)) {
      if (changes === NO_CHANGES) changes = [];
      changes.push({ attribute, from, to });
    }
  }
  return changes;
}

function mappingFailed(sourceUserId: string, errors: { target: string; message: string }[]): PlanFailure {
  const message = errors.map((e) => `${e.target}: ${e.message}`).join('; ');
  return { sourceUserId, reason: 'MappingFailed', message };
}

/** The deprovision action a policy asks for, or null when the target is already in that state or the policy is Ignore. */
function deprovision(
  policy: DeprovisionPolicy,
  target: TargetUserRecord,
  sourceUserId: string,
  reason: DeprovisionReason,
): SyncAction | null {
  if (policy === 'Ignore') return null;
  if (policy !== 'Delete' && target.deleted) return null;
  if (policy === 'Disable' && target.attributes['accountEnabled'] === false) return null;
  return { kind: 'deprovision', targetUserId: target.id, sourceUserId, how: policy, reason };
}

/** Diffs in-scope source users against the target index: the creates, updates, restores, adoptions and deprovisions of one cycle. */
export function planUserChanges(input: PlanInput): SyncPlan {
  const planner = userPlanner(input);
  for (const u of input.sourceUsers) planner.add(u);
  return planner.finish();
}

/** Plans user by user (`add` each of `input.sourceUsers` in order, then `finish`), so a caller can pause in between. */
export function userPlanner(input: PlanInput): { add(u: ScopedSourceUser): void; finish(): SyncPlan } {
  const { sourceTenantId, targetIndex, mapping, spec } = input;
  const anchorAttribute = spec.anchorAttribute;
  const policies = spec.deprovision;
  const ctx: EvalContext = {
    now: () => input.now,
    random: input.context?.random ?? Math.random,
    isUnique: input.context?.isUnique ?? (() => true),
  };
  const onCreate = { sourceTenantId, anchorAttribute, forCreate: true, ctx };
  const scratch = desiredScratch(ctx);
  const readers = mapping.attributes.map((a) => pathReader(a.target));
  const actions: SyncAction[] = [];
  const failures: PlanFailure[] = [];
  const restores: SyncAction[] = [];
  const deprovisions: SyncAction[] = [];
  const deferred: string[] = [];
  const maxCreates = input.maxCreates ?? Infinity;
  let creates = 0;
  // Lookups by source object id reuse the ids' cached string hashes; anchors would be built per user.
  const ours = targetIndex.bySource.get(sourceTenantId) ?? new Map<string, TargetUserRecord>();
  const byId = new Map<string, ScopedSourceUser>();
  for (const u of input.sourceUsers) byId.set(u.id, u);
  const push = (a: SyncAction | null) => a && deprovisions.push(a);

  const managerRef = (u: ScopedSourceUser, current: TargetUserRecord | null): ManagerRef | undefined => {
    if (!mapping.manager || !u.managerId) return undefined;
    if (current && mapping.manager === 'OnCreate') return undefined;
    const counterpart = ours.get(u.managerId);
    const source = byId.get(u.managerId);
    // Both the user and the manager must be in scope; without news of the manager this cycle, a live counterpart says it is.
    const managerInScope = source ? source.inScope : counterpart !== undefined && !counterpart.deleted;
    if (!managerInScope) return undefined;
    if (counterpart) {
      if (current?.managerId === counterpart.id) return undefined;
      return { sourceUserId: u.managerId, targetUserId: counterpart.id };
    }
    return { sourceUserId: u.managerId };
  };

  const add = (u: ScopedSourceUser): void => {
    const target = ours.get(u.id) ?? null;
    if (!u.inScope) {
      if (target) push(deprovision(policies.onOutOfScope, target, u.id, 'OutOfScope'));
      return;
    }
    const disabled = u.attributes['accountEnabled'] === false;
    const disablePolicy = disabled ? policies.onSourceDisabled : null;
    if (disablePolicy === 'SoftDelete' || disablePolicy === 'Delete') {
      if (target) push(deprovision(disablePolicy, target, u.id, 'SourceDisabled'));
      return;
    }
    const mail = u.attributes['mail'];
    const found =
      !target && typeof mail === 'string' ? targetIndex.byMail.get(mail.toLowerCase()) : undefined;
    // A user made by our own recorded invitation is a create to finish, never an adoption.
    const existing =
      found && isOwnInFlight(input.inFlight, u.id, found.attributes['mail']) ? undefined : found;
    if (existing && !spec.adoptExisting) {
      failures.push({
        sourceUserId: u.id,
        reason: 'TargetUserExists',
        message: `target user ${existing.id} already has mail ${String(mail)}; set adoptExisting to match it`,
      });
      return;
    }
    if (!target && !existing) {
      if (creates >= maxCreates) {
        deferred.push(u.id);
        return;
      }
      const desired = desiredAttributes(u, mapping, onCreate);
      if (!desired.ok) {
        failures.push(mappingFailed(u.id, desired.errors));
        return;
      }
      const attributes = desired.attributes;
      const email = typeof mail === 'string' && mail !== '' ? mail : u.attributes['userPrincipalName'];
      if (typeof email !== 'string' || email === '') {
        const message = 'the source user has neither mail nor userPrincipalName';
        failures.push({ sourceUserId: u.id, reason: 'NoEmail', message });
        return;
      }
      const displayName = attributes['displayName'] ?? u.attributes['displayName'] ?? email;
      const mappedType = attributes['userType'];
      const userType = mappedType === 'Guest' || mappedType === 'Member' ? mappedType : spec.userType;
      const create: SyncAction = {
        kind: 'create',
        sourceUserId: u.id,
        invitation: { email, displayName: String(displayName), userType },
        attributes,
      };
      const manager = managerRef(u, null);
      actions.push(manager ? { ...create, manager } : create);
      creates += 1;
      return;
    }
    const desired = desiredValues(u, mapping, false, ctx, scratch);
    if (!desired.ok) {
      failures.push(mappingFailed(u.id, desired.errors));
      return;
    }
    if (existing) {
      // Adopting a user we did not create: OnCreate mappings do not apply, the anchor is written.
      const changes = diff(mapping, readers, desired.values, existing, null);
      const written = Object.fromEntries(changes.map((c) => [c.attribute, c.to]));
      written[anchorAttribute] = anchorValue(sourceTenantId, u.id);
      const attributes = { ...unchangedSiblings(Object.keys(written), existing.attributes), ...written };
      const adopt: SyncAction = { kind: 'adopt', targetUserId: existing.id, sourceUserId: u.id, attributes };
      const manager = managerRef(u, existing);
      actions.push(manager ? { ...adopt, manager } : adopt);
      return;
    }
    if (!target) return;
    if (target.deleted) restores.push({ kind: 'restore', targetUserId: target.id, sourceUserId: u.id });
    // A disabled source user is disabled by the policy's action (counted by the deletion threshold), not by the mapping.
    // The target was found by its anchor, so the anchor itself needs no comparison.
    const changes = diff(
      mapping,
      readers,
      desired.values,
      target,
      disablePolicy && !target.deleted ? 'accountEnabled' : null,
    );
    const manager = managerRef(u, target);
    if (changes.length > 0 || manager) {
      const unchanged = unchangedSiblings(
        changes.map((c) => c.attribute),
        target.attributes,
      );
      const update: SyncAction = {
        kind: 'update',
        targetUserId: target.id,
        sourceUserId: u.id,
        changes,
        ...(Object.keys(unchanged).length > 0 ? { unchanged } : {}),
      };
      actions.push(manager ? { ...update, manager } : update);
    }
    if (disablePolicy === 'Disable') push(deprovision('Disable', target, u.id, 'SourceDisabled'));
  };

  const finish = (): SyncPlan => {
    const deleted = new Set(input.sourceDeleted);
    for (const id of deleted) {
      const target = ours.get(id);
      if (target) push(deprovision(policies.onSourceDeleted, target, id, 'SourceDeleted'));
    }
    if (input.complete) {
      for (const [id, target] of ours) {
        if (!byId.has(id) && !deleted.has(id))
          push(deprovision(policies.onSourceDeleted, target, id, 'SourceDeleted'));
      }
    }
    // Restores first, so that a manager reference to a restored user resolves; deprovisions last.
    return { actions: [...restores, ...actions, ...deprovisions], failures, deferred };
  };
  return { add, finish };
}
