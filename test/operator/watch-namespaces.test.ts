// --watch-namespace with several namespaces: TenantLinks in each are reconciled, others are left alone.
import { jest } from '@jest/globals';
import { createKubeClients } from '../../src/kube/client.js';
import { createTestNamespace, testKubeConfig, testKubeconfigPath } from '../support/cluster.js';
import type { OperatorProcess } from '../support/operator.js';
import { installCrds, scrape, startOperator } from '../support/operator.js';
import { metricValue } from '../support/metrics.js';
import { waitFor } from '../support/poll.js';
import { createTenantLink, getTenantLink, useSimulator, waitForTenantLink } from '../support/simulator.js';
import { CONTOSO } from '../graph-sim/sim-fixture.js';

jest.setTimeout(120_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
let operator: OperatorProcess | undefined;

afterAll(async () => {
  await operator?.stop();
});

it('reconciles TenantLinks in every watched namespace and none elsewhere', async () => {
  await installCrds();
  const [first, second, other] = await Promise.all(
    ['operator-wa', 'operator-wb', 'operator-wc'].map((prefix) => createTestNamespace(prefix)),
  );
  operator = await startOperator({
    kubeconfigPath: testKubeconfigPath(),
    args: [`--watch-namespace=${first},${second}`],
  });
  await operator.ready();
  for (const namespace of [first, second, other] as string[]) {
    await createTenantLink(clients, sim(), { namespace, name: 'contoso', tenant: CONTOSO });
  }
  await waitForTenantLink(clients, first as string, 'contoso', 'True/Connected');
  await waitForTenantLink(clients, second as string, 'contoso', 'True/Connected');
  // The unwatched link is queued like any (the informer spans all namespaces) but never reconciled.
  const running = operator;
  await waitFor('every queued key to be processed', async () => {
    const page = await scrape(running);
    return metricValue(page, 'workqueue_depth', { name: 'tenantlink' }) === 0 ? true : undefined;
  });
  expect((await getTenantLink(clients, other as string, 'contoso')).status).toBeUndefined();
  expect(
    metricValue(await scrape(operator), 'crosstenant_tenantlink_ready', { namespace: other as string }),
  ).toBe(undefined);
});
