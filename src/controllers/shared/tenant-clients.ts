import type { KubernetesObject, V1Secret } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import type { TenantLink } from '../../api/index.js';
import { RESOURCES } from '../../api/index.js';
import { durationToMilliseconds } from '../../time/duration.js';
import type { GraphClient, ThrottleLimits } from '../../graph/index.js';
import { createGraphClient, defaultThrottleLimits, resolveEndpoints } from '../../graph/index.js';
import type { KubeClients, ResourceKind } from '../../kube/client.js';
import { currentSignal } from '../../kube/cancellation.js';
import { objectKey } from '../../kube/client.js';
import { findCondition, READY } from '../../kube/conditions.js';
import type { InformerSource } from '../../kube/cache.js';
import { ResourceInformer } from '../../kube/informer.js';
import { credentialMaterial } from './credentials.js';
import type { TenantConnectResult } from './tenant-connection.js';

/** Core v1 Secrets. */
export const SECRET_KIND: ResourceKind = { group: '', version: 'v1', plural: 'secrets' };

export type { TenantConnection, TenantConnectFailure, TenantConnectResult } from './tenant-connection.js';

/** Where TenantClients reads from; `namespaces` limits its informers to those namespaces (all when absent). */
export interface TenantClientsOptions {
  clients: KubeClients;
  namespaces?: string[];
  /** Builds the Graph client (tests may count or wrap it). */
  createClient?: typeof createGraphClient;
  /** Where a workload-identity token is projected; Azure Workload Identity's webhook sets this variable. */
  federatedTokenFile?: string;
  /** The process's shared informers, whose TenantLink informer this reads instead of one of its own. */
  informers?: InformerSource;
}

interface CachedClient {
  fingerprint: string;
  client: GraphClient;
}

/**
 * Graph clients per TenantLink, built from the TenantLink and Secret informer caches. A client is reused
 * (keeping its token cache and throttle state) until the link's spec or the Secret's content changes.
 */
export class TenantClients {
  private readonly links: ResourceInformer<TenantLink>;
  /** Secret informers by namespace ('' for all namespaces). */
  private readonly secrets = new Map<string, ResourceInformer<V1Secret>>();
  private readonly cache = new Map<string, CachedClient>();
  private readonly createClient: typeof createGraphClient;
  private readonly recheckHandlers: ((namespace: string, name: string) => void)[] = [];
  private started: Promise<void> | undefined;

  constructor(private readonly options: TenantClientsOptions) {
    const namespaces = options.namespaces?.length ? options.namespaces : undefined;
    // TenantLinks are readable cluster-wide (the operator's ClusterRole); Secrets only in watched namespaces
    // when the operator is limited to some (the chart's Roles), so they get one informer per namespace.
    const linkNamespace = namespaces?.length === 1 ? namespaces[0] : undefined;
    this.links =
      options.informers?.informer<TenantLink>(RESOURCES.TenantLink) ??
      new ResourceInformer<TenantLink>(options.clients, RESOURCES.TenantLink, { namespace: linkNamespace });
    for (const namespace of namespaces ?? ['']) {
      const scope = namespace === '' ? {} : { namespace };
      this.secrets.set(namespace, new ResourceInformer<V1Secret>(options.clients, SECRET_KIND, scope));
    }
    this.createClient = options.createClient ?? createGraphClient;
  }

  /** Starts the TenantLink and Secret informers; resolves once both caches have synced. */
  start(timeoutMs = 120_000): Promise<void> {
    this.started ??= Promise.all(this.informers().map((informer) => informer.start(timeoutMs))).then(
      () => undefined,
    );
    return this.started;
  }

  /** Stops the informers. */
  async stop(): Promise<void> {
    const owned = this.informers().filter((informer) => !this.options.informers || informer !== this.links);
    await Promise.all(owned.map((informer) => informer.stop()));
  }

  /** Whether both caches have synced. */
  hasSynced(): boolean {
    return this.informers().every((informer) => informer.hasSynced());
  }

  /** The tenant id the TenantLink `name` in `namespace` names, from the informer cache. */
  tenantIdOf(namespace: string, name: string): string | undefined {
    return this.links.get(namespace, name)?.spec.tenantId;
  }

  /**
   * Resolves the TenantLink `name` in `namespace` (from the informer cache) to a Graph client, reusing one
   * client per TenantLink until its spec or Secret changes. A link whose sign-in has not succeeded is
   * `TenantLinkNotReady`; one that signs in but lacks permissions is usable (callers check
   * `grantedPermissions` for what they need).
   */
  async connect(namespace: string, name: string): Promise<TenantConnectResult> {
    await this.start();
    const link = this.links.get(namespace, name);
    if (!link) {
      return {
        ok: false,
        reason: 'ReferenceNotFound',
        message: `TenantLink ${name} does not exist in ${namespace}`,
      };
    }
    const notReady = whyNotUsable(link);
    if (notReady)
      return { ok: false, reason: 'TenantLinkNotReady', message: `TenantLink ${name} ${notReady}` };
    const opened = await this.open(link);
    if (!opened.ok) return opened;
    const status = link.status ?? {};
    return {
      ok: true,
      connection: {
        ...opened.connection,
        ...(status.defaultDomain ? { defaultDomain: status.defaultDomain } : {}),
        grantedPermissions: [...(status.grantedPermissions ?? [])],
      },
    };
  }

