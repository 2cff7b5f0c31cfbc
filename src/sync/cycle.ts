import { DEFAULT_ANCHOR_ATTRIBUTE } from '../api/sync-scope.js';
import type { GraphClient } from '../graph/index.js';
import { applyActions } from './apply.js';
import type { ActionOutcome, CreateProgress } from './apply.js';
import type { CompiledMapping } from './mapping/compile.js';
import { userPlanner } from './plan.js';
import type { ScopedSourceUser, SyncPlan } from './plan.js';
import { readSource } from './read-source.js';
import { clearSettledFailures, recordOutcomes, type UserFailure } from './user-failures.js';
import { readTarget, targetSelect } from './read-target.js';
import type { TargetReadOptions } from './read-target.js';
import { applyDeletionThreshold, userRetryDue } from './safety.js';
import { evaluateScope, excludedDecision, scopeAttributes } from './scope.js';
import type { UserMembership } from './scope.js';
import { TargetStore, applyTargetChanges } from './target-index.js';
import { settleInFlight, type InFlightInvitations, type ReadonlyInFlight } from './invitations-in-flight.js';
import { targetUniqueness } from './target-uniqueness.js';
import type { SourceUser, SyncScopeSpec } from './types.js';
import { mergeSource } from './user-records.js';
import { ValuePool } from './value-pool.js';
import { eachYielding } from './yielding.js';
import {
  inScopeCount,
  provisionedBy,
  summarize,
  type CycleKind,
  type CycleProgress,
  type CycleResult,
} from './cycle-result.js';

export type { CycleKind, CycleProgress, CycleResult } from './cycle-result.js';

/**
 * What a SyncScope remembers between cycles, in memory only: the operator keeps no database, so a
 * restart starts from an empty state and rebuilds it from Graph with a full read of both tenants.
 */
export interface SyncState {
  sourceDeltaLink?: string;
  targetDeltaLink?: string;
  source: Map<string, SourceUser>;
  /** Members of the assigned groups at the last read (group scopes). */
  groupMembers?: Set<string>;
  /** Members of each assigned group and the groups deltaLinks that follow them (direct membership). */
  groupMembership?: Map<string, Set<string>>;
  groupsDeltaLinks?: string[];
  /** Target users and the index over them, updated as reads bring changes. */
  target: TargetStore;
  failures: Map<string, UserFailure>;
  /** Source users to plan again next cycle though nothing changed (failed, or held by the threshold). */
  replan: Set<string>;
  /** Source users an access review excluded at the last cycle. */
  excluded?: Set<string>;
  /** Values shared between the source and target records. */
  pool: ValuePool;
  /** Invitations sent, or about to be, whose user does not carry its anchor yet; kept durably by the caller. */
  inFlight: InFlightInvitations;
}

/** An empty state: the next cycle reads both tenants in full. */
export function emptySyncState(anchorAttribute = DEFAULT_ANCHOR_ATTRIBUTE): SyncState {
  return {
    source: new Map(),
    target: new TargetStore(anchorAttribute),
    failures: new Map(),
    replan: new Set(),
    pool: new ValuePool(),
    inFlight: new Map(),
  };
}

/** Everything one cycle needs: plain data and the two Graph clients. */
export interface CycleInput {
  source: GraphClient;
  target: GraphClient;
  sourceTenantId: string;
  targetTenantId: string;
  spec: SyncScopeSpec;
  mapping: CompiledMapping;
  state: SyncState;
  now: Date;
  /** Read both tenants in full (periodic resync, changed mapping or scope). */
  full?: boolean;
  dryRun?: boolean;
  /** The approval annotation is set: deprovisions beyond the threshold go ahead. */
  approveDeletions?: boolean;
  /**
   * The scope or mapping changed since the last cycle: users it leaves out go by the user's own word, so a
   * sharp shrink is not held as a read cut short would be (the deletion threshold still holds).
   */
  scopeChanged?: boolean;
  /** Source users kept out of scope by access reviews (onDeny: ExcludeFromSync), with the ReviewSchedule. */
  excluded?: ReadonlyMap<string, string>;
  /** CPU seconds so far, read before and after planning; by default the whole process's (process.cpuUsage). */
  cpuClock?: () => number;
  /** Told how far the creates are while they take more than one chunk (a large initial sync). */
  onCreateProgress?: (progress: CycleProgress) => Promise<void>;
  /** Creates planned at most in this cycle; CREATES_PER_CYCLE by default. */
  maxCreates?: number;
  /** Who writes (the SyncScope's `namespace/name`), for the target's write pacer. */
  writer?: string;
  /** Keeps `state.inFlight` durably; awaited before invitations are sent (see ApplyOptions). */
  recordInFlight?: (inFlight: ReadonlyInFlight) => Promise<void>;
}

