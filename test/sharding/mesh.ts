// Six source tenants synchronized into two target tenants by twelve SyncScopes, for the sharding tests and
// benchmark. Each SyncScope reaches its target through a TenantLink (and app registration) of its own, so
// the simulator's request log tells every SyncScope's requests apart by app, and by process (User-Agent pid).
import type { SimAdminClient } from '../../src/graph-sim/admin-client.js';
import type { RequestLogEntry } from '../../src/graph-sim/admin/request-log.js';
import { generateUsers } from '../../src/graph-sim/seed/generate.js';
import type { SeedDocument } from '../../src/graph-sim/seed/seed-schema.js';
import { listUsers, type GraphClient } from '../../src/graph/index.js';
import type { KubeClients } from '../../src/kube/client.js';
import { SHARD_LABEL } from '../../src/kube/sharding/labels.js';
import { create } from '../support/resources.js';
import { createTenantLink } from '../support/simulator.js';
import { clientFor, type Tenant } from '../sync/engine.js';
import { SYNC_SCOPES } from '../sync/scopes.js';

const SOURCE_ROLES = ['User.ReadWrite.All', 'Group.Read.All', 'Organization.Read.All', 'Policy.Read.All'];
const TARGET_ROLES = [
  'User.ReadWrite.All',
  'User.Invite.All',
  'Group.Read.All',
  'Organization.Read.All',
  'Policy.Read.All',
];

const uuid = (kind: number, i: number, j = 0): string =>
  `5a4d0000-${String(kind).padStart(4, '0')}-4000-8000-${String(i * 100 + j).padStart(12, '0')}`;

/** One SyncScope of the mesh: its source, its target and the app it writes with. */
export interface MeshScope {
  name: string;
  source: Tenant;
  target: Tenant;
  /** The target TenantLink (and app) of this SyncScope alone. */
  targetLink: string;
  appId: string;
}

/** The tenants and SyncScopes of a mesh of `sources` into `targets`. */
export interface Mesh {
  sources: Tenant[];
  targets: Tenant[];
  scopes: MeshScope[];
}

/** The mesh: sources s1..sN into targets t1..tM, each source into each target. */
export function mesh(sources = 6, targets = 2): Mesh {
  const tenant = (kind: number, i: number, name: string): Tenant => ({
    tenantId: uuid(kind, i),
    clientId: uuid(kind + 1, i),
    secret: `${name}-mesh-secret`,
    domain: `${name}.mesh.example`,
  });
  const s = Array.from({ length: sources }, (_, i) => tenant(1, i + 1, `s${i + 1}`));
  const t = Array.from({ length: targets }, (_, j) => tenant(3, j + 1, `t${j + 1}`));
  const scopes = s.flatMap((source, i) =>
    t.map((target, j) => ({
      name: `s${i + 1}-to-t${j + 1}`,
      source,
      target,
      targetLink: `t${j + 1}-for-s${i + 1}`,
      appId: uuid(5, j + 1, i + 1),
    })),
  );
  return { sources: s, targets: t, scopes };
}

/** The seed of the mesh: `users` generated users per source, automatic redemption between every pair. */
export function meshSeed(m: Mesh, users: number): SeedDocument {
  const consent = (inbound: boolean) => ({
    automaticUserConsentSettings: { inboundAllowed: inbound, outboundAllowed: !inbound },
  });
  return {
    tenants: [
      ...m.sources.map((source, i) => ({
        id: source.tenantId,
        displayName: `Mesh source ${i + 1}`,
        domains: [source.domain],
        apps: [
          {
            appId: source.clientId,
            displayName: 'crosstenant-operator',
            secret: source.secret,
            roles: SOURCE_ROLES,
          },
        ],
        generate: { count: users },
        modules: {
          tenantRelationships: {
            partners: m.targets.map((t) => ({ tenantId: t.tenantId, ...consent(false) })),
          },
        },
      })),
      ...m.targets.map((target, j) => ({
        id: target.tenantId,
        displayName: `Mesh target ${j + 1}`,
        domains: [target.domain],
        apps: [
          { appId: target.clientId, displayName: 'mesh-reader', secret: target.secret, roles: TARGET_ROLES },
          ...m.scopes
            .filter((scope) => scope.target === target)
            .map((scope) => ({
              appId: scope.appId,
              displayName: `crosstenant-operator ${scope.name}`,
              secret: target.secret,
              roles: TARGET_ROLES,
            })),
        ],
        modules: {
          tenantRelationships: {
            partners: m.sources.map((s) => ({ tenantId: s.tenantId, ...consent(true) })),
          },
        },
      })),
    ],
  };
}

/** Adds `count` more generated users, named `<prefix>N`, to every source. */
export async function addSourceUsers(
  admin: SimAdminClient,
  m: Mesh,
  count: number,
  prefix: string,
): Promise<void> {
  await admin.seed({
    tenants: m.sources.map((source) => ({
      id: source.tenantId,
      displayName: source.domain,
      domains: [source.domain],
      users: generateUsers(count, source.domain, prefix),
    })),
  });
}

