// The Events a sync cycle leaves on its SyncScope. The recorder gives each object a small token bucket
// (client-go's 25, refilled 1 per 5 min), shared with the Events that matter most (DeletionThresholdExceeded,
// Quarantined, ProvisionedOnDemand): a cycle that touched a few users names each, a bigger one sums up.
import type { EventType } from '../kube/events.js';
import type { ActionOutcome } from '../sync/apply.js';
import type { CycleResult } from '../sync/cycle.js';

/** At most this many users get an Event of their own in one cycle; above, one summary Event. */
export const PER_USER_EVENTS = 3;

/** One Event to record. */
export interface SyncEvent {
  type: EventType;
  reason: string;
  message: string;
}

function userEvent(o: ActionOutcome): SyncEvent {
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
    case 'deprovision':
      return {
        type: 'Normal',
        reason: 'UserDeprovisioned',
        message: `source user ${a.sourceUserId}${as}: ${a.how} (${a.reason})`,
      };
    case 'restore':
      return {
        type: 'Normal',
        reason: 'UserRestored',
        message: `source user ${a.sourceUserId} restored${as}`,
      };
  }
}

/** The Events of one cycle: one per user acted on when there are few, else the summary (none when nothing happened). */
export function cycleEvents(result: CycleResult): SyncEvent[] {
  const { created, updated, deprovisioned, restored, failed } = result.done;
  if (created + updated + deprovisioned + restored + failed === 0) return [];
  if (result.plan.failures.length === 0 && result.outcomes.length <= PER_USER_EVENTS)
    return result.outcomes.map(userEvent);
  return [
    {
      type: failed > 0 ? 'Warning' : 'Normal',
      reason: 'Synced',
      message: `created ${created}, updated ${updated}, deprovisioned ${deprovisioned}, restored ${restored}, failed ${failed}`,
    },
  ];
}
