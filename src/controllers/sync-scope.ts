import type { AttributeMapping, SyncScope, SyncScopeStatus } from '../api/index.js';
import {
  API_VERSION,
  APPROVE_DELETIONS_ANNOTATION,
  GROUP,
  PROVISION_NOW_ANNOTATION,
  RESOURCES,
  VERSION,
  durationToMilliseconds,
} from '../api/index.js';
import type { ResourceKind } from '../kube/client.js';
import { GraphRequestError } from '../graph/index.js';
import { apiStatusCode, isNotFound, mergePatch, objectKey, splitKey } from '../kube/client.js';
import { setCondition, setReadiness } from '../kube/conditions.js';
import type { Controller, ReconcileResult } from '../kube/controller.js';
import { createController } from '../kube/controller.js';
import { addFinalizer, hasFinalizer, removeFinalizer } from '../kube/finalizers.js';
import { updateStatus } from '../kube/status.js';
import { loggerFor } from '../observability/logger.js';
import { emptySyncState, runSyncCycle, type SyncState } from '../sync/cycle.js';
import { compileMapping, type CompiledMapping } from '../sync/mapping/compile.js';
import { forgetScope, recordCycle, recordQuarantine } from '../sync/metrics.js';
import { plural } from '../sync/plural.js';
import type { QuarantineReason } from '../sync/safety.js';
import {
  isTransientFailure,
  quarantineReason,
  quarantineSchedule,
  unreachableRetryMs,
} from '../sync/safety.js';
import type { ControllerSettings, OperatorContext } from './context.js';
import { informerNamespace, isWatched } from './context.js';
import type { PrimaryLister } from './shared/watches.js';
import { deprovisionOwnUsers } from './sync-scope-delete.js';
import { overlapMessage, ownerOfTenantPair, rivalsOf, scopeTenants } from './sync-scope-overlap.js';
import { cycleEvents } from './sync-scope-events.js';
import { scopeProblem } from './sync-scope-validation.js';
import {
  exclusionMap,
  exclusionsStatus,
  loadExclusions,
  reviewScheduleWatch,
} from './sync-scope-exclusions.js';
import { reconcileEntraEngine } from './sync-scope-entra/controller.js';
import { leaveEntraEngine } from './sync-scope-entra/switch.js';
import { SyncScopePreflight } from './sync-scope-preflight.js';
import { provisionNowRequest, provisionOnDemand } from './sync-scope-provision-now.js';
import {
  cycleStartedStatus,
  pendingInvitations,
  provisioningStatus,
  redactedAttributes,
  syncScopeStatus,
} from './sync-scope-status.js';

/** The SyncScope kind as the API addresses it. */
export const SYNC_SCOPE_KIND: ResourceKind = { group: GROUP, version: VERSION, plural: 'syncscopes' };
/** Soft-deletes the users a SyncScope created when it is deleted with deletionPolicy Delete. */
export const SYNC_SCOPE_FINALIZER = 'crosstenant.io/syncscope-users';

/** Whole-cycle failures in a row before a SyncScope is quarantined (earlier ones are retried quickly). */
const FAILURES_BEFORE_QUARANTINE = 3;
const NOT_READY_RETRY_MS = 15_000;

interface ScopeMemory {
  state: SyncState;
  fingerprint: string;
  lastFullMs: number;
  failures: number;
  /** Cycles in a row that failed for an outage (see `isTransient`). */
  unreachable: number;
  /** The scope or mapping changed and no cycle has completed since. */
  scopeChanged: boolean;
  /** When the next cycle is due: a provision-now request in between leaves it there. */
  nextCycleMs: number;
  /** While quarantined: when the next try is due, and the SyncScope as it was (see `changeOf`). */
  quarantine?: { untilMs: number; change: string };
}

type Mapping =
  | { ok: true; mapping: CompiledMapping; spec: AttributeMapping['spec'] }
  | { ok: false; reason: string; message: string };

