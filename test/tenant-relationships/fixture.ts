// Shared by the tenant relationship tests: the Contoso seed with or without its cross-tenant access
// settings, Graph clients as the operator's apps, the three TenantLinks, and reading Events.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { SeedDocument } from '../../src/graph-sim/index.js';
import { DEFAULT_SEED_FILE } from '../../src/graph-sim/index.js';
import type { RunningSimulator } from '../../src/graph-sim/index.js';
import { getPartnerConfiguration, GraphRequestError, type GraphClient } from '../../src/graph/index.js';
import type { KubeClients } from '../../src/kube/client.js';
import { CONTOSO, EMEA, US } from '../graph-sim/contoso-tenants.js';
import { clientFor } from '../sync/engine.js';
import { waitFor } from '../support/poll.js';
import { conditionOf, create, patch, waitUntil } from '../support/resources.js';
import { createTenantLink, waitForTenantLink } from '../support/simulator.js';

export { CONTOSO, EMEA, US };

/** The Contoso seed as a fresh set of tenants would have it: no partner configurations anywhere. */
export function seedWithoutRelationships(): SeedDocument {
  const seed = parse(readFileSync(DEFAULT_SEED_FILE, 'utf8')) as SeedDocument;
  for (const tenant of seed.tenants) delete tenant.modules?.['tenantRelationships'];
  return seed;
}

/** The operator's own Graph client in each tenant (its apps hold Policy.ReadWrite.CrossTenantAccess). */
export function clients(sim: Pick<RunningSimulator, 'url'>): Record<'contoso' | 'emea' | 'us', GraphClient> {
  return { contoso: clientFor(sim, CONTOSO), emea: clientFor(sim, EMEA), us: clientFor(sim, US) };
}

/** Creates the TenantLinks contoso, emea and us and waits until they are Connected. */
export async function linkContoso(
  kube: KubeClients,
  sim: Pick<RunningSimulator, 'url'>,
  namespace: string,
): Promise<void> {
  for (const [name, tenant] of [
    ['contoso', CONTOSO],
    ['emea', EMEA],
    ['us', US],
  ] as const) {
    await createTenantLink(kube, sim, { namespace, name, tenant });
  }
  for (const name of ['contoso', 'emea', 'us'])
    await waitForTenantLink(kube, namespace, name, 'True/Connected');
}

/** The Events recorded about one object, as `Reason: note`. */
export async function eventsAbout(kube: KubeClients, namespace: string, name: string): Promise<string[]> {
  const list = await kube.events.listNamespacedEvent({ namespace });
  return list.items
    .filter((event) => event.regarding?.name === name)
    .map((event) => `${event.reason ?? ''}: ${event.note ?? ''}`);
}

/** The status and code of the Graph error a call fails with; throws when it succeeds. */
export async function failure(call: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await call;
  } catch (err) {
    if (err instanceof GraphRequestError) return { status: err.info.status, code: err.info.code };
    throw err;
  }
  throw new Error('the call succeeded');
}

/**
 * A TenantRelationship us-emea with `deletionPolicy: Delete`, once its partner configurations are in both tenants,
 * then suspended: what a deletion while suspended starts from.
 */
export async function suspendedUsEmea(
  kube: KubeClients,
  namespace: string,
  graph: Record<'emea' | 'us', GraphClient>,
): Promise<void> {
  await create(kube, 'TenantRelationship', namespace, 'us-emea', {
    pairs: [{ source: 'us', target: 'emea', automaticRedemption: true }],
    deletionPolicy: 'Delete',
  });
  await waitFor('the partner configurations of us and emea', async () =>
    (await getPartnerConfiguration(graph.emea, US.tenantId)) &&
    (await getPartnerConfiguration(graph.us, EMEA.tenantId))
      ? true
      : undefined,
  );
  await patch(kube, 'TenantRelationship', namespace, 'us-emea', { spec: { suspend: true } });
  await waitUntil(
    kube,
    'TenantRelationship',
    namespace,
    'us-emea',
    'Suspended',
    (r) => conditionOf(r, 'Ready') === 'False/Suspended',
  );
}
