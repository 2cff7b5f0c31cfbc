import type { SyncAction } from './plan.js';

export interface ThresholdResult {
  /** The actions to apply this cycle. */
  actions: SyncAction[];
  /** Deprovisions held back until an approval ("staged" in Entra's logs). */
  staged: SyncAction[];
  /** Deprovisions (deletes and disables) the plan holds. */
  deprovisions: number;
  exceeded: boolean;
  /** Deprovisions no removal reported by Graph explains, when they were enough to hold the cycle. */
  unexplained?: number;
}

/** How a cycle's deprovisions are judged besides the threshold. */
export interface ShrinkGuard {
  /** Users of this scope provisioned in the target before the cycle. */
  provisioned: number;
  /** Whether Graph itself said this source user changed or left (a delta `@removed`, a membership `@removed`, a changed user). */
  explained: (sourceUserId: string) => boolean;
}

/** Unexplained deprovisions beyond this share of the provisioned users hold the cycle, threshold or not. */
export const SHRINK_FRACTION = 0.1;
/** ...and beyond this count, so that small scopes losing a few users by a listing are not held. */
export const SHRINK_MINIMUM = 10;

/** Whether a cycle's unexplained deprovisions are a sharp shrink of the scope (see SHRINK_FRACTION). */
export function isSharpShrink(unexplained: number, provisioned: number): boolean {
  return unexplained > SHRINK_MINIMUM && unexplained > SHRINK_FRACTION * provisioned;
}

/**
 * Holds back every deprovision of a cycle, unless approved, whose deprovisions (deletes and disables) exceed
 * the threshold, or which would shrink the scope sharply for users Graph never reported changed or gone: such
 * a shrink is what a read cut short looks like, and users deprovisioned by mistake lose their access.
 */
export function applyDeletionThreshold(
  actions: readonly SyncAction[],
  options: { threshold: number; approved: boolean; guard?: ShrinkGuard },
): ThresholdResult {
  const { threshold, guard } = options;
  const deprovisions = actions.filter((a) => a.kind === 'deprovision');
  const unexplained = guard ? deprovisions.filter((a) => !guard.explained(a.sourceUserId)).length : 0;
  const shrink = guard !== undefined && isSharpShrink(unexplained, guard.provisioned);
  const exceeded = deprovisions.length > threshold || shrink;
  if (!exceeded || options.approved) {
    return { actions: [...actions], staged: [], deprovisions: deprovisions.length, exceeded };
  }
  return {
    actions: actions.filter((a) => a.kind !== 'deprovision'),
    staged: deprovisions,
    deprovisions: deprovisions.length,
    exceeded,
    ...(shrink ? { unexplained } : {}),
  };
}

const HOUR = 3_600;

const USER_RETRY_BASE_SECONDS = 30;
const USER_RETRY_MAX_SECONDS = 6 * HOUR;

/** Back-off before a user that failed `attempts` times in a row is tried again: 30 s doubling, at most 6 h. */
export function userRetryDelaySeconds(attempts: number): number {
  if (attempts <= 0) return 0;
  return Math.min(USER_RETRY_BASE_SECONDS * 2 ** Math.min(attempts - 1, 30), USER_RETRY_MAX_SECONDS);
}

/** Whether a failed user is due for another try at `now`. */
export function userRetryDue(failure: { attempts: number; lastAttemptAt: Date }, now: Date): boolean {
  return now.getTime() - failure.lastAttemptAt.getTime() >= userRetryDelaySeconds(failure.attempts) * 1000;
}

/** Codes of calls that got no usable answer: the tenant or the network, not the configuration. */
const UNREACHABLE_CODES = new Set([
  'NetworkError',
  'RequestTimeout',
  'MalformedResponse',
  'TenantUnreachable',
  'MissingBatchResponse',
]);

/**
 * Whether a failed call is transient (5xx, 429, no answer, an answer cut short): retried with back-off and
 * never a quarantine. Everything else (credentials, permissions, an invalid filter, 4xx) is persistent, as
 * Entra quarantines on configuration errors and not on an outage.
 */
export function isTransientFailure(error: { status: number; code: string }): boolean {
  if (error.status === 429 || error.status >= 500) return true;
  return UNREACHABLE_CODES.has(error.code);
}

/** Back-off between cycles while a tenant is unreachable: 2 s doubling, at most one interval. */
export function unreachableRetryMs(attempts: number, intervalMs: number): number {
  return Math.min(2_000 * 2 ** Math.max(0, attempts - 1), intervalMs);
}