/** Creates the TenantLinks (a source link per source, a target link per SyncScope) and the twelve SyncScopes. */
export async function createMeshResources(
  clients: KubeClients,
  sim: { url: string },
  namespace: string,
  m: Mesh,
  interval = '1s',
): Promise<void> {
  for (const [i, source] of m.sources.entries())
    await createTenantLink(clients, sim, { namespace, name: `s${i + 1}`, tenant: source });
  for (const scope of m.scopes)
    await createTenantLink(clients, sim, {
      namespace,
      name: scope.targetLink,
      tenant: { ...scope.target, clientId: scope.appId },
    });
  for (const scope of m.scopes)
    await create(clients, 'SyncScope', namespace, scope.name, {
      source: { tenantLinkRef: `s${m.sources.indexOf(scope.source) + 1}` },
      target: { tenantLinkRef: scope.targetLink },
      scope: { allUsers: true },
      interval,
    });
}

/** The flags of an operator process acting in `namespace` as shard `shard` of `ring` (Leases in that namespace). */
export function shardArgs(namespace: string, ring: string, shard: string): string[] {
  return [
    `--watch-namespace=${namespace}`,
    '--sharding',
    `--shard-name=${shard}`,
    `--leader-election-namespace=${namespace}`,
    `--leader-election-id=${ring}`,
  ];
}

/** The shard label of every SyncScope in the namespace, by name (undefined while it has none). */
export async function shardsOfScopes(
  clients: KubeClients,
  namespace: string,
): Promise<Map<string, string | undefined>> {
  const list = (await clients.customObjects.listNamespacedCustomObject({ ...SYNC_SCOPES, namespace })) as {
    items: { metadata: { name: string; labels?: Record<string, string> } }[];
  };
  return new Map(list.items.map((item) => [item.metadata.name, item.metadata.labels?.[SHARD_LABEL]]));
}

/**
 * What every (source, target) pair holds in the target: users anchored to the source, and whether their mails
 * are exactly the source users' mails, each once.
 */
export async function pairCounts(
  url: string,
  m: Mesh,
): Promise<{ scope: string; sourceUsers: number; anchored: number; exactMails: boolean }[]> {
  const sourceMails = new Map<string, string[]>();
  for (const source of m.sources)
    sourceMails.set(
      source.tenantId,
      (await listUsers(clientFor({ url }, source), { select: ['mail'], top: 999 })).map((u) => u.mail ?? ''),
    );
  const targetUsers = new Map<string, Awaited<ReturnType<typeof listUsers>>>();
  for (const target of m.targets)
    targetUsers.set(
      target.tenantId,
      await listUsers(clientFor({ url }, target) as GraphClient, {
        select: ['mail', 'onPremisesExtensionAttributes'],
        top: 999,
      }),
    );
  return m.scopes.map((scope) => {
    const anchored = (targetUsers.get(scope.target.tenantId) ?? []).filter((u) =>
      String(u.onPremisesExtensionAttributes?.extensionAttribute15 ?? '').startsWith(
        `${scope.source.tenantId}:`,
      ),
    );
    const mails = anchored.map((u) => u.mail ?? '').sort();
    const wanted = [...(sourceMails.get(scope.source.tenantId) ?? [])].sort();
    return {
      scope: scope.name,
      sourceUsers: wanted.length,
      anchored: anchored.length,
      exactMails: JSON.stringify(mails) === JSON.stringify(wanted),
    };
  });
}

/** The pid named in a logged request's User-Agent, if an operator process sent it. */
export function pidOf(entry: RequestLogEntry): number | undefined {
  const match = /pid (\d+)\)/.exec(entry.userAgent ?? '');
  return match ? Number(match[1]) : undefined;
}

/** Whether a request to a target was a SyncScope's: its TenantLink's sign-ins and /organization reads are not. */
export function bySyncScope(entry: RequestLogEntry): boolean {
  return (
    !entry.path.includes('/oauth2/') &&
    !entry.path.endsWith('/token') &&
    !entry.path.includes('/organization')
  );
}

/**
 * For each SyncScope, the processes that sent its requests (its app's requests to its target, other than its
 * TenantLink's), in the order the simulator answered them, one entry per run of requests from one process.
 */
export function workOrder(log: readonly RequestLogEntry[], m: Mesh): Map<string, number[]> {
  const orders = new Map<string, number[]>();
  for (const scope of m.scopes) {
    const order: number[] = [];
    for (const entry of log) {
      if (entry.app !== scope.appId || entry.tenant !== scope.target.tenantId || !bySyncScope(entry))
        continue;
      const pid = pidOf(entry);
      if (pid !== undefined && order.at(-1) !== pid) order.push(pid);
    }
    orders.set(scope.name, order);
  }
  return orders;
}

/**
 * The SyncScopes two processes worked on at once: a process whose requests came back after another's had
 * started had not stopped when the other began (a SyncScope handed over, or taken from a dead process, has
 * one run of requests per process). Fails when a SyncScope has no request in the log at all.
 */
export function overlaps(log: readonly RequestLogEntry[], m: Mesh): { scope: string; pids: number[] }[] {
  const found: { scope: string; pids: number[] }[] = [];
  for (const [scope, order] of workOrder(log, m)) {
    if (order.length === 0) throw new Error(`no request of SyncScope ${scope} in the simulator's log`);
    if (new Set(order).size !== order.length) found.push({ scope, pids: order });
  }
  return found;
}
