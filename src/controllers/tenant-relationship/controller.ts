// The TenantRelationship controller: cross-tenant access partner settings in both tenants of each declared
// pair, and the multitenant organization, written only where they differ from the declaration.
import type { TenantRelationship, TenantRelationshipStatus } from '../../api/index.js';
import { RESOURCES } from '../../api/index.js';
import type { Controller } from '../../kube/controller.js';
import type { ControllerSettings, OperatorContext } from '../context.js';
import { graphFailure, LINK_RETRY_MS } from '../governance/template.js';
import { createKindController } from '../shared/controller.js';
import { tenantLinks } from '../shared/watches.js';
import type { ReconciledKind } from '../shared/reconcile.js';
import { suspendedReadiness } from '../shared/reconcile.js';
import { connectLinks } from './connections.js';
import { reconcileOrganization } from './organization.js';
import { deletePartners, reconcilePartners } from './partners.js';
import type { RelationshipPass } from './report.js';
import { linksOf, outcome } from './report.js';

/** Connects every TenantLink, then reconciles the partner settings and the organization. */
async function act(ctx: OperatorContext, rel: TenantRelationship): Promise<RelationshipPass> {
  const spec = rel.spec;
  const dryRun = spec.mode === 'DryRun';
  const connected = await connectLinks(ctx, rel.metadata.namespace ?? '', linksOf(spec));
  if (!connected.ok) return { readiness: connected.readiness, requeueAfterMs: LINK_RETRY_MS };
  try {
    const plans = await reconcilePartners(connected.links, spec.pairs, dryRun);
    const organization = spec.multiTenantOrganization
      ? await reconcileOrganization(connected.links, spec.multiTenantOrganization, dryRun)
      : undefined;
    return outcome(rel, plans, organization, dryRun, new Date(ctx.clock.now()));
  } catch (err) {
    return graphFailure(err);
  }
}

/** The TenantRelationship as the shared reconcile runs it. */
export function relationshipKind(
  ctx: OperatorContext,
): ReconciledKind<'TenantRelationship', TenantRelationshipStatus, TenantRelationship> {
  return {
    resource: RESOURCES.TenantRelationship,
    act: (rel) => act(ctx, rel),
    suspended: () => ({ readiness: suspendedReadiness('the tenants are neither read nor written') }),
    cleanup: {
      run: async (rel) => {
        if (rel.spec.pairs.length === 0) return 'done';
        const connected = await connectLinks(ctx, rel.metadata.namespace ?? '', linksOf(rel.spec));
        if (!connected.ok) return { requeueAfterMs: LINK_RETRY_MS };
        await deletePartners(connected.links, rel.spec.pairs);
        return 'done';
      },
      inTenant: (rel) => {
        if (rel.spec.pairs.length === 0) return undefined;
        const pairs = rel.spec.pairs.map((p) => `${p.source} -> ${p.target}`).join(', ');
        return `every partner configuration of the pairs ${pairs} (in both tenants of each pair)`;
      },
    },
  };
}

/** The TenantRelationship controller; a TenantLink becoming ready (or changing tenant) requeues its users. */
export function createTenantRelationshipController(
  ctx: OperatorContext,
  settings: ControllerSettings,
): Controller<TenantRelationship> {
  return createKindController(ctx, settings, 'tenantrelationship', relationshipKind(ctx), [
    tenantLinks((rel) => linksOf(rel.spec)),
  ]);
}
