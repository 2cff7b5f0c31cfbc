// What a ReviewSchedule's scope refers to: an AccessPackagePolicy's package and policies, source TenantLinks.
import type { ReadyReason, ReviewSchedule } from '../../api/index.js';
import type { Readiness } from '../../kube/conditions.js';
import type { ReviewContext } from '../../governance/access-review.js';
import type { OperatorContext } from '../context.js';
import { stalled } from '../governance/template.js';
import { resolveSources } from '../governance/references.js';
import { cached } from '../shared/references.js';

/** The review's resolved references, or the readiness that says which one is missing or not ready. */
export function resolveReviewReferences(
  ctx: Pick<OperatorContext, 'informers'>,
  schedule: ReviewSchedule,
):
  | { ok: true; context: Omit<ReviewContext, 'name'> }
  | { ok: false; readiness: Readiness<ReadyReason<'ReviewSchedule'>> } {
  const namespace = schedule.metadata.namespace ?? '';
  const context: Omit<ReviewContext, 'name'> = {};
  const ref = schedule.spec.scope.accessPackagePolicyRef;
  if (ref) {
    const packagePolicy = cached(ctx, 'AccessPackagePolicy').get(namespace, ref);
    if (!packagePolicy)
      return {
        ok: false,
        readiness: stalled('ReferenceNotFound', `AccessPackagePolicy ${ref} does not exist in ${namespace}`),
      };
    const id = packagePolicy.status?.accessPackageId;
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
    context.accessPackage = { id, policyIds: (packagePolicy.status?.policies ?? []).map((p) => p.id) };
  }
  if (schedule.spec.scope.principals === 'SyncedFrom') {
    const links = schedule.spec.scope.syncedFrom ?? [];
    const { sources, missing } = resolveSources(ctx, namespace, schedule.spec.tenantLinkRef, links);
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
