// Transient versus persistent failure: a source tenant answering 503 to everything for 90 s puts the SyncScope
// in Ready=False/TenantUnreachable, never in quarantine, and the users added during the outage are in the
// target within one interval of the recovery. The real operator, control plane and simulator.
import { jest } from '@jest/globals';
import { createKubeClients } from '../../src/kube/client.js';
import { conditionOf, get } from '../support/resources.js';
import { testKubeConfig } from '../support/cluster.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import { CONTOSO, EMEA, anchoredUsers, clientFor, groupId } from '../sync/engine.js';
import { useLinkedOperator } from '../sync/linked-operator.js';
import { createSyncScope, seedEmeaUsers } from '../sync/scopes.js';
import { waitForScope } from './replicas.js';

jest.setTimeout(300_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
const testbed = useLinkedOperator(clients, sim, 'faults-outage', { contoso: CONTOSO, emea: EMEA });
const OUTAGE_MS = 90_000;
const INTERVAL_MS = 10_000;

it('waits out a 90 s outage of the source without quarantine, and converges within one interval after it', async () => {
  const { namespace } = testbed();
  await createSyncScope(clients, namespace, 'emea', {
    source: { tenantLinkRef: 'emea' },
    scope: { groups: [await groupId(clientFor(sim(), EMEA), 'Sync to Contoso')] },
    interval: `${INTERVAL_MS / 1000}s`,
  });
  await waitForScope(clients, namespace, 'emea', 'True/Synced');
  const before = (await anchoredUsers(clientFor(sim(), CONTOSO), EMEA.tenantId)).size;

  await sim().admin.setRealism(EMEA.tenantId, { faults: { errorRates: { '503': 1 } } });
  const outageStarted = Date.now();
  // Users who join the scope while the tenant is down; the admin API is not affected by the outage.
  await seedEmeaUsers(sim().admin, 5);
  const seen = new Set<string>();
  while (Date.now() - outageStarted < OUTAGE_MS) {
    const scope = await get(clients, 'SyncScope', namespace, 'emea');
    seen.add(
      `Ready=${conditionOf(scope, 'Ready')} Quarantined=${conditionOf(scope, 'Quarantined') ?? 'absent'}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  await sim().admin.setRealism(EMEA.tenantId, { faults: { errorRates: {} } });
  const recovered = Date.now();
  await waitFor(
    'the users added during the outage',
    async () =>
      (await anchoredUsers(clientFor(sim(), CONTOSO), EMEA.tenantId)).size >= before + 5 ? true : undefined,
    120_000,
    250,
  );
  const convergedMs = Date.now() - recovered;
  const scope = await waitForScope(clients, namespace, 'emea', 'True/Synced');
  console.log(
    `90 s 503 outage: states seen ${[...seen].join('; ')}; converged ${convergedMs} ms after recovery`,
  );
  expect([...seen].filter((s) => s.includes('Quarantined=True'))).toEqual([]);
  expect([...seen].some((s) => s.startsWith('Ready=False/TenantUnreachable'))).toBe(true);
  expect(conditionOf(scope, 'Quarantined') ?? 'absent').not.toMatch(/^True/);
  // One interval, plus the cycle's reads and writes.
  expect(convergedMs).toBeLessThan(INTERVAL_MS + 10_000);
});