/**
 * Creates one cycle plans at most; the rest wait for the next cycle, which the controller starts at once.
 * Planned creates hold every attribute of their users until applied (100,000 of them were 50 MiB), and
 * between cycles the deltas are read again, so changes made during a long initial sync land within it.
 */
export const CREATES_PER_CYCLE = 10_000;

/** The redirect URL of invitations into a tenant: its My Apps portal. */
export function redirectUrlFor(targetTenantId: string): string {
  return `https://myapplications.microsoft.com/?tenantid=${targetTenantId}`;
}

/** The source properties a cycle reads: what the mapping and the scoping filters need. */
export function sourceSelect(spec: SyncScopeSpec, mapping: CompiledMapping): string[] {
  return [...new Set([...scopeAttributes(spec.scope), ...mapping.sourceAttributes()])].sort();
}

/**
 * How target users are read and kept: the properties the index and the mapping need, nested objects cut
 * to the paths read, values shared with the pool and with the source user an anchor names.
 */
export function targetReadOptions(
  spec: SyncScopeSpec,
  mapping: CompiledMapping,
  state: SyncState,
  sourceOf?: (anchor: string) => SourceUser | undefined,
): TargetReadOptions {
  const mapped = mapping.attributes.map((a) => a.target);
  return {
    select: targetSelect(spec.anchorAttribute, mapping.manager ? [...mapped, 'manager'] : mapped),
    ...withDelta(state.targetDeltaLink),
    shape: {
      paths: [spec.anchorAttribute, ...mapped],
      anchorAttribute: spec.anchorAttribute,
      pool: state.pool,
      ...(sourceOf ? { sourceOf } : {}),
    },
  };
}

