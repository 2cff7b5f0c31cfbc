// Shared by the Entra engine tests: the Contoso seed whose EMEA operator app may configure synchronization,
// the SyncScope with engine Entra, and reading Entra's configuration back through Graph.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { RunningSimulator, SeedDocument } from '../../src/graph-sim/index.js';
import { DEFAULT_SEED_FILE } from '../../src/graph-sim/index.js';
import type { GraphClient } from '../../src/graph/index.js';
import type { SynchronizationJob } from '../../src/graph/synchronization.js';
import type { SynchronizationSchema } from '../../src/entra-engine/schema.js';
import type { KubeClients } from '../../src/kube/client.js';
import type { ScenarioEngine } from '../governance/engine.js';
import { conditionOf, create, get, patch, type Stored } from '../support/resources.js';
import { waitFor } from '../support/poll.js';
import { EMEA } from '../sync/engine.js';

/** The application permissions the Entra engine needs in the source tenant, beyond the sync engine's. */
export const ENTRA_SOURCE_ROLES = [
  'Application.ReadWrite.OwnedBy',
  'Application.Read.All',
  'AppRoleAssignment.ReadWrite.All',
  'AuditLog.Read.All',
];

/** The Contoso seed with the Entra engine's permissions granted to the EMEA operator app. */
export function entraSeed(): SeedDocument {
  const seed = parse(readFileSync(DEFAULT_SEED_FILE, 'utf8')) as SeedDocument;
  const emea = seed.tenants.find((t) => t.id === EMEA.tenantId);
  for (const app of emea?.apps ?? []) app.roles = [...(app.roles ?? []), ...ENTRA_SOURCE_ROLES];
  return seed;
}

/** status.entra of a SyncScope. */
export interface EntraIds {
  servicePrincipalId: string;
  jobId: string;
}

/** The SyncScope's Entra ids once the operator has written them. */
export function entraIds(scope: Stored): EntraIds | undefined {
  const entra = (scope.status as { entra?: Partial<EntraIds> } | undefined)?.entra;
  return entra?.servicePrincipalId && entra.jobId
    ? { servicePrincipalId: entra.servicePrincipalId, jobId: entra.jobId }
    : undefined;
}

/** The job as Graph returns it. */
export function readJob(client: GraphClient, ids: EntraIds): Promise<SynchronizationJob> {
  return client.get<SynchronizationJob>(
    `/servicePrincipals/${ids.servicePrincipalId}/synchronization/jobs/${ids.jobId}`,
  );
}

/** The job schema as Graph returns it. */
export function readSchema(client: GraphClient, ids: EntraIds): Promise<SynchronizationSchema> {
  return client.get<SynchronizationSchema>(
    `/servicePrincipals/${ids.servicePrincipalId}/synchronization/jobs/${ids.jobId}/schema`,
  );
}

/** Counts the operator's reads of the job (one per pass), so that a test knows when a pass it asked for ran. */
export function jobReadCounter(sim: () => RunningSimulator, jobId: () => string): () => Promise<number> {
  return async () => {
    const log = await sim().admin.requests(EMEA.tenantId);
    return log.filter((r) => r.method === 'GET' && r.path.endsWith(`/jobs/${jobId()}`)).length;
  };
}

let nudges = 0;

/**
 * Makes the operator reconcile the SyncScope now (a label change) and waits until it has: the job was read
 * again after the nudge. Entra's job is otherwise polled once a minute.
 */
export async function nudge(
  kube: KubeClients,
  namespace: string,
  name: string,
  jobRead: () => Promise<number>,
): Promise<Stored> {
  const before = await jobRead();
  nudges += 1;
  await patch(kube, 'SyncScope', namespace, name, { metadata: { labels: { 'test/nudge': String(nudges) } } });
  await waitFor('the operator to read the job again', async () =>
    (await jobRead()) > before ? true : undefined,
  );
  // The status write follows the read; give it the moment it takes.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return get(kube, 'SyncScope', namespace, name);
}

/** EMEA users that Contoso holds, by mail, with the given properties. */
export async function emeaUsersIn(
  contoso: GraphClient,
  select: readonly string[],
): Promise<Map<string, Record<string, unknown>>> {
  const page = await contoso.get<{ value: Record<string, unknown>[] }>(
    `/users?$top=999&$select=${['id', 'mail', ...select].join(',')}`,
  );
  return new Map(
    page.value
      .filter((u) => String(u['mail'] ?? '').endsWith('@emea.contoso.com'))
      .map((u) => [String(u['mail']), u]),
  );
}

/**
 * Synchronizes EMEA into Contoso through Entra's job, as the governance scenarios need it: an AttributeMapping
 * that also writes the anchor value our engine would (so rules and `syncedFrom` recognise the users), the
 * SyncScope with engine Entra, and Entra's initial cycle on the simulator clock.
 */
export async function syncEmeaThroughEntra(
  kube: KubeClients,
  sim: () => RunningSimulator,
  namespace: string,
  name: string,
  scope: Record<string, unknown>,
  mappings: Record<string, unknown>[] = [],
  sourceMarker?: string,
): Promise<void> {
  await create(kube, 'AttributeMapping', namespace, `${name}-mapping`, {
    includeDefaults: true,
    ...(sourceMarker ? { sourceMarker } : {}),
    mappings: [
      ...mappings,
      {
        target: 'onPremisesExtensionAttributes.extensionAttribute15',
        expression: `Join(":", "${EMEA.tenantId}", [objectId])`,
      },
    ],
  });
  await createEntraScope(kube, namespace, name, scope, `${name}-mapping`);
  await sim().admin.advanceClock(60_000);
}

/** Creates the SyncScope `name` on engine Entra from EMEA into Contoso; returns its Entra ids once it is Ready. */
export async function createEntraScope(
  kube: KubeClients,
  namespace: string,
  name: string,
  scope: Record<string, unknown>,
  attributeMappingRef: string,
): Promise<EntraIds> {
  await create(kube, 'SyncScope', namespace, name, {
    engine: 'Entra',
    source: { tenantLinkRef: 'emea' },
    target: { tenantLinkRef: 'contoso' },
    scope,
    attributeMappingRef,
  });
  return waitFor('the Entra job started', async () => {
    const stored = await get(kube, 'SyncScope', namespace, name);
    return conditionOf(stored, 'Ready')?.startsWith('True/') ? entraIds(stored) : undefined;
  });
}

/** How many times the SyncScope was given an Event with this reason and note (an Event's series counts repeats). */
export async function eventCount(
  kube: KubeClients,
  namespace: string,
  name: string,
  reason: string,
  note: string,
): Promise<number> {
  const list = await kube.events.listNamespacedEvent({ namespace });
  return list.items
    .filter((e) => e.regarding?.name === name && e.reason === reason && e.note === note)
    .reduce((n, e) => n + (e.series?.count ?? e.deprecatedCount ?? 1), 0);
}

/** Entra's job as the engine of the shared governance scenarios: a cycle is the job's next one on the simulator clock. */
export const ENTRA_ENGINE: ScenarioEngine = {
  name: 'Entra',
  provisionsOnClockStep: true,
  syncEmea: (kube, sim, namespace, name, request) =>
    syncEmeaThroughEntra(kube, sim, namespace, name, request.scope, request.mappings, request.sourceMarker),
  async nextCycle(_kube, sim) {
    await sim().admin.advanceClock(40 * 60_000);
  },
};
