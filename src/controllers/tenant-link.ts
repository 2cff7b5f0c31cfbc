import type { KubernetesObject } from '@kubernetes/client-node';
import { Gauge } from 'prom-client';
import type { Logger } from 'winston';
import type { TenantLink } from '../api/index.js';
import { applyDefaults, GROUP, RESOURCES, VERSION } from '../api/index.js';
import { getOrganization, GraphRequestError, resolveEndpoints } from '../graph/index.js';
import { tenantNotFound } from '../graph/token.js';
import type { TenantOrganization } from '../graph/index.js';
import { objectKey, splitKey } from '../kube/client.js';
import type { Controller, ReconcileResult } from '../kube/controller.js';
import { createController } from '../kube/controller.js';
import { report } from '../kube/report.js';
import { loggerFor } from '../observability/logger.js';
import { metricsRegistry } from '../observability/registry.js';
import type { ControllerSettings, OperatorContext } from './context.js';
import { informerNamespace, isWatched } from './context.js';
import { listResources } from './governance-reconcile.js';
import type { LinkUse } from './permissions.js';
import { specOf, trackLinkUses, USER_KINDS } from './link-users.js';
import { checkPermissions, withMappings } from './permissions.js';
import type { LinkFailureReason, LinkObservation } from './tenant-link-status.js';
import { linkReport, unreachableRetryMs } from './tenant-link-status.js';
import { TENANT_LINK_KIND, usesSecret } from './tenant-clients.js';

/** How often a TenantLink signs in again when nothing changed (credentials expire, consent is revoked). */
export const DEFAULT_RECHECK_MS = 5 * 60_000;

const tenantLinkReady = new Gauge({
  name: 'crosstenant_tenantlink_ready',
  help: 'Whether the TenantLink signed in and holds every permission its users need (1) or not (0)',
  labelNames: ['namespace', 'name'] as const,
  registers: [metricsRegistry],
});

/**
 * The TenantLink controller: signs in with the link's credentials, reads /organization, and reports the
 * tenant, the permissions the token carries and those the resources using the link still need.
 */