  /**
   * Builds (or reuses) the Graph client of `link` from its credentials, without looking at its status: what
   * the TenantLink controller calls before it has signed in. Fails only on a missing Secret, key or file.
   * `fresh` replaces a reused client, whose cached token would still carry the permissions of the time it
   * was issued: a token's roles claim changes only when a new token is requested after consent changes.
   */
  async open(link: TenantLink, options: { fresh?: boolean } = {}): Promise<TenantConnectResult> {
    await this.start();
    const material = credentialMaterial(
      link,
      (namespace, name) => (this.secrets.get(namespace) ?? this.secrets.get(''))?.get(namespace, name),
      this.options.federatedTokenFile,
    );
    if (!material.ok) return material;
    const key = objectKey(link.metadata);
    const spec = link.spec;
    const fingerprint = createHash('sha256')
      .update(
        JSON.stringify([
          spec.tenantId,
          spec.cloud,
          spec.endpoints,
          spec.credentials,
          spec.graphLimits,
          spec.requestTimeout,
          material.value,
        ]),
      )
      .digest('hex');
    let cached = this.cache.get(key);
    if (options.fresh || cached?.fingerprint !== fingerprint) {
      const endpoints = resolveEndpoints(
        spec.endpoints ? { endpoints: spec.endpoints } : { cloud: spec.cloud },
      );
      const client = this.createClient({
        tenantKey: key,
        tenantId: spec.tenantId,
        clientId: spec.credentials.clientId,
        authorityHost: endpoints.authorityHost,
        graphBaseUrl: endpoints.graph,
        credential: material.value,
        limits: throttleLimitsOf(spec.graphLimits),
        // Calls made for a reconcile end when it is cancelled (the lease lost): no write after that moment.
        cancellation: currentSignal,
        // The API server defaults the field; a link stored before it existed has none until rewritten.
        ...(spec.requestTimeout ? { requestTimeoutMs: durationToMilliseconds(spec.requestTimeout) } : {}),
      });
      cached = { fingerprint, client };
      this.cache.set(key, cached);
    }
    return {
      ok: true,
      connection: { link, client: cached.client, tenantId: spec.tenantId, grantedPermissions: [] },
    };
  }

  /** Drops the client of a deleted TenantLink. */
  forget(namespace: string, name: string): void {
    this.cache.delete(objectKey({ namespace, name }));
  }

  /** Calls `handler` when a user of a TenantLink asks for it to be checked again (it met an outage, or its end). */
  onRecheckRequest(handler: (namespace: string, name: string) => void): void {
    this.recheckHandlers.push(handler);
  }

  /** Asks for the TenantLink `name` to sign in and read its tenant again now, rather than at its next recheck. */
  requestRecheck(namespace: string, name: string): void {
    for (const handler of this.recheckHandlers) handler(namespace, name);
  }

  /**
   * Calls `handler` for every Secret added, changed or deleted, after this cache holds the change: a
   * controller that requeues from here reads the same Secret content when it reconciles.
   */
  onSecretChange(handler: (secret: V1Secret) => void): void {
    for (const informer of this.secrets.values()) {
      for (const event of ['add', 'update', 'delete'] as const) informer.on(event, handler);
    }
  }

  private informers(): ResourceInformer<KubernetesObject>[] {
    return [this.links, ...this.secrets.values()];
  }
}

/** Why consumers must not use the link yet, or undefined when its last sign-in succeeded. */
function whyNotUsable(link: TenantLink): string | undefined {
  if (link.spec.suspend) return 'is suspended';
  const ready = findCondition(link.status?.conditions, READY);
  if (!ready) return 'has not been checked yet';
  // An unreachable tenant is tried by its users too: their short retries see it recover within an interval,
  // where the link's own recheck backs off up to minutes.
  if (
    ready.status === 'True' ||
    ready.reason === 'PermissionsMissing' ||
    ready.reason === 'TenantUnreachable'
  )
    return undefined;
  return `is not ready: ${ready.reason}: ${ready.message}`;
}

/** The client-side quotas a TenantLink asks for, each falling back to Graph's default. */
function throttleLimitsOf(limits: TenantLink['spec']['graphLimits']): ThrottleLimits {
  return {
    writes: limits?.writesPer150s
      ? { limit: limits.writesPer150s, windowSeconds: 150 }
      : defaultThrottleLimits.writes,
    resourceUnits: limits?.resourceUnitsPer10s
      ? { limit: limits.resourceUnitsPer10s, windowSeconds: 10 }
      : defaultThrottleLimits.resourceUnits,
  };
}
