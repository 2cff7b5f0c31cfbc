// The typed catalogue of the condition and Event reasons each kind's controller reports. The reference
// documentation is generated from it, and the status report and the Event recorder accept only its
// reasons, so a reason cannot be set without being documented.
import { accessPackagePolicyReasons } from './access-package-policy.js';
import { attributeMappingReasons } from './attribute-mapping.js';
import type { ConditionEntry, EventEntry, KindReasons } from './entries.js';
import { lifecycleWorkflowReasons } from './lifecycle-workflow.js';
import { reviewScheduleReasons } from './review-schedule.js';
import { syncScopeReasons } from './sync-scope.js';
import { tenantLinkReasons } from './tenant-link.js';
import { tenantRelationshipReasons } from './tenant-relationship.js';

export type { ConditionEntry, EventEntry, KindReasons } from './entries.js';
export { ENTRA_QUARANTINE_REASONS } from './sync-scope.js';

/** The conditions and Events of every kind, in the order the reference documents them. */
export const REASONS = {
  TenantLink: tenantLinkReasons,
  TenantRelationship: tenantRelationshipReasons,
  SyncScope: syncScopeReasons,
  AttributeMapping: attributeMappingReasons,
  AccessPackagePolicy: accessPackagePolicyReasons,
  ReviewSchedule: reviewScheduleReasons,
  LifecycleWorkflow: lifecycleWorkflowReasons,
} satisfies Record<string, KindReasons>;

/** A kind with a catalogue of reasons (every crosstenant.io kind). */
export type ReasonKind = keyof typeof REASONS;

type ConditionEntries<K extends ReasonKind> = (typeof REASONS)[K]['conditions'][number];

/** The condition types kind `K` sets. */
export type ConditionType<K extends ReasonKind> = ConditionEntries<K>['type'];

/** A reason kind `K` may give its condition of type `C` (any of its conditions when `C` is omitted). */
export type ConditionReason<K extends ReasonKind, C extends string = string> = Extract<
  ConditionEntries<K>,
  ConditionEntry<C>
>['reasons'][number];

/** A reason of kind `K`'s Ready condition. */
export type ReadyReason<K extends ReasonKind> = ConditionReason<K, 'Ready'>;

/** An Event reason of kind `K`: a reason of its Ready condition (recorded when Ready changes) or one of its Events. */
export type EventReason<K extends ReasonKind> =
  ReadyReason<K> | (typeof REASONS)[K]['events'][number]['reason'];

/** An Event reason of any kind: what the Event recorder accepts. */
export type AnyEventReason = { [K in ReasonKind]: EventReason<K> }[ReasonKind];

/** Whether `reason` is one kind `K` may give its condition of type `type`. */
export function isConditionReason<K extends ReasonKind, C extends string>(
  kind: K,
  type: C,
  reason: string,
): reason is ConditionReason<K, C> {
  const entries: readonly ConditionEntry[] = REASONS[kind].conditions;
  return entries.some((entry) => entry.type === type && entry.reasons.includes(reason));
}

/** The catalogue entry of an Event reason kind `K` records beyond Ready's reasons, if `reason` is one. */
export function eventEntry<K extends ReasonKind>(
  kind: K,
  reason: string,
): (EventEntry & { reason: EventReason<K> }) | undefined {
  const entries: readonly EventEntry[] = REASONS[kind].events;
  return entries.find((entry): entry is EventEntry & { reason: EventReason<K> } => entry.reason === reason);
}
