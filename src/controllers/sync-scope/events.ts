// The Events a sync cycle leaves on its SyncScope. The recorder gives each object a small token bucket
// (client-go's 25, refilled 1 per 5 min), shared with the Events that matter most (DeletionThresholdExceeded,
// Quarantined, ProvisionedOnDemand): a cycle that touched a few users names each, a bigger one sums up.
import type { EventReason } from '../../api/index.js';
import type { EventType } from '../../kube/events.js';
import type { ActionOutcome } from '../../sync/apply.js';
import type { CycleResult } from '../../sync/cycle.js';

/** At most this many users get an Event of their own in one cycle; above, one summary Event. */
export const PER_USER_EVENTS = 3;

/** One Event to record. */
export interface SyncEvent {
  type: EventType;
  reason: EventReason<'SyncScope'>;
  message: string;
}

/** Source user id -> the ReviewSchedule whose denial excludes it from sync. */
export type ExcludedBy = ReadonlyMap<string, string>;

function userEvent(o: ActionOutcome, excludedBy: ExcludedBy): SyncEvent {
  const a = o.action;
  const target = o.targetUserId ?? ('targetUserId' in a ? a.targetUserId : undefined);
  const as = target ? ` (target user ${target})` : '';
  if (!o.ok)
    return {
      type: 'Warning',
      reason: 'UserSyncFailed',
      message: `${a.kind} of source user ${a.sourceUserId}${as} failed: ${o.error ?? 'failed'}`,
    };
  switch (a.kind) {
    case 'create':
    case 'adopt':
      return {
        type: 'Normal',
        reason: 'UserCreated',
        message: `source user ${a.sourceUserId} provisioned${as}`,
      };
    case 'update':
      return {
        type: 'Normal',
        reason: 'UserUpdated',
        message: `source user ${a.sourceUserId}${as}: ${a.changes.map((c) => c.attribute).join(', ')} updated`,
      };
    case 'deprovision': {
      const review = excludedBy.get(a.sourceUserId);
      const why = review ? `denied in an access review of ReviewSchedule ${review}` : a.reason;
      return {
        type: 'Normal',
        reason: 'UserDeprovisioned',
        message: `source user ${a.sourceUserId}${as}: ${a.how} (${why})`,
      };
    }
    case 'restore':
      return {
        type: 'Normal',
        reason: 'UserRestored',
        message: `source user ${a.sourceUserId} restored${as}`,
      };
  }
}

/** The Events of one cycle: one per user acted on when there are few, else the summary (none when nothing happened). */
export function cycleEvents(result: CycleResult, excludedBy: ExcludedBy = new Map()): SyncEvent[] {
  const { created, updated, deprovisioned, restored, failed } = result.done;
  if (created + updated + deprovisioned + restored + failed === 0) return [];
  if (result.plan.failures.length === 0 && result.outcomes.length <= PER_USER_EVENTS)
    return result.outcomes.map((o) => userEvent(o, excludedBy));
  return [
    {
      type: failed > 0 ? 'Warning' : 'Normal',
      reason: 'Synced',
      message:
        `created ${created}, updated ${updated}, deprovisioned ${deprovisioned}, restored ${restored}, ` +
        `failed ${failed}${byReviews(result, excludedBy)}`,
    },
  ];
}

/** How many of a cycle's deprovisions access reviews caused, naming their ReviewSchedules. */
function byReviews(result: CycleResult, excludedBy: ExcludedBy): string {
  const reviews = new Map<string, number>();
  for (const { ok, action } of result.outcomes) {
    const review = ok && action.kind === 'deprovision' ? excludedBy.get(action.sourceUserId) : undefined;
    if (review !== undefined) reviews.set(review, (reviews.get(review) ?? 0) + 1);
  }
  if (reviews.size === 0) return '';
  const named = [...reviews].map(([review, n]) => `${n} by ReviewSchedule ${review}`).join(', ');
  return ` (deprovisioned after an access review denied them: ${named})`;
}