export function createTenantLinkController(
  ctx: OperatorContext,
  settings: ControllerSettings,
): Controller<TenantLink> {
  const namespace = informerNamespace(ctx);
  const log = loggerFor({ controller: 'tenantlink' }, ctx.logger);
  const track = trackLinkUses();
  const watches = USER_KINDS.map(({ plural }) => ({
    kind: { group: GROUP, version: VERSION, plural },
    mapToKeys: (obj: KubernetesObject) => track(plural, obj),
  }));
  const controller = createController<TenantLink>({
    name: 'tenantlink',
    kind: TENANT_LINK_KIND,
    clients: ctx.clients,
    cache: ctx.informers,
    namespace,
    logger: log,
    maxConcurrentReconciles: settings.maxConcurrentReconciles,
    ignoreStatusOnlyUpdates: true,
    watches,
    reconcile: (key, link, { log: keyLog }) =>
      reconcileTenantLink(ctx, settings.tenantLinkRecheckMs ?? DEFAULT_RECHECK_MS, key, link, keyLog),
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

async function reconcileTenantLink(
  ctx: OperatorContext,
  recheckMs: number,
  key: string,
  link: TenantLink | undefined,
  log: Logger,
): Promise<ReconcileResult | void> {
  const { namespace = '', name } = splitKey(key);
  if (!link) {
    ctx.tenants.forget(namespace, name);
    tenantLinkReady.remove({ namespace, name });
    return;
  }
  if (!isWatched(ctx, namespace) || link.metadata.deletionTimestamp) return;
  const observation = await observe(ctx, link, log);
  const now = ctx.now();
  const { stored } = await report(
    { ...ctx, log, now },
    RESOURCES.TenantLink,
    link,
    linkReport(observation, now),
  );
  const ready = observation.kind === 'connected' && observation.permissions.missing.length === 0;
  tenantLinkReady.set({ namespace, name }, ready ? 1 : 0);
  if (observation.kind === 'suspended') return;
  if (observation.kind === 'failed' && observation.reason === 'TenantUnreachable')
    return { requeueAfterMs: unreachableRetryMs(stored.status, now, recheckMs) };
  return { requeueAfterMs: recheckMs };
}

/** Signs in and reads the tenant; every failure comes back as an observation, never as a secret. */
async function observe(ctx: OperatorContext, link: TenantLink, log: Logger): Promise<LinkObservation> {
  if (link.spec.suspend) return { kind: 'suspended' };
  const opened = await ctx.tenants.open(link, { fresh: true });
  if (!opened.ok) return { kind: 'failed', reason: asFailureReason(opened.reason), message: opened.message };
  const client = opened.connection.client;
  const token = await client.acquireToken();
  if (!token.ok) {
    const { spec } = link;
    const missing =
      token.failure.reason === 'TenantUnreachable'
        ? await tenantNotFound(
            resolveEndpoints(spec.endpoints ? { endpoints: spec.endpoints } : { cloud: spec.cloud })
              .authorityHost,
            spec.tenantId,
          )
        : undefined;
    const failure = missing ?? token.failure;
    return { kind: 'failed', reason: failure.reason, message: failure.message };
  }
  let organization: TenantOrganization | undefined;
  try {
    organization = await getOrganization(client);
  } catch (err) {
    // A 403 means the token lacks Organization.Read.All: the permission check below reports it.
    if (!(err instanceof GraphRequestError) || err.info.status !== 403) {
      const failure = describeGraphFailure(err);
      log.warn('reading /organization failed', { reason: failure.reason, detail: failure.message });
      return { kind: 'failed', ...failure };
    }
  }
  const uses = await listUses(ctx, link.metadata.namespace ?? '');
  const granted = token.claims.roles;
  return {
    kind: 'connected',
    clientId: link.spec.credentials.clientId,
    ...(organization?.displayName ? { displayName: organization.displayName } : {}),
    ...(organization?.defaultDomain ? { defaultDomain: organization.defaultDomain } : {}),
    granted,
    permissions: checkPermissions(link.metadata.name ?? '', uses, granted),
  };
}

function asFailureReason(reason: string): LinkFailureReason {
  return reason === 'SecretNotFound' ||
    reason === 'SecretKeyMissing' ||
    reason === 'TenantUnreachable' ||
    reason === 'TenantNotFound'
    ? reason
    : 'CredentialsInvalid';
}

function describeGraphFailure(err: unknown): { reason: LinkFailureReason; message: string } {
  if (!(err instanceof GraphRequestError)) {
    return { reason: 'TenantUnreachable', message: err instanceof Error ? err.message : String(err) };
  }
  const info = err.info;
  const reason =
    info.code === 'TenantNotFound'
      ? 'TenantNotFound'
      : info.code === 'CredentialsInvalid' || info.status === 401
        ? 'CredentialsInvalid'
        : 'TenantUnreachable';
  const requestId = info.requestId ? ` (request-id ${info.requestId})` : '';
  return {
    reason,
    message: `Graph answered ${info.status || 'nothing'}: ${info.code}: ${info.message}${requestId}`,
  };
}

/**
 * The resources in `namespace` that use TenantLinks, read fresh so a just-created one counts; SyncScopes with
 * what their AttributeMapping reads and writes (some attributes need permissions of their own).
 */
async function listUses(ctx: OperatorContext, namespace: string): Promise<LinkUse[]> {
  const lists = await Promise.all(
    USER_KINDS.map(async ({ kind, plural }) =>
      (await listResources(ctx, plural, namespace)).map(
        (item) => ({ kind, name: item.metadata?.name ?? '', spec: specOf(item) }) as LinkUse,
      ),
    ),
  );
  const uses = lists.flat();
  if (!uses.some((use) => use.kind === 'SyncScope')) return uses;
  const mappings = await listResources(ctx, 'attributemappings', namespace);
  return withMappings(
    uses,
    new Map(mappings.map((m) => [m.metadata?.name ?? '', applyDefaults('AttributeMapping', specOf(m))])),
  );
}
