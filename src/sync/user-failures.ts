// The per-user failure bookkeeping of a sync cycle: what failed, how often, and who is planned again.
import type { ActionOutcome } from './apply.js';
import type { SyncAction, SyncPlan } from './plan.js';

/** A user whose last action failed, retried with growing back-off. */
export interface UserFailure {
  action: SyncAction['kind'];
  message: string;
  attempts: number;
  lastAttemptAt: Date;
}

/** The part of a SyncScope's state that tracks failed users. */
interface FailureState {
  failures: Map<string, UserFailure>;
  /** Source users to plan again next cycle though nothing changed. */
  replan: Set<string>;
}

/**
 * Forgets the failures of users planned this cycle who needed nothing: a write that failed for us may have
 * reached Graph after all (a 5xx after the change was made), and the next read shows the user as wanted.
 */
export function clearSettledFailures(state: FailureState, plan: SyncPlan, planned: readonly string[]): void {
  if (state.failures.size === 0) return;
  const pending = new Set([
    ...plan.actions.map((a) => a.sourceUserId),
    ...plan.failures.map((f) => f.sourceUserId),
    ...plan.deferred,
  ]);
  for (const id of planned) if (!pending.has(id)) state.failures.delete(id);
}

/** Records failed actions and plan failures with their attempts, queues them for replanning, and clears what succeeded. */
export function recordOutcomes(
  state: FailureState,
  plan: SyncPlan,
  outcomes: ActionOutcome[],
  staged: SyncAction[],
  now: Date,
): void {
  for (const failure of plan.failures) {
    const previous = state.failures.get(failure.sourceUserId);
    state.failures.set(failure.sourceUserId, {
      action: 'create',
      message: `${failure.reason}: ${failure.message}`,
      attempts: (previous?.attempts ?? 0) + 1,
      lastAttemptAt: now,
    });
    state.replan.add(failure.sourceUserId);
  }
  const failed = new Set<string>();
  for (const o of outcomes) {
    const id = o.action.sourceUserId;
    if (o.ok) continue;
    failed.add(id);
    // What became of it is unknown, not failed: the next read shows it, and the user is planned again.
    if (o.unknown) {
      // A held create is planned again by its in-flight record once it may have replicated.
      if (!o.held) state.replan.add(id);
      continue;
    }
    const previous = state.failures.get(id);
    state.failures.set(id, {
      action: o.action.kind === 'adopt' ? 'update' : o.action.kind,
      message: o.error ?? 'failed',
      attempts: (previous?.attempts ?? 0) + 1,
      lastAttemptAt: now,
    });
    state.replan.add(id);
  }
  for (const o of outcomes)
    if (o.ok && !failed.has(o.action.sourceUserId)) state.failures.delete(o.action.sourceUserId);
  for (const a of staged) state.replan.add(a.sourceUserId);
}