/** Runs one cycle: read both tenants (delta, or in full), plan the users with news, hold deprovisions past the threshold, apply. */
export async function runSyncCycle(input: CycleInput): Promise<CycleResult> {
  const { state, spec, mapping } = input;
  const kind: CycleKind =
    state.sourceDeltaLink === undefined && state.targetDeltaLink === undefined
      ? 'Initial'
      : input.full
        ? 'Full'
        : 'Incremental';
  if (input.full) forgetRecords(state, spec.anchorAttribute);
  const { result: reads, stats: sourceStats } = await input.source.track(() =>
    readSource(input.source, {
      select: sourceSelect(spec, mapping),
      ...withDelta(state.sourceDeltaLink),
      pool: state.pool,
      knownId: (id) => state.source.get(id)?.id,
      ...(spec.scope.allUsers
        ? {}
        : {
            groups: spec.scope.groups ?? [],
            transitive: spec.scope.membership === 'Transitive',
            ...(input.full ? {} : withGroups(state)),
          }),
    }),
  );
  const fresh = reads.byId;
  const prefix = `${input.sourceTenantId}:`;
  const sourceOf = (anchor: string) =>
    anchor.startsWith(prefix) ? (fresh ?? state.source).get(anchor.slice(prefix.length)) : undefined;
  const { result: targetRead, stats: targetStats } = await input.target.track(() =>
    readTarget(input.target, targetReadOptions(spec, mapping, state, sourceOf)),
  );

  // Users to plan: everything after a full source read or in DryRun, otherwise only those with news.
  const dirty = new Set<string>();
  const deleted = new Set<string>();
  if (fresh) {
    state.source = fresh;
  } else {
    for (const u of reads.users) {
      const before = state.source.get(u.id);
      state.source.set(u.id, mergeSource(before, u));
      dirty.add(u.id);
    }
  }
  for (const id of reads.removed) {
    state.source.delete(id);
    deleted.add(id);
  }
  if (reads.groupMembers && state.groupMembers && !reads.full) {
    for (const id of reads.groupMembers) if (!state.groupMembers.has(id)) dirty.add(id);
    for (const id of state.groupMembers) if (!reads.groupMembers.has(id)) dirty.add(id);
  }
  state.groupMembers = reads.groupMembers;
  state.groupMembership = reads.groupMembership;
  state.groupsDeltaLinks = reads.groupsDeltaLinks;
  // The store's anchor attribute is the spec's: a store is made by a full read, and the anchor cannot change.
  if (targetRead.full) state.target = new TargetStore(spec.anchorAttribute, targetRead.users);
  else applyTargetChanges(state.target, targetRead);
  // Users edited in the target are planned again, so drift is corrected.
  for (const u of [...targetRead.users, ...targetRead.softDeleted.map((id) => state.target.get(id))]) {
    const sourceId = u && state.target.sourceIdOf(u, input.sourceTenantId);
    if (sourceId !== undefined) dirty.add(sourceId);
  }
  // An in-flight invitation ends with its anchor; one left unfinished is planned again once it may have replicated.
  const ours = state.target.lookup().bySource.get(input.sourceTenantId);
  for (const id of settleInFlight(state.inFlight, {
    anchored: (id) => ours?.has(id) === true,
    gone: (id) => !state.source.has(id),
    complete: reads.full,
    now: input.now,
  }))
    dirty.add(id);
  // A user whose retry is not due yet stays queued for a later cycle.
  const notDue: string[] = [];
  for (const id of state.replan) {
    const failure = state.failures.get(id);
    if (!failure || userRetryDue(failure, input.now)) {
      if (state.source.has(id)) dirty.add(id);
      else deleted.add(id);
    } else notDue.push(id);
  }
  state.replan.clear();
  for (const id of notDue) state.replan.add(id);
  // Excluding or letting back in a user changes no source object, so the delta would never bring it.
  const excluded = input.excluded ?? new Map<string, string>();
  for (const id of excluded.keys()) if (!state.excluded?.has(id)) dirty.add(id);
  for (const id of state.excluded ?? []) if (!excluded.has(id)) dirty.add(id);
  state.excluded = new Set(excluded.keys());

  const complete = reads.full || input.dryRun === true;
  const cpuClock = input.cpuClock ?? processCpuSeconds;
  const toPlan: ScopedSourceUser[] = [];
  const ids = complete ? state.source.keys() : dirty.values();
  const membershipOf = membershipLookup(state, spec);
  // Scoping and planning give the event loop a turn every few milliseconds (see eachYielding).
  let planCpuSeconds = await eachYielding(
    ids,
    (id) => {
      const user = state.source.get(id);
      if (!user) return;
      const review = excluded.get(id);
      const decision =
        review !== undefined ? excludedDecision(review) : evaluateScope(user, spec.scope, membershipOf(id));
      // Kept on the record rather than in a map of its own, and the record planned as it is, not copied.
      toPlan.push(Object.assign(user, { inScope: decision.inScope }));
    },
    cpuClock,
  );
  const cpuBefore = cpuClock();
  const index = state.target.lookup();
  const planner = userPlanner({
    sourceTenantId: input.sourceTenantId,
    sourceUsers: toPlan,
    sourceDeleted: [...deleted],
    targetIndex: index,
    inFlight: state.inFlight,
    mapping,
    spec,
    now: input.now,
    complete,
    maxCreates: input.maxCreates ?? CREATES_PER_CYCLE,
    context: { isUnique: targetUniqueness(() => state.target.values()) },
  });
  planCpuSeconds += cpuClock() - cpuBefore;
  planCpuSeconds += await eachYielding(toPlan, planner.add, cpuClock);
  const cpuFinish = cpuClock();
  const plan = planner.finish();
  queueDeferred(state, plan);
  planCpuSeconds += cpuClock() - cpuFinish;
  // What Graph itself reported changed or gone; any other deprovision comes from a listing's absence.
  const reported = new Set([...deleted, ...(reads.membershipRemoved ?? [])]);
  if (!reads.full) for (const u of reads.users) reported.add(u.id);
  const threshold = applyDeletionThreshold(plan.actions, {
    threshold: spec.safety.deletionThreshold,
    approved: input.approveDeletions === true,
    ...(input.scopeChanged
      ? {}
      : {
          guard: {
            provisioned: provisionedBy(index, input.sourceTenantId),
            explained: (id: string) => reported.has(id),
          },
        }),
  });

  let outcomes: ActionOutcome[] = [];
  let writeStats = { requests: 0, throttled: 0 };
  if (!input.dryRun && threshold.actions.length > 0) {
    const report = input.onCreateProgress;
    const before = {
      inScope: inScopeCount(state.source),
      provisioned: provisionedBy(index, input.sourceTenantId),
      deferred: plan.deferred.length,
    };
    const applyStarted = Date.now();
    const applied = await input.target.track(() =>
      applyActions(input.target, threshold.actions, {
        redirectUrl: redirectUrlFor(input.targetTenantId),
        ...(input.writer === undefined ? {} : { writer: input.writer }),
        anchorAttribute: spec.anchorAttribute,
        inFlight: state.inFlight,
        // The cycle's time moved on by the time the apply has taken: records carry when they were made.
        now: () => new Date(input.now.getTime() + (Date.now() - applyStarted)),
        ...(input.recordInFlight ? { recordInFlight: input.recordInFlight } : {}),
        ...(report ? { onCreateProgress: (p: CreateProgress) => report({ ...p, ...before }) } : {}),
      }),
    );
    outcomes = applied.result;
    writeStats = applied.stats;
  }
  recordOutcomes(state, plan, outcomes, threshold.staged, input.now);
  clearSettledFailures(state, plan, [...toPlan.map((u) => u.id), ...deleted]);
  state.sourceDeltaLink = reads.deltaLink;
  state.targetDeltaLink = targetRead.deltaLink;
  return summarize(
    kind,
    input,
    index,
    plan,
    outcomes,
    threshold,
    {
      requests: sourceStats.requests + targetStats.requests + writeStats.requests,
      throttled: sourceStats.throttled + targetStats.throttled + writeStats.throttled,
    },
    planCpuSeconds,
  );
}

