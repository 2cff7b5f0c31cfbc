// onDeny: ExcludeFromSync, the SyncScope side: the ReviewSchedule controller records denied users in an
// annotation of its own resource (src/governance/exclusions.ts); a SyncScope keeps them out of scope.
import type { SyncScope } from '../../api/index.js';
import { SYNC_EXCLUSIONS_ANNOTATION, syncExclusionsFor } from '../../governance/exclusions.js';
import type { SyncExclusion } from '../../governance/exclusions.js';
import type { WatchSpec } from '../../kube/controller.js';
import type { OperatorContext } from '../context.js';
import { cached } from '../shared/references.js';
import type { PrimaryLister } from '../shared/watches.js';
import { requeueReferrers, specOf } from '../shared/watches.js';

/** At most this many exclusions are listed in status (the CRD's bound). */
const STATUS_LIMIT = 5000;

/** Requeues the SyncScopes writing into a ReviewSchedule's tenant when its exclusions or onDeny change. */
export function reviewScheduleWatch(primaries: PrimaryLister<SyncScope>): WatchSpec {
  return requeueReferrers(
    'ReviewSchedule',
    primaries,
    (review) => [
      review.metadata?.annotations?.[SYNC_EXCLUSIONS_ANNOTATION],
      specOf(review).onDeny,
      specOf(review).tenantLinkRef,
    ],
    (scope, review) => scope.spec.target.tenantLinkRef === specOf(review).tenantLinkRef,
  );
}

/** The source users the ReviewSchedules of the SyncScope's namespace exclude from it (from the shared cache). */
export function loadExclusions(ctx: Pick<OperatorContext, 'informers'>, scope: SyncScope): SyncExclusion[] {
  return syncExclusionsFor(scope, [...cached(ctx, 'ReviewSchedule').list(scope.metadata.namespace ?? '')]);
}

/** The exclusions by source user id, naming the ReviewSchedule, as the sync cycle takes them. */
export function exclusionMap(exclusions: readonly SyncExclusion[]): Map<string, string> {
  return new Map(exclusions.map((e) => [e.sourceUserId, e.reviewSchedule]));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The exclusions as status lists them: bounded, and only those the CRD's formats accept (the annotation can be edited by hand). */
export function exclusionsStatus(exclusions: readonly SyncExclusion[]): SyncExclusion[] {
  return exclusions
    .filter((e) => UUID.test(e.sourceUserId) && !Number.isNaN(Date.parse(e.since)))
    .slice(0, STATUS_LIMIT);
}
