// Quarantine and escrow of a SyncScope on engine Operator, as one pure policy: what the end of a cycle
// (success, outage, persistent failure, too many failed users) does to the scope's standing, when it may
// cycle next, and when it is disabled. Entra's provisioning quarantine is the model ("Application
// provisioning in quarantine status"): a job whose calls keep failing, or whose failed objects pass the
// escrow threshold, is tried less and less often, down to once a day; it is disabled (stops running) once it
// has been in quarantine for more than four weeks; a successful cycle lifts the quarantine.
import type { Condition } from '../../kube/conditions.js';
import { findCondition, READY } from '../../kube/conditions.js';
import { unreachableRetryMs } from '../../sync/safety.js';

/** Entra's quarantine reasons that the Operator engine gives. */
export type QuarantineReason = 'EncounteredQuarantineException' | 'EncounteredEscrowProportionThreshold';

/** Ready's reason for a SyncScope disabled after four weeks in quarantine. */
export const DISABLED_REASON = 'Disabled';

/** Whole-cycle failures in a row before quarantine; the first ones are retried after two and four intervals. */
export const FAILURES_BEFORE_QUARANTINE = 3;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Tries after the quarantine began: 6 h, 12 h and 24 h, then once a day. */
const FIRST_TRIES_MS = [6 * HOUR_MS, 12 * HOUR_MS, DAY_MS];
/** How long a scope stays in quarantine before it is disabled: four weeks. */
export const DISABLED_AFTER_MS = 28 * DAY_MS;

// Entra's escrow threshold: from 5,000 failed objects in a cycle, more than 40 % of those tried or more than
// 40,000; at 60,000 failed objects regardless of the proportion.
const ESCROW_MINIMUM = 5_000;
const ESCROW_PROPORTION = 0.4;
const ESCROW_COUNT = 40_000;
const ESCROW_ABSOLUTE = 60_000;

/** Whether the failed user actions of one cycle pass Entra's escrow threshold. */
export function exceedsEscrowThreshold(tried: number, failed: number): boolean {
  if (failed >= ESCROW_ABSOLUTE) return true;
  return failed >= ESCROW_MINIMUM && (failed > ESCROW_PROPORTION * tried || failed > ESCROW_COUNT);
}

/** Where a SyncScope stands between its cycles. */
export type Standing =
  | {
      state: 'Healthy';
      /** Cycles in a row that failed for a persistent cause (fewer than FAILURES_BEFORE_QUARANTINE). */
      failures: number;
      /** Cycles in a row that failed for an outage: never counted toward quarantine. */
      unreachable: number;
    }
  | {
      state: 'Quarantined';
      reason: QuarantineReason;
      /** When this quarantine began: its tries and its end are counted from here. */
      sinceMs: number;
      /** When the next try is due. */
      untilMs: number;
      /** The SyncScope as it was quarantined (see `GateInput.change`). */
      change: string;
      unreachable: number;
    }
  | { state: 'Disabled'; reason: QuarantineReason; sinceMs: number; generation: number | undefined };

/** The standings under which a cycle runs. */
export type Running = Exclude<Standing, { state: 'Disabled' }>;

/** A scope with no failure behind it. */
export const HEALTHY: Running = { state: 'Healthy', failures: 0, unreachable: 0 };

/** When the next try of a quarantine that began at `sinceMs` is due, after `nowMs` (at the latest when it ends). */
export function nextTryMs(sinceMs: number, nowMs: number): number {
  const elapsed = nowMs - sinceMs;
  const offset = FIRST_TRIES_MS.find((o) => o > elapsed) ?? (Math.floor(elapsed / DAY_MS) + 1) * DAY_MS;
  return sinceMs + Math.min(offset, DISABLED_AFTER_MS);
}

/** The SyncScope as it is before a cycle. */
export interface GateInput {
  nowMs: number;
  /** Its spec, labels and annotations, minus the requests the operator removes: a change tries at once. */
  change: string;
  generation: number | undefined;
  /** `crosstenant.io/restart-job` is set: the standing is cleared, Disabled included. */
  restart: boolean;
  /** `crosstenant.io/approve-deletions` is set: a quarantined scope tries at once. */
  approved: boolean;
}

/** Whether a cycle runs now (under which standing), not before `untilMs`, or not until the user acts. */
export type GateDecision =
  | { run: true; standing: Running }
  | { run: false; state: 'Quarantined'; untilMs: number }
  | { run: false; state: 'Disabled'; reason: QuarantineReason; sinceMs: number };

/** A quarantine holds until its next try or a change to the SyncScope; Disabled holds until a new spec or a restart. */
export function gateCycle(standing: Standing, input: GateInput): GateDecision {
  if (input.restart) return { run: true, standing: HEALTHY };
  switch (standing.state) {
    case 'Healthy':
      return { run: true, standing };
    case 'Quarantined':
      if (input.nowMs >= standing.untilMs || input.approved || standing.change !== input.change)
        return { run: true, standing };
      return { run: false, state: 'Quarantined', untilMs: standing.untilMs };
    case 'Disabled':
      if (standing.generation !== input.generation) return { run: true, standing: HEALTHY };
      return { run: false, state: 'Disabled', reason: standing.reason, sinceMs: standing.sinceMs };
  }
}

