// The TenantLink controller: signs in with the link's credentials, reads /organization, and reports the
// tenant, the permissions the token carries and those the resources using the link still need.
import { Gauge } from 'prom-client';
import type { TenantLink, TenantLinkStatus } from '../../api/index.js';
import { RESOURCES } from '../../api/index.js';
import { objectKey } from '../../kube/client.js';
import type { Controller } from '../../kube/controller.js';
import { createController } from '../../kube/controller.js';
import { loggerFor } from '../../observability/logger.js';
import { metricsRegistry } from '../../observability/registry.js';
import type { ControllerSettings, OperatorContext } from '../context.js';
import { informerNamespace } from '../context.js';
import { KINDS_USING_LINKS, trackLinkUses } from '../shared/kinds-using-links.js';
import { usesSecret } from '../shared/credentials.js';
import type { ReconciledKind } from '../shared/reconcile.js';
import { reconcileResource } from '../shared/reconcile.js';
import { observe } from './observe.js';
import { linkReport, unreachableRetryMs } from './status.js';

/** How often a TenantLink signs in again when nothing changed (credentials expire, consent is revoked). */
export const DEFAULT_RECHECK_MS = 5 * 60_000;

const tenantLinkReady = new Gauge({
  name: 'crosstenant_tenantlink_ready',
  help: 'Whether the TenantLink signed in and holds every permission its users need (1) or not (0)',
  labelNames: ['namespace', 'name'] as const,
  registers: [metricsRegistry],
});

/** The TenantLink as the shared reconcile runs it: observe, report, check again after `recheckMs`. */
export function tenantLinkKind(
  ctx: OperatorContext,
  recheckMs: number,
): ReconciledKind<'TenantLink', TenantLinkStatus, TenantLink> {
  const gauge = (link: TenantLink, ready: boolean): void => {
    tenantLinkReady.set(
      { namespace: link.metadata.namespace ?? '', name: link.metadata.name ?? '' },
      ready ? 1 : 0,
    );
  };
  return {
    resource: RESOURCES.TenantLink,
    act: async (link, log) => {
      const observation = await observe(ctx, link, log);
      gauge(link, observation.kind === 'connected' && observation.permissions.missing.length === 0);
      const now = new Date(ctx.clock.now());
      const unreachable = observation.kind === 'failed' && observation.reason === 'TenantUnreachable';
      return {
        ...linkReport(observation, now),
        requeueAfterMs: unreachable ? (stored) => unreachableRetryMs(stored, now, recheckMs) : recheckMs,
      };
    },
    suspended: (link) => {
      gauge(link, false);
      return linkReport({ kind: 'suspended' }, new Date(ctx.clock.now()));
    },
    forget: (namespace, name) => {
      ctx.tenants.forget(namespace, name);
      tenantLinkReady.remove({ namespace, name });
    },
  };
}

/** The TenantLink controller; a change of what a resource needs from its links, or of a Secret, checks them again. */
export function createTenantLinkController(
  ctx: OperatorContext,
  settings: ControllerSettings,
): Controller<TenantLink> {
  const track = trackLinkUses();
  const kind = tenantLinkKind(ctx, settings.tenantLinkRecheckMs ?? DEFAULT_RECHECK_MS);
  const controller = createController<TenantLink>({
    name: 'tenantlink',
    kind: RESOURCES.TenantLink,
    clients: ctx.clients,
    cache: ctx.informers,
    namespace: informerNamespace(ctx),
    logger: loggerFor({ controller: 'tenantlink' }, ctx.logger),
    maxConcurrentReconciles: settings.maxConcurrentReconciles,
    ignoreStatusOnlyUpdates: true,
    watches: KINDS_USING_LINKS.map((using) => ({
      kind: RESOURCES[using.kind],
      mapToKeys: (obj) => track(using.kind, obj),
    })),
    reconcile: (key, link, { log }) => reconcileResource(ctx, kind, key, link, log),
  });
  // Secrets come from the cache TenantClients reads credentials from, not from a second informer that
  // could see a rotated Secret before that cache does and reconcile with the old content.
  ctx.tenants.onSecretChange((secret) => {
    const name = secret.metadata?.name ?? '';
    for (const link of controller.lister.list(secret.metadata?.namespace ?? '')) {
      if (usesSecret(link, name)) controller.enqueue(objectKey(link.metadata));
    }
  });
  ctx.tenants.onRecheckRequest((linkNamespace, name) =>
    controller.enqueue(objectKey({ namespace: linkNamespace, name })),
  );
  return controller;
}
