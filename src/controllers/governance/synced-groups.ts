// Governance resources may name a synchronized group by its source (syncedGroup): before they act, the
// reference is replaced by the target group's id, read from the SyncScope's status. Kept apart from the
// AccessPackagePolicy and ReviewSchedule controllers, which call it with one line each.
import type { AccessPackagePolicy, ReviewSchedule } from '../../api/index.js';
import type { SyncedGroupRef } from '../../api/group-sync.js';
import { resolveSyncedGroup, type SyncedGroupResolution } from '../../governance/synced-group.js';
import type { OperatorContext } from '../context.js';
import { cached } from '../shared/references.js';
import { PROGRESS_MS, type Outcome } from './template.js';

type Resolved<T> =
  { ok: true; resource: T } | { ok: false; reason: 'ReferenceNotFound' | 'GroupNotSynced'; message: string };

function resolve(
  ctx: OperatorContext,
  namespace: string,
  tenantLinkRef: string,
  ref: SyncedGroupRef,
): SyncedGroupResolution {
  return resolveSyncedGroup(ref, cached(ctx, 'SyncScope').get(namespace, ref.syncScopeRef), tenantLinkRef);
}

/** The AccessPackagePolicy with each syncedGroup resource replaced by the target group's id. */
export function withSyncedPackageGroups(
  ctx: OperatorContext,
  packagePolicy: AccessPackagePolicy,
): Resolved<AccessPackagePolicy> {
  if (!packagePolicy.spec.resources.some((r) => r.group.syncedGroup))
    return { ok: true, resource: packagePolicy };
  const resources = [];
  for (const resource of packagePolicy.spec.resources) {
    const ref = resource.group.syncedGroup;
    if (!ref) {
      resources.push(resource);
      continue;
    }
    const found = resolve(ctx, packagePolicy.metadata.namespace ?? '', packagePolicy.spec.tenantLinkRef, ref);
    if (!found.ok) return found;
    resources.push({ ...resource, group: { id: found.id } });
  }
  return { ok: true, resource: { ...packagePolicy, spec: { ...packagePolicy.spec, resources } } };
}

/** The ReviewSchedule with a syncedGroup scope replaced by the target group's id. */
export function withSyncedReviewGroup(
  ctx: OperatorContext,
  review: ReviewSchedule,
): Resolved<ReviewSchedule> {
  const { syncedGroup, ...scope } = review.spec.scope;
  if (!syncedGroup) return { ok: true, resource: review };
  const found = resolve(ctx, review.metadata.namespace ?? '', review.spec.tenantLinkRef, syncedGroup);
  if (!found.ok) return found;
  return {
    ok: true,
    resource: { ...review, spec: { ...review.spec, scope: { ...scope, group: found.id } } },
  };
}

/**
 * The outcome of a resource whose synchronized group cannot be resolved: looked at again soon (and when the
 * SyncScope's synchronized groups change). A group not synchronized yet is waited for; a wrong reference needs the user.
 */
export function unresolvedGroup<S, K extends 'AccessPackagePolicy' | 'ReviewSchedule'>(failure: {
  reason: 'ReferenceNotFound' | 'GroupNotSynced';
  message: string;
}): Outcome<S, K> {
  const state = failure.reason === 'GroupNotSynced' ? 'notReady' : 'stalled';
  return { status: {}, readiness: { state, ...failure }, requeueAfterMs: PROGRESS_MS };
}
