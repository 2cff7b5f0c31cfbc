// Two operator processes with --leader-elect: both sync their caches and report ready, only the Lease
// holder reconciles and calls Graph, and the standby takes over when the leader dies.
import { jest } from '@jest/globals';
import type { KubeClients } from '../../src/kube/client.js';
import { createKubeClients } from '../../src/kube/client.js';
import { createTestNamespace, testKubeConfig, testKubeconfigPath } from '../support/cluster.js';
import type { OperatorProcess } from '../support/operator.js';
import { installCrds, scrape, startOperator } from '../support/operator.js';
import { metricValue } from '../support/metrics.js';
import { waitFor } from '../support/poll.js';
import { createTenantLink, useSimulator, waitForTenantLink } from '../support/simulator.js';
import { CONTOSO, EMEA } from '../graph-sim/sim-fixture.js';

jest.setTimeout(120_000);
const sim = useSimulator();
const LEASE = 'crosstenant-operator-test';
let clients: KubeClients;
let namespace: string;
let replicas: OperatorProcess[] = [];

interface Figures {
  leader: number;
  reconciles: number;
  graphRequests: number;
}

async function figures(replica: OperatorProcess): Promise<Figures> {
  const page = await scrape(replica);
  return {
    leader: metricValue(page, 'leader_election_master_status', { name: LEASE }) ?? -1,
    reconciles: metricValue(page, 'controller_runtime_reconcile_total', { controller: 'tenantlink' }) ?? 0,
    graphRequests: metricValue(page, 'crosstenant_graph_requests_total') ?? 0,
  };
}

function start(): Promise<OperatorProcess> {
  return startOperator({
    kubeconfigPath: testKubeconfigPath(),
    args: [
      `--watch-namespace=${namespace}`,
      '--leader-elect',
      `--leader-election-namespace=${namespace}`,
      `--leader-election-id=${LEASE}`,
    ],
  });
}

async function holder(): Promise<string> {
  const lease = await clients.coordination.readNamespacedLease({ name: LEASE, namespace });
  return lease.spec?.holderIdentity ?? '';
}

beforeAll(async () => {
  clients = createKubeClients(testKubeConfig());
  await installCrds();
  namespace = await createTestNamespace('operator-le');
  replicas = await Promise.all([start(), start()]);
  await Promise.all(replicas.map((replica) => replica.ready()));
});

afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.stop()));
});

describe('two operators with --leader-elect', () => {
  let leader: OperatorProcess;
  let standby: OperatorProcess;

  it('both report ready, and only the Lease holder reconciles and calls Graph', async () => {
    [leader, standby] = await waitFor('one leader', async () => {
      const [a, b] = await Promise.all(replicas.map(figures));
      if (a?.leader === 1 && b?.leader === 0) return replicas as [OperatorProcess, OperatorProcess];
      if (a?.leader === 0 && b?.leader === 1)
        return [replicas[1], replicas[0]] as [OperatorProcess, OperatorProcess];
      return undefined;
    });
    await createTenantLink(clients, sim(), { namespace, name: 'contoso', tenant: CONTOSO });
    await waitForTenantLink(clients, namespace, 'contoso', 'True/Connected');
    const organizationCalls = (await sim().admin.requests(CONTOSO.tenantId)).filter((entry) =>
      entry.path.includes('/organization'),
    );
    expect(organizationCalls.length).toBeGreaterThan(0);
    const [leading, waiting] = await Promise.all([figures(leader), figures(standby)]);
    expect(leading.reconciles).toBeGreaterThan(0);
    expect(leading.graphRequests).toBe(organizationCalls.length);
    expect(waiting).toEqual({ leader: 0, reconciles: 0, graphRequests: 0 });
    expect((await fetch(`${standby.probeUrl}/readyz`)).status).toBe(200);
  });

  it('lets the standby take over within the lease duration when the leader is killed', async () => {
    const before = await holder();
    const killedAt = Date.now();
    leader.kill('SIGKILL');
    expect(await leader.exited).toBe(137);
    await waitFor(
      'the standby to lead',
      async () => ((await figures(standby)).leader === 1 ? true : undefined),
      30_000,
    );
    const takeoverMs = Date.now() - killedAt;
    console.log(`standby took over ${takeoverMs} ms after the leader was killed`);
    // As client-go: the lease (15 s) expires 15 s after the standby last saw it renewed, on the standby's
    // clock, and the standby looks every retry period of 2 s with jitter 1.2 (up to 4.4 s): it can see the
    // last renewal up to 4.4 s late and the expiry up to 4.4 s late, so 15 + 4.4 + 4.4 s at worst.
    expect(takeoverMs).toBeLessThan(15_000 + 2 * 4_400 + 1_000);
    expect(await holder()).not.toBe(before);
    await createTenantLink(clients, sim(), { namespace, name: 'emea', tenant: EMEA });
    await waitForTenantLink(clients, namespace, 'emea', 'True/Connected');
    expect((await figures(standby)).reconciles).toBeGreaterThan(0);
  });

  it('releases the Lease and exits 0 on SIGTERM', async () => {
    expect(await standby.stop()).toBe(0);
    expect(await holder()).toBe('');
  });
});
