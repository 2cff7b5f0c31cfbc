// Timeouts and isolation: while one source tenant holds every request open, the SyncScope of another tenant
// keeps its latency, and the hung one says TenantUnreachable once its TenantLink's request timeout passes.
// The real operator (default concurrency), control plane and simulator.
import { jest } from '@jest/globals';
import { createKubeClients } from '../../src/kube/client.js';
import { testKubeConfig } from '../support/cluster.js';
import { waitFor } from '../support/poll.js';
import { createTenantLink, useSimulator, waitForTenantLink } from '../support/simulator.js';
import { CONTOSO, EMEA, US, anchoredUsers, clientFor, groupId, userId } from '../sync/engine.js';
import { useLinkedOperator } from '../sync/linked-operator.js';
import { createSyncScope } from '../sync/scopes.js';
import { waitForScope } from './replicas.js';

jest.setTimeout(300_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
const testbed = useLinkedOperator(clients, sim, 'faults-isolation', { contoso: CONTOSO, emea: EMEA });
const UPN = 'eva.horvath@emea.contoso.com';

/** How long a change to an EMEA user takes to reach its target user. */
async function emeaLatencyMs(department: string): Promise<number> {
  const source = clientFor(sim(), EMEA);
  const id = await userId(source, UPN);
  const started = Date.now();
  await source.send('PATCH', `/users/${id}`, { department });
  await waitFor(
    `${UPN} to be in ${department} in the target`,
    async () =>
      (await anchoredUsers(clientFor(sim(), CONTOSO), EMEA.tenantId)).get(id)?.department === department
        ? true
        : undefined,
    90_000,
    100,
  );
  return Date.now() - started;
}

it('keeps one tenant’s SyncScope on time while another tenant hangs', async () => {
  const { namespace } = testbed();
  await createTenantLink(clients, sim(), {
    namespace,
    name: 'us',
    tenant: US,
    spec: { requestTimeout: '5s' },
  });
  await waitForTenantLink(clients, namespace, 'us', 'True/Connected');
  for (const [name, tenant] of [
    ['emea', EMEA],
    ['us', US],
  ] as const) {
    await createSyncScope(clients, namespace, name, {
      source: { tenantLinkRef: name },
      scope: { groups: [await groupId(clientFor(sim(), tenant), 'Sync to Contoso')] },
    });
  }
  for (const name of ['emea', 'us']) await waitForScope(clients, namespace, name, 'True/Synced');
  const before = await emeaLatencyMs('Before');

  await sim().admin.setRealism(US.tenantId, { faults: { rules: [{ effect: 'hang' }] } });
  const hungAt = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const during = [
    await emeaLatencyMs('During 1'),
    await emeaLatencyMs('During 2'),
    await emeaLatencyMs('During 3'),
  ];
  await waitForScope(clients, namespace, 'us', 'False/TenantUnreachable', 60_000);
  const unreachableMs = Date.now() - hungAt;
  await sim().admin.setRealism(US.tenantId, { faults: { rules: [] } });
  console.log(
    `hung tenant: EMEA latency ${before} ms before, ${during.join(' / ')} ms during; the hung scope said ` +
      `TenantUnreachable ${unreachableMs} ms after the hang began (requestTimeout 5s)`,
  );
  // A 1 s interval and the reads and writes of one cycle, whatever the hung tenant does.
  for (const ms of during) expect(ms).toBeLessThan(Math.max(10_000, 3 * before));
  expect(unreachableMs).toBeLessThan(45_000);
  await waitForScope(clients, namespace, 'us', 'True/Synced', 60_000);
});
