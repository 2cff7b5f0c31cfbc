// The report of a cycle's verdict: the status (the cycle's counts and conditions, or why it failed, or the
// quarantine), the Events, the log lines and the metrics, and when the next cycle is due.
import type { Logger } from 'winston';
import type { SyncScope, SyncScopeStatus } from '../../api/index.js';
import { durationToMilliseconds } from '../../api/index.js';
import type { Readiness } from '../../kube/conditions.js';
import { setCondition, setReadiness } from '../../kube/conditions.js';
import type { ReconcileResult } from '../../kube/controller.js';
import { recordCycle, recordQuarantine } from '../../sync/metrics.js';
import { plural } from '../../sync/plural.js';
import type { OperatorContext } from '../context.js';
import type { CycleRun } from './cycle.js';
import { cycleEvents } from './events.js';
import { exclusionMap, exclusionsStatus } from './exclusions.js';
import type { CycleInputs } from './gates.js';
import type { ScopeMemory } from './memory.js';
import type { QuarantineReason, Verdict } from './quarantine.js';
import { DISABLED_REASON, FAILURES_BEFORE_QUARANTINE } from './quarantine.js';
import type { SyncScopeReporter } from './report.js';
import { withReadiness } from './report.js';
import { eventSubject } from './resource.js';
import { iso, pendingInvitations, redactedAttributes, syncScopeStatus } from './status.js';
import { RESTART_JOB_ANNOTATION } from '../sync-scope-entra/controller.js';

type Compute = (current: SyncScopeStatus | undefined) => SyncScopeStatus;

/** What a verdict is reported with. */
export interface VerdictContext {
  ctx: OperatorContext;
  reporter: SyncScopeReporter;
  scope: SyncScope;
  log: Logger;
  memory: ScopeMemory;
  inputs: CycleInputs;
}

/** The readiness of a SyncScope disabled after four weeks in quarantine, and how to enable it again. */
export function disabledReadiness(sinceMs: number): Readiness {
  return {
    state: 'stalled',
    reason: DISABLED_REASON,
    message:
      `in quarantine since ${iso(new Date(sinceMs))}, four weeks, so it no longer runs (the Quarantined ` +
      `condition has the last error). Fix the cause, then set the annotation ${RESTART_JOB_ANNOTATION} or ` +
      'change the spec to enable it again',
  };
}

function quarantined(
  base: Compute,
  readiness: Readiness,
  reason: QuarantineReason,
  message: string,
  generation: number | undefined,
  now: Date,
): Compute {
  return (current) => {
    const status = base(current);
    let conditions = setReadiness(status.conditions, readiness, generation, now);
    conditions = setCondition(
      conditions,
      { type: 'Quarantined', status: 'True', reason, message },
      generation,
      now,
    );
    return { ...status, observedGeneration: generation, conditions };
  };
}

/** The status a completed cycle leaves. */
function cycleStatus(v: VerdictContext, run: Extract<CycleRun, { ok: true }>): Compute {
  const { memory, inputs, scope } = v;
  return (current) =>
    syncScopeStatus({
      current,
      generation: scope.metadata.generation,
      result: run.result,
      state: memory.state,
      started: run.started,
      ended: run.ended,
      dryRun: scope.spec.mode === 'DryRun',
      exclusions: exclusionsStatus(run.exclusions),
      pendingInvitations: pendingInvitations(memory.state, inputs.source.tenantId, run.result.outcomes),
      redacted: redactedAttributes(inputs.mapping),
    });
}

/** Why a cycle counts toward quarantine, and the error to show. */
function cause(
  run: CycleRun,
  verdict: Extract<Verdict, { kind: 'Quarantined' | 'Disabled' }>,
): [string, string] {
  if (!run.ok) {
    const first = verdict.kind === 'Quarantined' && verdict.first;
    return [
      first ? `${FAILURES_BEFORE_QUARANTINE} cycles failed in a row` : 'the cycle failed again',
      run.message,
    ];
  }
  const { result } = run;
  const tried = result.outcomes.length + result.plan.failures.length;
  const first = result.outcomes.find((o) => !o.ok)?.error ?? result.plan.failures[0]?.message ?? 'failed';
  return [
    'too many users failed',
    `${result.done.failed} of ${plural(tried, 'user action')} failed in one cycle; the first: ${first}`,
  ];
}