/** The SyncScope controller: one sync cycle per interval, state in memory, everything else in Graph. */
export function createSyncScopeController(
  ctx: OperatorContext,
  settings: ControllerSettings,
): Controller<SyncScope> {
  const memory = new Map<string, ScopeMemory>();
  const primaries: PrimaryLister<SyncScope> = {};
  const preflight = new SyncScopePreflight(() => ctx.now());
  const controller: Controller<SyncScope> = createController<SyncScope>({
    name: 'syncscope',
    kind: SYNC_SCOPE_KIND,
    clients: ctx.clients,
    namespace: informerNamespace(ctx),
    logger: loggerFor({ controller: 'syncscope' }, ctx.logger),
    maxConcurrentReconciles: settings.maxConcurrentReconciles,
    ignoreStatusOnlyUpdates: true,
    watches: [
      {
        // A changed mapping is compiled again and forces a full re-evaluation of the scopes using it.
        kind: RESOURCES.AttributeMapping,
        mapToKeys: (am) =>
          (controller?.lister.list(am.metadata?.namespace) ?? [])
            .filter((ss) => ss.spec.attributeMappingRef === am.metadata?.name)
            .map((ss) => objectKey(ss.metadata)),
      },
      // A denial with onDeny ExcludeFromSync takes the user out at once, not at the next interval.
      reviewScheduleWatch(primaries),
    ],
    reconcile: (key, scope) =>
      reconcileSyncScope(
        ctx,
        memory,
        key,
        scope,
        (namespace) => controller.lister.list(namespace),
        preflight,
      ),
  });
  primaries.lister = controller.lister;
  return controller;
}

async function loadMapping(ctx: OperatorContext, scope: SyncScope): Promise<Mapping> {
  const ref = scope.spec.attributeMappingRef;
  let spec: AttributeMapping['spec'] = {
    includeDefaults: true,
    mappings: [],
    suspend: false,
    deletionPolicy: 'Orphan',
  };
  if (ref) {
    try {
      const found = (await ctx.clients.customObjects.getNamespacedCustomObject({
        ...RESOURCES.AttributeMapping,
        namespace: scope.metadata.namespace ?? '',
        name: ref,
      })) as AttributeMapping;
      spec = found.spec;
      if (spec.suspend)
        return {
          ok: false,
          reason: 'MappingSuspended',
          message: `AttributeMapping ${ref} is suspended: no reads, no writes until it is resumed`,
        };
    } catch (err) {
      if (!isNotFound(err)) throw err;
      return { ok: false, reason: 'ReferenceNotFound', message: `AttributeMapping ${ref} does not exist` };
    }
  }
  const compiled = compileMapping(spec, { userType: scope.spec.userType });
  if (!compiled.ok) {
    const e = compiled.errors[0];
    const where = e ? `: ${e.target} at line ${e.line}, column ${e.column}: ${e.message}` : '';
    return {
      ok: false,
      reason: 'MappingInvalid',
      message: `AttributeMapping ${ref ?? '(defaults)'} does not compile${where}`,
    };
  }
  return { ok: true, mapping: compiled.mapping, spec };
}

