import type { AccessPackagePolicy, ReviewSchedule, ReviewScheduleStatus } from '../../api/index.js';
import { RESOURCES } from '../../api/index.js';
import { mergePatch } from '../../kube/client.js';
import type { Controller } from '../../kube/controller.js';
import { desiredReviewDefinition, reviewScope } from '../../governance/access-review.js';
import type { AnchoredScope } from '../../governance/exclusions.js';
import {
  formatExclusions,
  mergeExclusions,
  recordedExclusions,
  SYNC_EXCLUSIONS_ANNOTATION,
} from '../../governance/exclusions.js';
import { reviewDecisions } from '../../governance/metrics.js';
import { conflictingSyncScopes } from '../../governance/sync-conflict.js';
import { deleteReviewDefinition } from '../../graph/governance/index.js';
import type { ControllerSettings, OperatorContext } from '../context.js';
import type { GovernanceKind, Outcome } from '../governance/template.js';
import { governed, reached, stalled, withConnection } from '../governance/template.js';
import { resolveSources, summarize, syncScopesInto } from '../governance/references.js';
import { createKindController } from '../shared/controller.js';
import { syncScopesIntoTenant, tenantLinks } from '../shared/watches.js';
import { resolveReviewReferences } from './references.js';
import { syncReview } from './sync.js';
import type { TenantConnectResult } from '../shared/tenant-clients.js';
import { unresolvedGroup, withSyncedReviewGroup } from '../governance/synced-groups.js';

function anchoredScopesFor(ctx: OperatorContext, review: ReviewSchedule): AnchoredScope[] {
  const namespace = review.metadata.namespace ?? '';
  const scopes = syncScopesInto(ctx, namespace, review.spec.tenantLinkRef);
  const { sources } = resolveSources(
    ctx,
    namespace,
    review.spec.tenantLinkRef,
    scopes.map((s) => s.spec.source.tenantLinkRef),
  );
  return scopes.flatMap((scope) => {
    const source = sources.find((s) => s.link === scope.spec.source.tenantLinkRef);
    return source
      ? [
          {
            name: scope.metadata.name ?? '',
            sourceTenantId: source.tenantId,
            anchorAttribute: scope.spec.anchorAttribute,
          },
        ]
      : [];
  });
}

async function act(
  ctx: OperatorContext,
  declared: ReviewSchedule,
  connect: () => Promise<TenantConnectResult>,
): Promise<Outcome<ReviewScheduleStatus, 'ReviewSchedule'>> {
  const synced = withSyncedReviewGroup(ctx, declared);
  if (!synced.ok) return unresolvedGroup(synced);
  const review = synced.resource;
  const namespace = review.metadata.namespace ?? '';
  const name = review.metadata.name ?? '';
  const resolved = resolveReviewReferences(ctx, review);
  if (!resolved.ok) return { status: {}, readiness: resolved.readiness };
  const scope = reviewScope(review.spec, { name, ...resolved.context });
  if (!scope.ok) return { status: {}, readiness: stalled('ScopeUnsupported', scope.message) };
  const conflicting = conflictingSyncScopes(
    review.spec,
    syncScopesInto(ctx, namespace, review.spec.tenantLinkRef).map(summarize),
  );
  const warnings = {
    SyncConflict:
      conflicting.length === 0
        ? undefined
        : {
            reason: 'SyncReprovisionsDeniedUsers' as const,
            message:
              `denied users are removed automatically, but SyncScope ${conflicting.join(', ')} provisions them into ` +
              'this tenant and will re-provision those still in its scope: set onDeny: ExcludeFromSync, or review ' +
              'in the source tenant',
          },
  };
  const dryRun = review.spec.mode === 'DryRun';
  const body = desiredReviewDefinition(review.spec, { name, ...resolved.context }, scope.scope);
  return withConnection(
    connect,
    async (connection) => {
      const excluding = review.spec.onDeny === 'ExcludeFromSync';
      const anchored = excluding ? anchoredScopesFor(ctx, review) : undefined;
      const result = await syncReview(
        connection.client,
        review,
        body,
        anchored,
        dryRun,
        new Date(ctx.clock.now()),
      );
      if (excluding && !dryRun && result.exclusions.length > 0)
        await recordExclusions(ctx, review, result.exclusions);
      const counts = result.status.currentInstance?.decisions;
      for (const [decision, count] of Object.entries(counts ?? {})) {
        reviewDecisions.set({ namespace, name, decision }, count);
      }
      const instance = result.status.currentInstance;
      const summary =
        `access review ${result.status.definitionId}` +
        (instance ? `: instance ${instance.status}, ${counts?.denied ?? 0} denied` : ': no instance yet');
      return reached(result, dryRun, summary, warnings);
    },
    warnings,
  );
}

/** Adds exclusions to the ReviewSchedule's annotation, keeping those recorded before. */
async function recordExclusions(
  ctx: OperatorContext,
  review: ReviewSchedule,
  added: Parameters<typeof mergeExclusions>[1],
): Promise<void> {
  const existing = recordedExclusions(review);
  const merged = mergeExclusions(existing, added);
  if (formatExclusions(merged) === formatExclusions(existing)) return;
  await ctx.clients.customObjects.patchNamespacedCustomObject(
    {
      ...RESOURCES.ReviewSchedule,
      namespace: review.metadata.namespace ?? '',
      name: review.metadata.name ?? '',
      body: { metadata: { annotations: { [SYNC_EXCLUSIONS_ANNOTATION]: formatExclusions(merged) } } },
    },
    mergePatch,
  );
}

function kind(ctx: OperatorContext): GovernanceKind<ReviewSchedule, ReviewScheduleStatus, 'ReviewSchedule'> {
  return {
    resource: RESOURCES.ReviewSchedule,
    act: (review, connect) => act(ctx, review, connect),
    cleanup: async (review, connection) => {
      if (review.status?.definitionId)
        await deleteReviewDefinition(connection.client, review.status.definitionId);
      return 'done';
    },
    inTenant: (review) =>
      review.status?.definitionId && `the access review definition ${review.status.definitionId}`,
  };
}

/** The ReviewSchedule controller: one recurring access review per resource, and its denials' exclusions. */
export function createReviewScheduleController(
  ctx: OperatorContext,
  settings: ControllerSettings,
): Controller<ReviewSchedule> {
  return createKindController(ctx, settings, 'reviewschedule', governed(ctx, kind(ctx)), [
    syncScopesIntoTenant(),
    {
      kind: 'AccessPackagePolicy',
      fingerprint: (p) => [
        (p as AccessPackagePolicy).status?.accessPackageId,
        (p as AccessPackagePolicy).status?.policies,
      ],
      refers: (r, p) => r.spec.scope.accessPackagePolicyRef === p.metadata?.name,
    },
    tenantLinks((r) => [r.spec.tenantLinkRef, ...(r.spec.scope.syncedFrom ?? [])]),
  ]);
}
