// The SyncScope controller: one sync cycle per interval, state in memory, everything else in Graph. Its
// reconcile is a recipe over the modules beside it: deletion and finalizer, the gates a cycle needs,
// provision-now between cycles, the quarantine hold, the cycle, the quarantine policy's verdict, its report,
// and the approval the cycle consumed. Engine Entra goes to src/controllers/sync-scope-entra after the gates
// both engines share.
import type { Logger } from 'winston';
import type { SyncScope } from '../../api/index.js';
import { APPROVE_DELETIONS_ANNOTATION, RESOURCES, RESTART_JOB_ANNOTATION } from '../../api/index.js';
import { durationToMilliseconds } from '../../time/duration.js';
import { objectKey, splitKey } from '../../kube/client.js';
import type { Controller, ReconcileContext, ReconcileResult } from '../../kube/controller.js';
import { createController } from '../../kube/controller.js';
import { loggerFor } from '../../observability/logger.js';
import { runSyncCycle } from '../../sync/cycle.js';
import { forgetGroupScope } from '../../sync/groups/metrics.js';
import { forgetScope } from '../../sync/metrics.js';
import type { ControllerSettings, OperatorContext } from '../context.js';
import { informerNamespace, isWatched } from '../context.js';
import type { PrimaryLister } from '../shared/watches.js';
import { reconcileEntraEngine } from '../sync-scope-entra/controller.js';
import type { CycleRunner } from './cycle.js';
import { cycleEnd, runCycle } from './cycle.js';
import { finalizeDeletion, keepFinalizer } from './deletion.js';
import { reviewScheduleWatch } from './exclusions.js';
import { checkGates } from './gates.js';
import { loadMapping } from './mapping.js';
import { changeOf, ScopeMemories } from './memory.js';
import { overlapBlock } from './overlap.js';
import { SyncScopePreflight } from './preflight.js';
import { onlyAnsweredRequest, provisionBetweenCycles, provisionNowRequest } from './provision-now.js';
import { gateCycle, judgeCycle } from './quarantine.js';
import { reportSyncScope } from './report.js';
import type { SyncScopeReport } from './status.js';
import { removeAnnotation, SYNC_SCOPE_KIND } from './resource.js';
import { disabledReadiness, reportVerdict } from './verdict.js';

export { SYNC_SCOPE_FINALIZER, SYNC_SCOPE_KIND } from './resource.js';

const NOT_READY_RETRY_MS = 15_000;

/** What the controller's unit tests replace: the sync engine and the preflight's reads. */
export interface SyncScopeSeams {
  runCycle?: CycleRunner;
  preflight?: Pick<SyncScopePreflight, 'check' | 'forget'>;
}

/** The reconcile of SyncScopes, given the SyncScopes of a namespace (from the controller's cache). */
export function syncScopeReconciler(
  ctx: OperatorContext,
  scopesIn: (namespace: string) => readonly SyncScope[],
  seams: SyncScopeSeams = {},
): (key: string, scope: SyncScope | undefined, rc: ReconcileContext) => Promise<ReconcileResult | void> {
  const memories = new ScopeMemories();
  const preflight = seams.preflight ?? new SyncScopePreflight(ctx.clock);
  const run = seams.runCycle ?? runSyncCycle;
  const forget = (key: string) => {
    const { namespace = '', name } = splitKey(key);
    memories.forget(key);
    preflight.forget(key);
    forgetScope({ namespace, name });
    forgetGroupScope({ namespace, name });
  };
  const notReady = async (scope: SyncScope, log: Logger, readiness: SyncScopeReport['readiness']) => {
    await reportSyncScope(ctx, scope, log, { readiness });
    return { requeueAfterMs: NOT_READY_RETRY_MS };
  };

  return async (key, scope, { log }) => {
    if (!scope) return forget(key);
    const namespace = scope.metadata.namespace ?? '';
    if (!isWatched(ctx, namespace)) return;
    // The SyncScopes that write in this namespace: a DryRun one beside an enforcing one previews safely.
    const writers = scopesIn(namespace).filter(
      (s) => !s.metadata.deletionTimestamp && s.spec.mode !== 'DryRun',
    );
    if (scope.metadata.deletionTimestamp) {
      await finalizeDeletion(ctx, scope, writers);
      return forget(key);
    }
    await keepFinalizer(ctx, scope);
    if (scope.spec.engine === 'Entra') {
      const overlap = overlapBlock(scope, writers, (ns, link) => ctx.tenants.tenantIdOf(ns, link));
      if (overlap) return notReady(scope, log, overlap);
      const mapping = loadMapping(ctx, scope);
      return reconcileEntraEngine(ctx, scope, mapping.ok ? { ok: true, spec: mapping.spec } : mapping);
    }

    const gates = await checkGates(ctx, key, scope, writers, preflight);
    if (!gates.open) return notReady(scope, log, gates.readiness);
    const nowMs = ctx.clock.now();
    const memory = memories.recall(key, scope, gates.inputs, nowMs);
    const requested = provisionNowRequest(scope);
    if (requested !== undefined) return provisionBetweenCycles(ctx, scope, gates.inputs, memory, requested);
    if (onlyAnsweredRequest(memory, scope, nowMs)) return { requeueAfterMs: memory.nextCycleMs - nowMs };

    const annotations = scope.metadata.annotations ?? {};
    const approved = annotations[APPROVE_DELETIONS_ANNOTATION] !== undefined;
    const restart = annotations[RESTART_JOB_ANNOTATION] !== undefined;
    const change = changeOf(scope);
    const generation = scope.metadata.generation;
    const gate = gateCycle(memory.standing, { nowMs, change, generation, restart, approved });
    if (!gate.run && gate.state === 'Quarantined') return { requeueAfterMs: gate.untilMs - nowMs };
    if (!gate.run) {
      await reportSyncScope(ctx, scope, log, { readiness: disabledReadiness(gate.sinceMs) });
      return;
    }
    if (restart) {
      log.info('restart requested: the quarantine is cleared');
      await removeAnnotation(ctx, scope, RESTART_JOB_ANNOTATION);
    }

    const dryRun = scope.spec.mode === 'DryRun';
    const ran = await runCycle(ctx, scope, memory, gates.inputs, {
      approved,
      outage: gate.standing.unreachable > 0,
      log,
      run,
    });
    const intervalMs = durationToMilliseconds(scope.spec.interval);
    const judged = judgeCycle(gate.standing, cycleEnd(ran, dryRun), {
      nowMs: ctx.clock.now(),
      intervalMs,
      change,
      generation,
    });
    memory.standing = judged.standing;
    const next = await reportVerdict({ ctx, scope, log, memory, inputs: gates.inputs }, ran, judged.verdict);
    // An approval covers the deprovisions held when it was given, not every future mass deletion.
    if (ran.ok && approved && !dryRun) await removeAnnotation(ctx, scope, APPROVE_DELETIONS_ANNOTATION);
    return next;
  };
}

/** The SyncScope controller over the shared context. */
export function createSyncScopeController(
  ctx: OperatorContext,
  settings: ControllerSettings,
  seams: SyncScopeSeams = {},
): Controller<SyncScope> {
  const primaries: PrimaryLister<SyncScope> = {};
  const controller: Controller<SyncScope> = createController<SyncScope>({
    name: 'syncscope',
    kind: SYNC_SCOPE_KIND,
    clients: ctx.clients,
    cache: ctx.informers,
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
    reconcile: syncScopeReconciler(ctx, (namespace) => controller.lister.list(namespace), seams),
  });
  primaries.lister = controller.lister;
  return controller;
}