/** How a cycle ended, as far as quarantine is concerned. */
export type CycleEnd =
  | { outcome: 'succeeded'; tried: number; failed: number; dryRun: boolean }
  /** It met an outage (of a tenant, the network or the API server). */
  | { outcome: 'unreachable' }
  /** It failed for a cause an outage does not explain (credentials, permissions, a rejected request). */
  | { outcome: 'failed' };

/** What the controller makes of a cycle's end. */
export type Verdict =
  | { kind: 'Healthy'; recovered: boolean; leftQuarantine: boolean }
  | { kind: 'Unreachable'; retryAfterMs: number; first: boolean }
  | { kind: 'Failed'; retryAfterMs: number; failures: number }
  | { kind: 'Quarantined'; reason: QuarantineReason; retryAfterMs: number; sinceMs: number; first: boolean }
  | { kind: 'Disabled'; reason: QuarantineReason; sinceMs: number };

/** The scope's situation when its cycle ends. */
export interface VerdictInput {
  nowMs: number;
  intervalMs: number;
  change: string;
  generation: number | undefined;
}

/** The standing after a cycle and what to do about it. */
export interface Judgement {
  standing: Standing;
  verdict: Verdict;
}

function quarantine(standing: Running, reason: QuarantineReason, input: VerdictInput): Judgement {
  const { nowMs } = input;
  const continued = standing.state === 'Quarantined';
  const sinceMs = continued ? standing.sinceMs : nowMs;
  if (nowMs - sinceMs >= DISABLED_AFTER_MS) {
    const disabled = { state: 'Disabled', reason, sinceMs, generation: input.generation } as const;
    return { standing: disabled, verdict: { kind: 'Disabled', reason, sinceMs } };
  }
  const untilMs = nextTryMs(sinceMs, nowMs);
  return {
    standing: { state: 'Quarantined', reason, sinceMs, untilMs, change: input.change, unreachable: 0 },
    verdict: { kind: 'Quarantined', reason, retryAfterMs: untilMs - nowMs, sinceMs, first: !continued },
  };
}

/** Judges the end of a cycle that ran under `standing`. */
export function judgeCycle(standing: Running, end: CycleEnd, input: VerdictInput): Judgement {
  switch (end.outcome) {
    case 'succeeded':
      // A DryRun writes nothing, so there is nothing to back off from.
      if (!end.dryRun && exceedsEscrowThreshold(end.tried, end.failed))
        return quarantine(standing, 'EncounteredEscrowProportionThreshold', input);
      return {
        standing: HEALTHY,
        verdict: {
          kind: 'Healthy',
          recovered: standing.unreachable > 0,
          leftQuarantine: standing.state === 'Quarantined',
        },
      };
    case 'unreachable': {
      // An outage is waited out with short retries, so the scope resumes within one interval of the tenant's
      // recovery; the failures that lead to quarantine are left where they were.
      const unreachable = standing.unreachable + 1;
      const retryAfterMs = unreachableRetryMs(unreachable, input.intervalMs);
      return {
        standing: { ...standing, unreachable },
        verdict: { kind: 'Unreachable', retryAfterMs, first: unreachable === 1 },
      };
    }
    case 'failed': {
      if (standing.state !== 'Healthy') return quarantine(standing, 'EncounteredQuarantineException', input);
      const failures = standing.failures + 1;
      if (failures >= FAILURES_BEFORE_QUARANTINE)
        return quarantine(standing, 'EncounteredQuarantineException', input);
      return {
        standing: { state: 'Healthy', failures, unreachable: 0 },
        verdict: { kind: 'Failed', retryAfterMs: input.intervalMs * 2 ** failures, failures },
      };
    }
  }
}

const REASONS: readonly string[] = ['EncounteredQuarantineException', 'EncounteredEscrowProportionThreshold'];

/**
 * The standing a SyncScope's status records, for a process that has none in memory (a restart, a new
 * leader): a quarantine keeps its start and holds until its next try; Disabled stays disabled. Both only for
 * the generation they were recorded for, as a new spec lifts them.
 */
export function standingFromStatus(
  conditions: readonly Condition[] | undefined,
  input: Pick<GateInput, 'nowMs' | 'change' | 'generation'>,
): Standing {
  const quarantined = findCondition(conditions, 'Quarantined');
  if (quarantined?.status !== 'True' || !REASONS.includes(quarantined.reason)) return HEALTHY;
  if (quarantined.observedGeneration !== input.generation) return HEALTHY;
  const sinceMs = Date.parse(quarantined.lastTransitionTime);
  if (Number.isNaN(sinceMs)) return HEALTHY;
  const reason = quarantined.reason as QuarantineReason;
  if (findCondition(conditions, READY)?.reason === DISABLED_REASON)
    return { state: 'Disabled', reason, sinceMs, generation: input.generation };
  const untilMs = nextTryMs(sinceMs, input.nowMs);
  return { state: 'Quarantined', reason, sinceMs, untilMs, change: input.change, unreachable: 0 };
}