async function writeStatus(
  ctx: OperatorContext,
  scope: SyncScope,
  compute: (current: SyncScopeStatus | undefined) => SyncScopeStatus,
): Promise<void> {
  const { namespace = '', name = '' } = scope.metadata;
  try {
    await updateStatus<SyncScope, SyncScopeStatus>(
      ctx.clients,
      { kind: SYNC_SCOPE_KIND, namespace, name },
      (c) => compute(c.status),
    );
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

async function notReady(
  ctx: OperatorContext,
  scope: SyncScope,
  state: 'stalled' | 'notReady',
  reason: string,
  message: string,
): Promise<ReconcileResult> {
  const now = ctx.now();
  const generation = scope.metadata.generation;
  await writeStatus(ctx, scope, (current) => ({
    ...current,
    observedGeneration: generation,
    conditions: setReadiness(current?.conditions, { state, reason, message }, generation, now),
  }));
  return { requeueAfterMs: NOT_READY_RETRY_MS };
}

async function reconcileSyncScope(
  ctx: OperatorContext,
  memory: Map<string, ScopeMemory>,
  key: string,
  scope: SyncScope | undefined,
  scopesIn: (namespace: string) => readonly SyncScope[],
  preflight: SyncScopePreflight,
): Promise<ReconcileResult | void> {
  const { namespace = '', name } = splitKey(key);
  const ref = { namespace, name };
  if (!scope) {
    memory.delete(key);
    preflight.forget(key);
    forgetScope(ref);
    return;
  }
  if (!isWatched(ctx, namespace)) return;
  const spec = scope.spec;
  const target = { kind: SYNC_SCOPE_KIND, namespace, name };
  const tenantsOf = (s: SyncScope) => scopeTenants(s, (ns, link) => ctx.tenants.tenantIdOf(ns, link));
  // Scopes that write, in this namespace: a DryRun scope beside an enforcing one previews a change safely.
  const liveOthers = scopesIn(namespace)
    .filter((s) => !s.metadata.deletionTimestamp && s.spec.mode !== 'DryRun')
    .map(tenantsOf);
  if (scope.metadata.deletionTimestamp) {
    if (hasFinalizer(scope, SYNC_SCOPE_FINALIZER)) {
      // Users of a tenant pair that another live SyncScope syncs are that scope's now; DryRun deletes nothing.
      const handedOver = rivalsOf(tenantsOf(scope), liveOthers).length > 0;
      if (spec.deletionPolicy === 'Delete' && spec.mode !== 'DryRun' && !handedOver)
        await deprovisionOwnUsers(ctx, scope);
      await removeFinalizer(ctx.clients, target, SYNC_SCOPE_FINALIZER);
    }
    memory.delete(key);
    forgetScope(ref);
    return;
  }
  if (spec.deletionPolicy === 'Delete' && !hasFinalizer(scope, SYNC_SCOPE_FINALIZER))
    await addFinalizer(ctx.clients, target, SYNC_SCOPE_FINALIZER);
  if (spec.deletionPolicy !== 'Delete' && hasFinalizer(scope, SYNC_SCOPE_FINALIZER))
    await removeFinalizer(ctx.clients, target, SYNC_SCOPE_FINALIZER);
  if (spec.engine === 'Entra') {
    const rival = ownerOfTenantPair(tenantsOf(scope), liveOthers);
    if (rival)
      return notReady(ctx, scope, 'stalled', 'OverlappingSyncScope', overlapMessage(tenantsOf(scope), rival));
    const entraMapping = await loadMapping(ctx, scope);
    return reconcileEntraEngine(
      ctx,
      scope,
      entraMapping.ok ? { ok: true, spec: entraMapping.spec } : entraMapping,
    );
  }
  // Back from engine Entra: its job is paused first, so that two engines never manage the same users.
  if (scope.status?.entra && !(await leaveEntraEngine(ctx, scope)))
    return notReady(ctx, scope, 'notReady', 'EngineSwitching', "Entra's job could not be paused yet");
  if (spec.suspend)
    return notReady(ctx, scope, 'notReady', 'Suspended', 'spec.suspend is true: no reads, no writes');
  const invalid = scopeProblem(spec);
  if (invalid) return notReady(ctx, scope, 'stalled', invalid.reason, invalid.message);

  const mapping = await loadMapping(ctx, scope);
  if (!mapping.ok) {
    const state = mapping.reason === 'MappingSuspended' ? 'notReady' : 'stalled';
    return notReady(ctx, scope, state, mapping.reason, mapping.message);
  }
  const source = await ctx.tenants.connect(namespace, spec.source.tenantLinkRef);
  if (!source.ok) return notReady(ctx, scope, 'notReady', source.reason, `source: ${source.message}`);
  const targetLink = await ctx.tenants.connect(namespace, spec.target.tenantLinkRef);
  if (!targetLink.ok)
    return notReady(ctx, scope, 'notReady', targetLink.reason, `target: ${targetLink.message}`);
  const owner = spec.mode === 'DryRun' ? undefined : ownerOfTenantPair(tenantsOf(scope), liveOthers);
  if (owner)
    return notReady(ctx, scope, 'stalled', 'OverlappingSyncScope', overlapMessage(tenantsOf(scope), owner));
  const blocked = await preflight.check(key, source.connection, targetLink.connection);
  if (blocked) return notReady(ctx, scope, blocked.state, blocked.reason, blocked.message);

  const fingerprint = JSON.stringify([
    spec.scope,
    spec.anchorAttribute,
    spec.userType,
    spec.deprovision,
    spec.adoptExisting,
    mapping.spec,
    source.connection.tenantId,
    targetLink.connection.tenantId,
  ]);
  let mem = memory.get(key);
  if (!mem || mem.fingerprint !== fingerprint) {
    // A new scope or mapping is a new start: Entra too re-evaluates every user when either changes.
    mem = {
      state: mem?.state ?? emptySyncState(),
      fingerprint,
      lastFullMs: 0,
      failures: mem?.failures ?? 0,
      nextCycleMs: 0,
      scopeChanged: mem !== undefined,
      unreachable: 0,
    };
    mem.lastFullMs = 0;
    memory.set(key, mem);
  }
  const connections = {
    source: source.connection.client,
    target: targetLink.connection.client,
    sourceTenantId: source.connection.tenantId,
    targetTenantId: targetLink.connection.tenantId,
    spec,
    mapping: mapping.mapping,
    state: mem.state,
  };
  const requested = provisionNowRequest(scope);
  if (requested !== undefined) {
    const excluded = exclusionMap(await loadExclusions(ctx, scope));
    await provisionOnDemand(ctx, scope, SYNC_SCOPE_KIND, { ...connections, excluded }, requested);
    return { requeueAfterMs: Math.max(1, mem.nextCycleMs - ctx.now().getTime()) };
  }
  // Quarantine holds against other triggers (a mapping's status, a TenantLink's recheck) until its next try;
  // a change to the SyncScope or its mapping (a new memory) tries at once.
  const held = mem.quarantine;
  const approved = scope.metadata.annotations?.[APPROVE_DELETIONS_ANNOTATION] !== undefined;
  if (held && !approved && held.change === changeOf(scope) && held.untilMs > ctx.now().getTime())
    return { requeueAfterMs: held.untilMs - ctx.now().getTime() };
  delete mem.quarantine;
  const started = ctx.now();
  const fullDue = started.getTime() - mem.lastFullMs >= durationToMilliseconds(spec.fullResyncInterval);
  const dryRun = spec.mode === 'DryRun';
  const interval = durationToMilliseconds(spec.interval);
  let result;
  let exclusions;
  try {
    if (cycleStartedStatus(scope.status, scope.metadata.generation, started))
      await writeStatus(
        ctx,
        scope,
        (current) => cycleStartedStatus(current, scope.metadata.generation, started) ?? current ?? {},
      );
    exclusions = await loadExclusions(ctx, scope);
    result = await runSyncCycle({
      ...connections,
      now: started,
      full: fullDue,
      dryRun,
      approveDeletions: approved,
      scopeChanged: mem.scopeChanged,
      excluded: exclusionMap(exclusions),
      // A progress report that fails must not stop the creates: the cycle's own status write follows.
      onCreateProgress: (progress) =>
        writeStatus(ctx, scope, (current) =>
          provisioningStatus(current, progress, scope.metadata.generation, ctx.now()),
        ).catch((err: unknown) => {
          ctx.logger.warn('could not report provisioning progress', { syncScope: key, error: String(err) });
        }),
    });
  } catch (err) {
    return quarantineOrRetry(ctx, scope, mem, err);
  }
  const ended = ctx.now();
  if (fullDue) mem.lastFullMs = started.getTime();
  mem.scopeChanged = false;
  if (mem.unreachable > 0) recheckLinks(ctx, scope);
  mem.unreachable = 0;
  const tried = result.outcomes.length + result.plan.failures.length;
  // Entra's escrow threshold: a cycle in which too many users failed quarantines the scope like a failed
  // one. A DryRun writes nothing to back off from.
  const escrow = dryRun
    ? null
    : quarantineReason({ events: tried, failures: result.done.failed, fatal: false });
  mem.failures = escrow ? Math.max(mem.failures, FAILURES_BEFORE_QUARANTINE - 1) + 1 : 0;
  // Creates left for the next cycle (a large initial sync) go on at once rather than after an interval.
  const next = result.plan.deferred.length > 0 && !dryRun ? 1 : interval;
  mem.nextCycleMs = ended.getTime() + next;
  recordCycle(ref, result, (ended.getTime() - started.getTime()) / 1000, ended);
  await writeStatus(ctx, scope, (current) =>
    syncScopeStatus({
      current,
      generation: scope.metadata.generation,
      result,
      state: mem.state,
      started,
      ended,
      dryRun,
      exclusions: exclusionsStatus(exclusions),
      pendingInvitations: pendingInvitations(mem.state, source.connection.tenantId, result.outcomes),
      redacted: redactedAttributes(mapping.mapping),
    }),
  );
  const subject = { apiVersion: API_VERSION, kind: 'SyncScope', metadata: scope.metadata };
  const excludedBy = exclusionMap(exclusions);
  for (const e of cycleEvents(result, excludedBy))
    void ctx.events.event(subject, e.type, e.reason, e.message);
  if (result.thresholdExceeded && result.staged.length > 0) {
    void ctx.events.event(
      subject,
      'Warning',
      'DeletionThresholdExceeded',
      `${plural(result.staged.length, 'deprovision')} held; set ${APPROVE_DELETIONS_ANNOTATION} to allow ${result.staged.length === 1 ? 'it' : 'them'}`,
    );
  }
  if (approved && !dryRun) {
    // An approval covers the deprovisions held when it was given, not every future mass deletion.
    await ctx.clients.customObjects.patchNamespacedCustomObject(
      {
        ...SYNC_SCOPE_KIND,
        namespace,
        name,
        body: { metadata: { annotations: { [APPROVE_DELETIONS_ANNOTATION]: null } } },
      },
      mergePatch,
    );
  }
  if (escrow) {
    const first = result.outcomes.find((o) => !o.ok)?.error ?? result.plan.failures[0]?.message ?? 'failed';
    const failed = `${result.done.failed} of ${plural(tried, 'user action')} failed in one cycle; the first: ${first}`;
    return quarantine(ctx, scope, mem, escrow, 'too many users failed', failed);
  }
  return { requeueAfterMs: next };
}

/**
 * What a user changes to retry a quarantined SyncScope at once: its spec, labels or annotations, but not the
 * requests the operator answers and removes (provision-now, approve-deletions).
 */
function changeOf(scope: SyncScope): string {
  const { generation, labels, annotations = {} } = scope.metadata;
  const {
    [PROVISION_NOW_ANNOTATION]: _request,
    [APPROVE_DELETIONS_ANNOTATION]: _approval,
    ...kept
  } = annotations;
  return JSON.stringify([generation, labels ?? {}, kept]);
}

/** Whether a failed cycle met an outage (of a tenant, the network or the API server) rather than a configuration error. */
function isTransient(err: unknown): boolean {
  if (err instanceof GraphRequestError) return isTransientFailure(err.info);
  const status = apiStatusCode(err);
  return status !== undefined && (status === 429 || status >= 500);
}

function recheckLinks(ctx: OperatorContext, scope: SyncScope): void {
  const namespace = scope.metadata.namespace ?? '';
  ctx.tenants.requestRecheck(namespace, scope.spec.source.tenantLinkRef);
  ctx.tenants.requestRecheck(namespace, scope.spec.target.tenantLinkRef);
}

async function quarantineOrRetry(
  ctx: OperatorContext,
  scope: SyncScope,
  mem: ScopeMemory,
  err: unknown,
): Promise<ReconcileResult> {
  const message = err instanceof Error ? err.message : String(err);
  if (isTransient(err)) {
    // An outage is waited out with short retries, never quarantined, so the scope resumes within one
    // interval of the tenant's recovery; the failures that lead to quarantine are left where they were.
    mem.unreachable += 1;
    // The TenantLinks say so too, at once rather than at their next recheck minutes away.
    if (mem.unreachable === 1) recheckLinks(ctx, scope);
    const retryMs = unreachableRetryMs(mem.unreachable, durationToMilliseconds(scope.spec.interval));
    await notReady(
      ctx,
      scope,
      'notReady',
      'TenantUnreachable',
      `${message}; retrying in ${Math.ceil(retryMs / 1000)} s`,
    );
    return { requeueAfterMs: retryMs };
  }
  mem.failures += 1;
  if (mem.failures < FAILURES_BEFORE_QUARANTINE) {
    await notReady(ctx, scope, 'notReady', 'CycleFailed', message);
    return { requeueAfterMs: durationToMilliseconds(scope.spec.interval) * 2 ** mem.failures };
  }
  return quarantine(
    ctx,
    scope,
    mem,
    'EncounteredQuarantineException',
    `${plural(mem.failures, 'cycle')} failed in a row`,
    message,
  );
}

/** Puts the scope in quarantine, by Entra's schedule counted from the quarantine's first cycle. */
async function quarantine(
  ctx: OperatorContext,
  scope: SyncScope,
  mem: ScopeMemory,
  reason: QuarantineReason,
  why: string,
  message: string,
): Promise<ReconcileResult> {
  const { namespace = '', name = '' } = scope.metadata;
  const schedule = quarantineSchedule(mem.failures - FAILURES_BEFORE_QUARANTINE + 1);
  const retryMs = schedule.state === 'Quarantined' ? schedule.retryAfterSeconds * 1000 : 86_400_000;
  recordQuarantine({ namespace, name }, true);
  const now = ctx.now();
  const generation = scope.metadata.generation;
  mem.quarantine = { untilMs: now.getTime() + retryMs, change: changeOf(scope) };
  await writeStatus(ctx, scope, (current) => {
    let conditions = setReadiness(
      current?.conditions,
      { state: 'notReady', reason: 'Quarantined', message },
      generation,
      now,
    );
    conditions = setCondition(
      conditions,
      {
        type: 'Quarantined',
        status: 'True',
        reason,
        message: `${why}; next try in ${Math.round(retryMs / 1000)} s: ${message}`,
      },
      generation,
      now,
    );
    return { ...current, observedGeneration: generation, conditions };
  });
  void ctx.events.event(
    { apiVersion: API_VERSION, kind: 'SyncScope', metadata: scope.metadata },
    'Warning',
    'Quarantined',
    message,
  );
  return { requeueAfterMs: retryMs };
}
