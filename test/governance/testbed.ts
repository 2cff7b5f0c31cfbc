// Setup shared by the governance end-to-end tests: the Contoso (target) and EMEA (source) links.
import type { KubeClients } from '../../src/kube/client.js';
import { CONTOSO, EMEA } from '../graph-sim/sim-fixture.js';
import type { RunningSimulator } from '../../src/graph-sim/index.js';
import { createTenantLink, waitForTenantLink } from '../support/simulator.js';
import { conditionOf, waitUntil, type Stored } from '../support/resources.js';

/** Creates the TenantLinks 'contoso' and 'emea' in the namespace and waits until both are Connected. */
export async function connectContosoAndEmea(
  clients: KubeClients,
  sim: Pick<RunningSimulator, 'url'>,
  namespace: string,
): Promise<void> {
  await createTenantLink(clients, sim, { namespace, name: 'contoso', tenant: CONTOSO });
  await createTenantLink(clients, sim, { namespace, name: 'emea', tenant: EMEA });
  for (const name of ['contoso', 'emea']) await waitForTenantLink(clients, namespace, name, 'True/Connected');
}

/** Waits up to 60 s until the SyncScope `name` reports Ready True/Synced, and returns it. */
export function waitForSyncScopeSynced(
  clients: KubeClients,
  namespace: string,
  name: string,
): Promise<Stored> {
  return waitUntil(
    clients,
    'SyncScope',
    namespace,
    name,
    'Synced',
    (r) => conditionOf(r, 'Ready') === 'True/Synced',
    60_000,
  );
}
