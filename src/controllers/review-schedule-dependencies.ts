// What a ReviewSchedule's scope refers to: an AccessPackagePolicy's package and policies, source TenantLinks.
import type { AccessPackagePolicy, ReadyReason, ReviewSchedule } from '../api/index.js';
import { GROUP, VERSION } from '../api/index.js';
import { isNotFound } from '../kube/client.js';
import type { Readiness } from '../kube/conditions.js';
import type { ReviewContext } from '../governance/access-review.js';
import type { OperatorContext } from './context.js';
import { stalled } from './governance-reconcile.js';
import { resolveSources } from './governance-references.js';

/** Reads an AccessPackagePolicy of a namespace; undefined when it does not exist. */
export async function getAccessPackagePolicy(
  ctx: OperatorContext,
  namespace: string,
  name: string,
): Promise<AccessPackagePolicy | undefined> {
  try {
    return (await ctx.clients.customObjects.getNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      plural: 'accesspackagepolicies',
      namespace,
      name,
    })) as AccessPackagePolicy;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** The review's resolved references, or the readiness that says which one is missing or not ready. */
export async function review(
  ctx: OperatorContext,
  schedule: ReviewSchedule,
): Promise<
  | { ok: true; context: Omit<ReviewContext, 'name'> }
  | { ok: false; readiness: Readiness<ReadyReason<'ReviewSchedule'>> }
> {
  const namespace = schedule.metadata.namespace ?? '';
  const context: Omit<ReviewContext, 'name'> = {};
  const ref = schedule.spec.scope.accessPackagePolicyRef;
  if (ref) {
    const app = await getAccessPackagePolicy(ctx, namespace, ref);
    if (!app)
      return {
        ok: false,
        readiness: stalled('ReferenceNotFound', `AccessPackagePolicy ${ref} does not exist in ${namespace}`),
      };
    const id = app.status?.accessPackageId;
    if (!id) {
      return {
        ok: false,
        readiness: {
          state: 'notReady',
          reason: 'DependencyNotReady',
          message: `AccessPackagePolicy ${ref} has no access package id in its status yet`,
        },
      };
    }
    context.accessPackage = { id, policyIds: (app.status?.policies ?? []).map((p) => p.id) };
  }
  if (schedule.spec.scope.principals === 'SyncedFrom') {
    const links = schedule.spec.scope.syncedFrom ?? [];
    const { sources, missing } = await resolveSources(ctx, namespace, schedule.spec.tenantLinkRef, links);
    if (missing.length > 0) {
      return {
        ok: false,
        readiness: stalled(
          'ReferenceNotFound',
          `TenantLink ${missing.join(', ')} (scope.syncedFrom) does not exist in ${namespace}`,
        ),
      };
    }
    context.syncedFrom = sources;
  }
  return { ok: true, context };
}
