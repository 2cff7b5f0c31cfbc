// The TenantRelationship controller: cross-tenant access partner settings in both tenants of each declared
// pair, and the multitenant organization, written only where they differ from the declaration.
import type { Logger } from 'winston';
import type { TenantRelationship } from '../../api/index.js';
import { API_VERSION, GROUP, VERSION } from '../../api/index.js';
import type { ResourceKind } from '../../kube/client.js';
import { splitKey } from '../../kube/client.js';
import type { Controller, ReconcileResult } from '../../kube/controller.js';
import { createController } from '../../kube/controller.js';
import { addFinalizer, hasFinalizer, removeFinalizer } from '../../kube/finalizers.js';
import { loggerFor } from '../../observability/logger.js';
import type { ControllerSettings, OperatorContext } from '../context.js';
import { informerNamespace, isWatched } from '../context.js';
import {
  GOVERNANCE_FINALIZER,
  graphFailure,
  LEFT_IN_TENANT,
  leftInTenantMessage,
} from '../governance-reconcile.js';
import type { PrimaryLister } from '../governance-watches.js';
import { linkFingerprint, requeueReferrers } from '../governance-watches.js';
import { connectLinks } from './connections.js';
import { reconcileOrganization } from './organization.js';
import { deletePartners, reconcilePartners } from './partners.js';
import type { Pass } from './report.js';
import { linksOf, outcome, reportPass } from './report.js';

/** The TenantRelationship kind as the API addresses it. */
export const TENANT_RELATIONSHIP_KIND: ResourceKind = {
  group: GROUP,
  version: VERSION,
  plural: 'tenantrelationships',
};

async function act(ctx: OperatorContext, rel: TenantRelationship): Promise<Pass> {
  const namespace = rel.metadata.namespace ?? '';
  const spec = rel.spec;
  const dryRun = spec.mode === 'DryRun';
  const connected = await connectLinks(ctx, namespace, linksOf(spec));
  if (!connected.ok)
    return { status: {}, readiness: connected.readiness, requeueAfterMs: 30_000, wrote: [], corrected: [] };
  try {
    const plans = await reconcilePartners(connected.links, spec.pairs, dryRun);
    const organization = spec.multiTenantOrganization
      ? await reconcileOrganization(connected.links, spec.multiTenantOrganization, dryRun)
      : undefined;
    return outcome(rel, plans, organization, dryRun, ctx.now());
  } catch (err) {
    return { status: {}, ...graphFailure(err), wrote: [], corrected: [] };
  }
}

/** The partner configurations a Delete would remove, in words. */
function declaredPartners(rel: TenantRelationship): string | undefined {
  if (rel.spec.pairs.length === 0) return undefined;
  const pairs = rel.spec.pairs.map((p) => `${p.source} -> ${p.target}`).join(', ');
  return `every partner configuration of the pairs ${pairs} (in both tenants of each pair)`;
}

async function reconcile(
  ctx: OperatorContext,
  key: string,
  rel: TenantRelationship | undefined,
  log: Logger,
): Promise<ReconcileResult | void> {
  const { namespace = '', name } = splitKey(key);
  if (!rel || !isWatched(ctx, namespace)) return;
  const ref = { kind: TENANT_RELATIONSHIP_KIND, namespace, name };
  if (rel.metadata.deletionTimestamp) {
    if (!hasFinalizer(rel, GOVERNANCE_FINALIZER)) return;
    if (rel.spec.deletionPolicy === 'Delete' && rel.spec.suspend) {
      const subject = { apiVersion: API_VERSION, kind: 'TenantRelationship', metadata: rel.metadata };
      await ctx.events.event(subject, 'Warning', LEFT_IN_TENANT, leftInTenantMessage(declaredPartners(rel)));
    } else if (
      rel.spec.deletionPolicy === 'Delete' &&
      rel.spec.mode === 'Enforce' &&
      rel.spec.pairs.length > 0
    ) {
      const connected = await connectLinks(ctx, namespace, linksOf(rel.spec));
      if (!connected.ok) return { requeueAfterMs: 30_000 };
      await deletePartners(connected.links, rel.spec.pairs);
    }
    await removeFinalizer(ctx.clients, ref, GOVERNANCE_FINALIZER);
    return;
  }
  const wantsFinalizer = rel.spec.deletionPolicy === 'Delete';
  if (wantsFinalizer && !hasFinalizer(rel, GOVERNANCE_FINALIZER))
    await addFinalizer(ctx.clients, ref, GOVERNANCE_FINALIZER);
  if (!wantsFinalizer && hasFinalizer(rel, GOVERNANCE_FINALIZER))
    await removeFinalizer(ctx.clients, ref, GOVERNANCE_FINALIZER);
  const pass: Pass = rel.spec.suspend
    ? {
        status: {},
        readiness: {
          state: 'notReady',
          reason: 'Suspended',
          message: 'Reconciliation is suspended (spec.suspend): the tenants are neither read nor written',
        },
        requeueAfterMs: 0,
        wrote: [],
        corrected: [],
      }
    : await act(ctx, rel);
  await reportPass(ctx, rel, pass, log);
  if (rel.spec.suspend) return;
  return { requeueAfterMs: pass.requeueAfterMs };
}

/** The TenantRelationship controller; a TenantLink becoming ready (or changing tenant) requeues its users. */
export function createTenantRelationshipController(
  ctx: OperatorContext,
  settings: ControllerSettings,
): Controller<TenantRelationship> {
  const primaries: PrimaryLister<TenantRelationship> = {};
  const controller = createController<TenantRelationship>({
    name: 'tenantrelationship',
    kind: TENANT_RELATIONSHIP_KIND,
    clients: ctx.clients,
    cache: ctx.informers,
    namespace: informerNamespace(ctx),
    logger: loggerFor({ controller: 'tenantrelationship' }, ctx.logger),
    maxConcurrentReconciles: settings.maxConcurrentReconciles,
    ignoreStatusOnlyUpdates: true,
    watches: [
      requeueReferrers('tenantlinks', primaries, linkFingerprint, (r, l) =>
        linksOf(r.spec).includes(l.metadata?.name ?? ''),
      ),
    ],
    reconcile: (key, rel, { log }) => reconcile(ctx, key, rel, log),
  });
  primaries.lister = controller.lister;
  return controller;
}
