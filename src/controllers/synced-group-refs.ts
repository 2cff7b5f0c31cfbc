// Governance resources may name a synchronized group by its source (syncedGroup): before they act, the
// reference is replaced by the target group's id, read from the SyncScope's status. Kept apart from the
// AccessPackagePolicy and ReviewSchedule controllers, which call it with one line each.
import type { AccessPackagePolicy, ReviewSchedule, SyncScope } from '../api/index.js';
import { GROUP, VERSION } from '../api/index.js';
import type { SyncedGroupRef } from '../api/group-sync.js';
import { resolveSyncedGroup, type SyncedGroupResolution } from '../governance/synced-group.js';
import { isNotFound } from '../kube/client.js';
import type { OperatorContext } from './context.js';
import { PROGRESS_MS, type Outcome } from './governance-reconcile.js';

type Resolved<T> =
  { ok: true; resource: T } | { ok: false; reason: 'ReferenceNotFound' | 'GroupNotSynced'; message: string };

async function resolve(
  ctx: OperatorContext,
  namespace: string,
  tenantLinkRef: string,
  ref: SyncedGroupRef,
): Promise<SyncedGroupResolution> {
  let scope: SyncScope | undefined;
  try {
    scope = (await ctx.clients.customObjects.getNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      plural: 'syncscopes',
      namespace,
      name: ref.syncScopeRef,
    })) as SyncScope;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  return resolveSyncedGroup(ref, scope, tenantLinkRef);
}

/** The AccessPackagePolicy with each syncedGroup resource replaced by the target group's id. */
export async function withSyncedPackageGroups(
  ctx: OperatorContext,
  app: AccessPackagePolicy,
): Promise<Resolved<AccessPackagePolicy>> {
  if (!app.spec.resources.some((r) => r.group.syncedGroup)) return { ok: true, resource: app };
  const resources = [];
  for (const resource of app.spec.resources) {
    const ref = resource.group.syncedGroup;
    if (!ref) {
      resources.push(resource);
      continue;
    }
    const found = await resolve(ctx, app.metadata.namespace ?? '', app.spec.tenantLinkRef, ref);
    if (!found.ok) return found;
    resources.push({ ...resource, group: { id: found.id } });
  }
  return { ok: true, resource: { ...app, spec: { ...app.spec, resources } } };
}

/** The ReviewSchedule with a syncedGroup scope replaced by the target group's id. */
export async function withSyncedReviewGroup(
  ctx: OperatorContext,
  review: ReviewSchedule,
): Promise<Resolved<ReviewSchedule>> {
  const { syncedGroup, ...scope } = review.spec.scope;
  if (!syncedGroup) return { ok: true, resource: review };
  const found = await resolve(ctx, review.metadata.namespace ?? '', review.spec.tenantLinkRef, syncedGroup);
  if (!found.ok) return found;
  return {
    ok: true,
    resource: { ...review, spec: { ...review.spec, scope: { ...scope, group: found.id } } },
  };
}

/**
 * The outcome of a resource whose synchronized group cannot be resolved: looked at again soon, since nothing
 * watches the SyncScope's status for it. A group not synchronized yet is waited for; a wrong reference needs the user.
 */
export function unresolvedGroup<S, K extends 'AccessPackagePolicy' | 'ReviewSchedule'>(failure: {
  reason: 'ReferenceNotFound' | 'GroupNotSynced';
  message: string;
}): Outcome<S, K> {
  const state = failure.reason === 'GroupNotSynced' ? 'notReady' : 'stalled';
  return { status: {}, readiness: { state, ...failure }, requeueAfterMs: PROGRESS_MS };
}
