// The operator process watching a fresh namespace whose TenantLinks reach seeded tenants of the simulator:
// the set-up the sync integration tests share.
import type { RunningSimulator } from '../../src/graph-sim/index.js';
import { createTestNamespace, testKubeconfigPath } from '../support/cluster.js';
import type { OperatorProcess } from '../support/operator.js';
import { installCrds, startOperator } from '../support/operator.js';
import { createTenantLink, waitForTenantLink } from '../support/simulator.js';
import type { KubeClients } from '../../src/kube/client.js';
import type { Tenant } from './engine.js';

/** What a test file gets: the namespace and the running operator. */
export interface LinkedOperator {
  namespace: string;
  operator: OperatorProcess;
}

/**
 * Before the tests of a file: a namespace `prefix-…`, a TenantLink per entry of `links` (all Connected), and
 * the operator watching only that namespace; after them, the operator stopped. Call at top level.
 */
export function useLinkedOperator(
  clients: KubeClients,
  sim: () => RunningSimulator,
  prefix: string,
  links: Record<string, Tenant>,
): () => LinkedOperator {
  let linked: LinkedOperator | undefined;
  beforeAll(async () => {
    await installCrds();
    const namespace = await createTestNamespace(prefix);
    for (const [name, tenant] of Object.entries(links))
      await createTenantLink(clients, sim(), { namespace, name, tenant });
    const operator = await startOperator({
      kubeconfigPath: testKubeconfigPath(),
      args: [`--watch-namespace=${namespace}`],
    });
    linked = { namespace, operator };
    await operator.ready();
    for (const name of Object.keys(links))
      await waitForTenantLink(clients, namespace, name, 'True/Connected');
  });
  afterAll(async () => {
    await linked?.operator.stop();
  });
  return () => {
    if (!linked) throw new Error('useLinkedOperator() must be called at the top of the test file');
    return linked;
  };
}
