// The report of a cycle's verdict: the status (the cycle's counts and conditions, or why it failed, or the
// quarantine), the Events, the log lines and the metrics, and when the next cycle is due.
import type { Logger } from 'winston';
import type { SyncScope } from '../../api/index.js';
import { RESTART_JOB_ANNOTATION } from '../../api/index.js';
import { durationToMilliseconds } from '../../time/duration.js';
import type { ReconcileResult } from '../../kube/controller.js';
import { recordCycle, recordQuarantine } from '../../sync/metrics.js';
import { plural } from '../../sync/plural.js';
import { reportQuota, type QuotaStatus } from '../../sync/quota.js';
import type { OperatorContext } from '../context.js';
import type { CycleRun } from './cycle.js';
import { cycleEvents } from './events.js';
import { exclusionMap, exclusionsStatus } from './exclusions.js';
import type { CycleInputs } from './gates.js';
import { recordGroupMetrics, withGroupReport } from './groups.js';
import type { ScopeMemory } from './memory.js';
import type { Verdict } from './quarantine.js';
import { FAILURES_BEFORE_QUARANTINE } from './quarantine.js';
import { reportSyncScope } from './report.js';
import type { SyncScopeReport } from './status.js';
import { cycleReport, iso, pendingInvitations, redactedAttributes } from './status.js';

type Completed = Extract<CycleRun, { ok: true }>;
type Quarantine = Extract<Verdict, { kind: 'Quarantined' | 'Disabled' }>;

/** What a verdict is reported with. */
export interface VerdictContext {
  ctx: OperatorContext;
  scope: SyncScope;
  log: Logger;
  memory: ScopeMemory;
  inputs: CycleInputs;
}

/** The readiness of a SyncScope disabled after four weeks in quarantine, and how to enable it again. */
export function disabledReadiness(sinceMs: number): SyncScopeReport['readiness'] {
  return {
    state: 'stalled',
    reason: 'Disabled',
    message:
      `in quarantine since ${iso(new Date(sinceMs))}, four weeks, so it no longer runs (the Quarantined ` +
      `condition has the last error). Fix the cause, then set the annotation ${RESTART_JOB_ANNOTATION} or ` +
      'change the spec to enable it again',
  };
}

/** The report of a completed cycle, with its Events. */
function completedReport(v: VerdictContext, run: Completed, quota: QuotaStatus): SyncScopeReport {
  const { memory, inputs, scope } = v;
  const report = cycleReport({
    result: run.result,
    state: memory.state,
    started: run.started,
    ended: run.ended,
    dryRun: scope.spec.mode === 'DryRun',
    exclusions: exclusionsStatus(run.exclusions),
    pendingInvitations: pendingInvitations(memory.state, inputs.source.tenantId, run.result.outcomes),
    redacted: redactedAttributes(inputs.mapping),
    quota,
  });
  return withGroupReport(
    { ...report, events: cycleEvents(run.result, exclusionMap(run.exclusions)) },
    run.groups,
  );
}

/** Why a cycle counts toward quarantine, and the error to show. */
function cause(run: CycleRun, verdict: Quarantine): [string, string] {
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

/** The report of a quarantine (or of its end, Disabled), over what the cycle itself reports. */
function quarantineReport(
  base: SyncScopeReport,
  run: CycleRun,
  verdict: Quarantine,
  log: Logger,
): SyncScopeReport {
  const [why, error] = cause(run, verdict);
  if (verdict.kind === 'Disabled') {
    log.error('SyncScope disabled after four weeks in quarantine', { reason: verdict.reason, error });
    const message = `${why}; disabled after four weeks in quarantine: ${error}`;
    return {
      ...base,
      readiness: disabledReadiness(verdict.sinceMs),
      conditions: { ...base.conditions, Quarantined: { status: 'True', reason: verdict.reason, message } },
    };
  }
  const seconds = Math.round(verdict.retryAfterMs / 1000);
  const since = verdict.first ? '' : ` (in quarantine since ${iso(new Date(verdict.sinceMs))})`;
  const message = `${why}; next try in ${seconds} s${since}: ${error}`;
  log.warn('SyncScope quarantined', { reason: verdict.reason, nextTryInSeconds: seconds, error });
  return {
    ...base,
    readiness: { state: 'notReady', reason: 'Quarantined', message: error },
    conditions: { ...base.conditions, Quarantined: { status: 'True', reason: verdict.reason, message } },
  };
}

/** The log lines of a completed cycle. */
function logCycle(log: Logger, run: Completed): void {
  const { result } = run;
  const line = {
    kind: result.kind,
    seconds: (run.ended.getTime() - run.started.getTime()) / 1000,
    ...result.done,
    inScope: result.counts.inScope,
    provisioned: result.counts.provisioned,
    deferred: result.plan.deferred.length,
    graphRequests: result.graph.requests,
  };
  const acted = Object.values(result.done).some((n) => n > 0);
  log.log(acted || result.kind !== 'Incremental' ? 'info' : 'debug', 'sync cycle ended', line);
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
  const { ctx, scope, log, memory } = v;
  const ref = { namespace: scope.metadata.namespace ?? '', name: scope.metadata.name ?? '' };
  const error = run.ok ? '' : run.message;
  let base: SyncScopeReport = {
    readiness: { state: 'notReady', reason: 'CycleFailed', message: error },
  };
  if (run.ok) {
    recordCycle(ref, run.result, (run.ended.getTime() - run.started.getTime()) / 1000, run.ended);
    recordGroupMetrics(scope, run.groups);
    logCycle(log, run);
    base = completedReport(v, run, reportQuota(ref, v.inputs.target.client));
  }
  switch (verdict.kind) {
    case 'Healthy': {
      if (verdict.recovered) recheckLinks(ctx, scope);
      if (verdict.leftQuarantine) log.info('SyncScope left quarantine');
      await reportSyncScope(ctx, scope, log, base);
      // Creates left for the next cycle (a large initial sync) go on at once rather than after an interval.
      const deferred = run.ok && run.result.plan.deferred.length > 0 && scope.spec.mode !== 'DryRun';
      const next = deferred ? 1 : durationToMilliseconds(scope.spec.interval);
      memory.nextCycleMs = ctx.clock.now() + next;
      return { requeueAfterMs: next };
    }
    case 'Unreachable': {
      // The TenantLinks say so too, at once rather than at their next recheck minutes away.
      if (verdict.first) recheckLinks(ctx, scope);
      const message = `${error}; retrying in ${Math.ceil(verdict.retryAfterMs / 1000)} s`;
      await reportSyncScope(ctx, scope, log, {
        readiness: { state: 'notReady', reason: 'TenantUnreachable', message },
      });
      return { requeueAfterMs: verdict.retryAfterMs };
    }
    case 'Failed':
      await reportSyncScope(ctx, scope, log, base);
      return { requeueAfterMs: verdict.retryAfterMs };
    case 'Quarantined':
    case 'Disabled':
      recordQuarantine(ref, true);
      await reportSyncScope(ctx, scope, log, quarantineReport(base, run, verdict, log));
      return verdict.kind === 'Quarantined' ? { requeueAfterMs: verdict.retryAfterMs } : undefined;
  }
}