/**
 * Drops the kept records and cursors before a full resync, which replaces them: holding the old and the
 * new records of 100,000s of users at once would double the memory. Should the read fail, the next cycle
 * finds no cursor and reads in full again.
 */
function forgetRecords(state: SyncState, anchorAttribute: string): void {
  state.source = new Map();
  state.target = new TargetStore(anchorAttribute);
  delete state.sourceDeltaLink;
  delete state.targetDeltaLink;
}

/**
 * Plans the deferred creates again next cycle, and the users whose manager is among them: their manager
 * reference is set in the cycle that creates the manager.
 */
function queueDeferred(state: SyncState, plan: SyncPlan): void {
  if (plan.deferred.length === 0) return;
  const deferred = new Set(plan.deferred);
  for (const id of deferred) state.replan.add(id);
  for (const a of plan.actions) {
    const manager = 'manager' in a ? a.manager : undefined;
    if (manager && deferred.has(manager.sourceUserId)) state.replan.add(a.sourceUserId);
  }
}

function processCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function withGroups(state: SyncState) {
  const { groupsDeltaLinks, groupMembership } = state;
  return groupsDeltaLinks && groupMembership ? { groupsDeltaLinks, groupMembership } : {};
}

function withDelta(link: string | undefined): { deltaLink?: string } {
  return link === undefined ? {} : { deltaLink: link };
}

const NOT_A_MEMBER: UserMembership = { directGroupIds: new Set(), transitiveGroupIds: new Set() };

/** The membership scope evaluation sees: all assigned groups for a member of any, none otherwise (one per cycle, not per user). */
function membershipLookup(state: SyncState, spec: SyncScopeSpec): (id: string) => UserMembership {
  const groups = new Set(spec.scope.groups ?? []);
  const member: UserMembership = { directGroupIds: groups, transitiveGroupIds: groups };
  return (id) => (state.groupMembers?.has(id) ? member : NOT_A_MEMBER);
}
