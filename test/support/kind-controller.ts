// An operator context with fakes, for the decision tests of the controllers on the shared reconcile
// (governance kinds, TenantLink, TenantRelationship): one resource in an in-memory API server (finalizers and
// status), a cache of the resources it refers to, recorded Events, TenantLinks that connect or fail as told,
// Graph clients that only fail, and a fake clock. What the API server and Graph really do is tested in test/.
import type { Logger } from 'winston';
import type { KindName, KindObject, ReasonKind } from '../../src/api/index.js';
import { API_VERSION, applyDefaults, RESOURCES } from '../../src/api/index.js';
import type { KubeClients } from '../../src/kube/client.js';
import type { Condition } from '../../src/kube/conditions.js';
import type { ReconcileResult } from '../../src/kube/controller.js';
import { GraphRequestError, type GraphClient } from '../../src/graph/index.js';
import type { OperatorContext } from '../../src/controllers/context.js';
import type { TenantConnectResult } from '../../src/controllers/shared/tenant-clients.js';
import type { ReconciledKind, ReconciledResource } from '../../src/controllers/shared/reconcile.js';
import { reconcileResource } from '../../src/controllers/shared/reconcile.js';
import type {
  GovernanceKind,
  GovernanceKindName,
  GovernanceResource,
} from '../../src/controllers/governance/template.js';
import { governed } from '../../src/controllers/governance/template.js';
import { FakeClock } from '../../src/time/clock.js';

/** When the fake clock starts. */
export const T0 = Date.parse('2026-01-01T00:00:00Z');

/** A resource as the fakes keep it. */
export interface FakeResource {
  apiVersion?: string;
  kind?: string;
  metadata: { namespace?: string; name?: string; generation?: number; finalizers?: string[] };
  spec: object;
  status?: object;
}

/** A resource of `kind` in the namespace `team`, with its spec defaulted as the API server stores it. */
export function resource<K extends KindName>(
  kind: K,
  name: string,
  spec: Record<string, unknown>,
): KindObject<K> {
  return {
    apiVersion: API_VERSION,
    kind,
    metadata: { namespace: 'team', name, generation: 1 },
    spec: applyDefaults(kind, spec),
  } as KindObject<K>;
}

/** A Graph client every call of which fails as Graph answering `status` would. */
export function graphAnswering(status: number, code = 'Authorization_RequestDenied'): GraphClient {
  const fail = () =>
    Promise.reject(new GraphRequestError({ status, code, message: 'denied', requestId: 'req-1' }));
  return new Proxy(
    { tenantId: 'tenant-contoso' },
    { get: (target, key) => (key in target ? target.tenantId : fail) },
  ) as unknown as GraphClient;
}

/** A connected TenantLink whose Graph client is `client`. */
export function connectedThrough(client: GraphClient): TenantConnectResult {
  const link = { metadata: { name: 'contoso' }, spec: {} } as unknown as TenantConnectResult & { ok: true };
  return {
    ok: true,
    connection: { link: link as never, client, tenantId: 'tenant-contoso', grantedPermissions: [] },
  };
}

/** Options of `fakeOperator`: the cached resources by kind, and how TenantLinks connect. */
export interface FakeOperatorOptions {
  cache?: Partial<Record<KindName, FakeResource[]>>;
  connect?: (link: string) => TenantConnectResult;
  tenants?: Partial<OperatorContext['tenants']>;
}

/** An operator context over one stored resource; what it writes and records stays in memory. */
export function fakeOperator<T extends FakeResource>(initial: T, options: FakeOperatorOptions = {}) {
  const clone = <V>(value: V): V => JSON.parse(JSON.stringify(value)) as V;
  let stored = clone(initial);
  const events: { type: string; reason: string; message: string }[] = [];
  const connects: string[] = [];
  const customObjects = {
    getNamespacedCustomObject: () => Promise.resolve(clone(stored)),
    getNamespacedCustomObjectStatus: () => Promise.resolve(clone(stored)),
    patchNamespacedCustomObject: ({ body }: { body: { metadata: { finalizers: string[] } } }) => {
      stored = { ...stored, metadata: { ...stored.metadata, finalizers: body.metadata.finalizers } };
      return Promise.resolve(clone(stored));
    },
    replaceNamespacedCustomObjectStatus: ({ body }: { body: T }) => {
      stored = clone(body);
      return Promise.resolve(clone(stored));
    },
  };
  const byPlural = new Map(
    Object.entries(options.cache ?? {}).map(([kind, items]) => [RESOURCES[kind as KindName].plural, items]),
  );
  const lister = (kind: { plural: string }) => ({
    get: (namespace: string, name: string) =>
      byPlural.get(kind.plural)?.find((o) => o.metadata.namespace === namespace && o.metadata.name === name),
    list: (namespace?: string) =>
      (byPlural.get(kind.plural) ?? []).filter((o) => !namespace || o.metadata.namespace === namespace),
    hasSynced: () => true,
  });
  const log = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    log: () => undefined,
  } as unknown as Logger;
  const connect =
    options.connect ??
    ((): TenantConnectResult => ({ ok: false, reason: 'TenantLinkNotReady', message: 'not signed in yet' }));
  const ctx = {
    clients: { customObjects } as unknown as KubeClients,
    informers: { lister },
    events: {
      event: (_subject: unknown, type: string, reason: string, message: string) => {
        events.push({ type, reason, message });
        return Promise.resolve();
      },
    },
    tenants: {
      connect: (_namespace: string, link: string) => {
        connects.push(link);
        return Promise.resolve(connect(link));
      },
      ...options.tenants,
    },
    logger: log,
    clock: new FakeClock(T0),
  } as unknown as OperatorContext;
  return {
    ctx,
    log,
    events,
    /** The TenantLinks connected to, in order. */
    connects,
    stored: () => stored,
    condition: (type: string): Condition | undefined =>
      (stored.status as { conditions?: Condition[] } | undefined)?.conditions?.find((c) => c.type === type),
    /** One reconcile of the stored resource, as the controller's work queue would run it. */
    reconcile: <K extends ReasonKind, S extends object>(
      kind: ReconciledKind<K, S, T & ReconciledResource<S>>,
    ): Promise<ReconcileResult | void> => {
      const key = `${stored.metadata.namespace ?? ''}/${stored.metadata.name ?? ''}`;
      return reconcileResource(ctx, kind, key, clone(stored) as T & ReconciledResource<S>, log);
    },
  };
}

/** A fake operator over a governance resource, with `run`: one reconcile of it as its controller would. */
export function governanceOperator<
  T extends GovernanceResource<St> & FakeResource,
  St extends object,
  K extends GovernanceKindName,
>(obj: T, kindOf: (ctx: OperatorContext) => GovernanceKind<T, St, K>, options: FakeOperatorOptions = {}) {
  const fake = fakeOperator(obj, options);
  return { ...fake, run: () => fake.reconcile(governed(fake.ctx, kindOf(fake.ctx))) };
}