/** The Events and log lines of a completed cycle. */
function announceCycle(v: VerdictContext, run: Extract<CycleRun, { ok: true }>): void {
  const { ctx, scope, log } = v;
  const { result } = run;
  const subject = eventSubject(scope);
  for (const e of cycleEvents(result, exclusionMap(run.exclusions)))
    void ctx.events.event(subject, e.type, e.reason, e.message);
  const acted = Object.values(result.done).some((n) => n > 0);
  const line = {
    kind: result.kind,
    seconds: (run.ended.getTime() - run.started.getTime()) / 1000,
    ...result.done,
    inScope: result.counts.inScope,
    provisioned: result.counts.provisioned,
    deferred: result.plan.deferred.length,
    graphRequests: result.graph.requests,
  };
  if (acted || result.kind !== 'Incremental') log.info('sync cycle ended', line);
  else log.debug('sync cycle ended', line);
  if (result.thresholdExceeded && result.staged.length > 0)
    log.warn('deprovisions held by the deletion threshold', {
      held: result.staged.length,
      ...(result.unexplainedDeprovisions !== undefined
        ? { unexplained: result.unexplainedDeprovisions }
        : {}),
    });
}

function recheckLinks(ctx: OperatorContext, scope: SyncScope): void {
  const namespace = scope.metadata.namespace ?? '';
  ctx.tenants.requestRecheck(namespace, scope.spec.source.tenantLinkRef);
  ctx.tenants.requestRecheck(namespace, scope.spec.target.tenantLinkRef);
}

/** Reports the verdict on a cycle and returns when to reconcile again (never, once disabled). */
export async function reportVerdict(
  v: VerdictContext,
  run: CycleRun,
  verdict: Verdict,
): Promise<ReconcileResult | void> {
  const { ctx, scope, log, memory, reporter } = v;
  const ref = { namespace: scope.metadata.namespace ?? '', name: scope.metadata.name ?? '' };
  const generation = scope.metadata.generation;
  const now = ctx.now();
  const keep: Compute = (current) => ({ ...current });
  const error = run.ok ? '' : run.message;
  if (run.ok) {
    recordCycle(ref, run.result, (run.ended.getTime() - run.started.getTime()) / 1000, run.ended);
    announceCycle(v, run);
  }
  const base = run.ok ? cycleStatus(v, run) : keep;
  switch (verdict.kind) {
    case 'Healthy': {
      if (!run.ok) throw new Error('a failed cycle judged healthy');
      if (verdict.recovered) recheckLinks(ctx, scope);
      if (verdict.leftQuarantine) log.info('SyncScope left quarantine');
      await reporter.report(scope, log, base);
      // Creates left for the next cycle (a large initial sync) go on at once rather than after an interval.
      const deferred = run.result.plan.deferred.length > 0 && scope.spec.mode !== 'DryRun';
      const next = deferred ? 1 : durationToMilliseconds(scope.spec.interval);
      memory.nextCycleMs = run.ended.getTime() + next;
      return { requeueAfterMs: next };
    }
    case 'Unreachable': {
      // The TenantLinks say so too, at once rather than at their next recheck minutes away.
      if (verdict.first) recheckLinks(ctx, scope);
      const message = `${error}; retrying in ${Math.ceil(verdict.retryAfterMs / 1000)} s`;
      await reporter.report(
        scope,
        log,
        withReadiness({ state: 'notReady', reason: 'TenantUnreachable', message }, generation, now),
      );
      return { requeueAfterMs: verdict.retryAfterMs };
    }
    case 'Failed': {
      const readiness: Readiness = { state: 'notReady', reason: 'CycleFailed', message: error };
      await reporter.report(scope, log, withReadiness(readiness, generation, now));
      return { requeueAfterMs: verdict.retryAfterMs };
    }
    case 'Quarantined': {
      const [why, message] = cause(run, verdict);
      const seconds = Math.round(verdict.retryAfterMs / 1000);
      const since = verdict.first ? '' : ` (in quarantine since ${iso(new Date(verdict.sinceMs))})`;
      const detail = `${why}; next try in ${seconds} s${since}: ${message}`;
      const readiness: Readiness = { state: 'notReady', reason: 'Quarantined', message };
      recordQuarantine(ref, true);
      log.warn('SyncScope quarantined', {
        reason: verdict.reason,
        nextTryInSeconds: seconds,
        error: message,
      });
      await reporter.report(
        scope,
        log,
        quarantined(base, readiness, verdict.reason, detail, generation, now),
      );
      return { requeueAfterMs: verdict.retryAfterMs };
    }
    case 'Disabled': {
      const [why, message] = cause(run, verdict);
      const detail = `${why}; disabled after four weeks in quarantine: ${message}`;
      recordQuarantine(ref, true);
      log.error('SyncScope disabled after four weeks in quarantine', {
        reason: verdict.reason,
        error: message,
      });
      await reporter.report(
        scope,
        log,
        quarantined(base, disabledReadiness(verdict.sinceMs), verdict.reason, detail, generation, now),
      );
      return;
    }
  }
}
