// A cycle that creates more users than it applies at once (2,000) reports how far it is while it runs:
// Ready=Unknown and Reconciling=True with reason Provisioning, then Ready=True once the cycle ends. The
// real operator process, the real control plane, the simulator.
import { jest } from '@jest/globals';
import type { SyncScope } from '../../src/api/index.js';
import { createKubeClients } from '../../src/kube/client.js';
import { createTestNamespace, testKubeConfig, testKubeconfigPath } from '../support/cluster.js';
import type { OperatorProcess } from '../support/operator.js';
import { installCrds, startOperator } from '../support/operator.js';
import { waitFor } from '../support/poll.js';
import { createTenantLink, useSimulator, waitForTenantLink } from '../support/simulator.js';
import { CONTOSO, EMEA, clientFor, groupId } from './engine.js';
import { SYNC_SCOPES, createSyncScope, seedEmeaUsers } from './scopes.js';

jest.setTimeout(240_000);
// One chunk of 2,000 creates and a second one; the 20 users of the Contoso example's group come on top.
const GENERATED = 2_100;
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
let namespace: string;
let operator: OperatorProcess | undefined;

type ConditionView = { type: string; status: string; reason: string; message: string };

beforeAll(async () => {
  await seedEmeaUsers(sim().admin, GENERATED);
  // 5 ms per request (100 ms per $batch of 20): the creates take seconds, long enough to be watched.
  await sim().admin.setRealism(CONTOSO.tenantId, {
    faults: { latencyMs: 5 },
    throttling: { writesPer150s: 60_000 },
  });
  await installCrds();
  namespace = await createTestNamespace('sync-progress');
  await createTenantLink(clients, sim(), {
    namespace,
    name: 'contoso',
    tenant: CONTOSO,
    spec: { graphLimits: { writesPer150s: 60_000 } },
  });
  await createTenantLink(clients, sim(), { namespace, name: 'emea', tenant: EMEA });
  operator = await startOperator({
    kubeconfigPath: testKubeconfigPath(),
    args: [`--watch-namespace=${namespace}`, '--log-level=warn'],
  });
  await operator.ready();
  for (const name of ['contoso', 'emea']) await waitForTenantLink(clients, namespace, name, 'True/Connected');
});
afterAll(async () => {
  await operator?.stop();
});

it('shows Reconciling with the creates done so far during a large initial sync, then Ready', async () => {
  const group = await groupId(clientFor(sim(), EMEA), 'Sync to Contoso');
  await createSyncScope(clients, namespace, 'emea-large', {
    source: { tenantLinkRef: 'emea' },
    scope: { groups: [group] },
    interval: '1h',
  });
  const seen: { ready: ConditionView; reconciling?: ConditionView }[] = [];
  const done = await waitFor(
    'the initial sync to end',
    async () => {
      const scope = (await clients.customObjects.getNamespacedCustomObject({
        ...SYNC_SCOPES,
        namespace,
        name: 'emea-large',
      })) as SyncScope;
      const conditions = (scope.status?.conditions ?? []) as ConditionView[];
      const ready = conditions.find((c) => c.type === 'Ready');
      const reconciling = conditions.find((c) => c.type === 'Reconciling');
      const last = seen.at(-1)?.ready;
      if (ready && (ready.reason !== last?.reason || ready.message !== last.message))
        seen.push({ ready, ...(reconciling ? { reconciling } : {}) });
      return ready?.status === 'True' ? scope : undefined;
    },
    180_000,
    50,
  );
  const planned = GENERATED + 20;
  const progress = seen.filter((s) => s.ready.reason === 'Provisioning');
  expect(progress.map((s) => s.ready.message)).toEqual(
    expect.arrayContaining([
      `creating ${planned} users: 0 done, the cycle goes on`,
      `creating ${planned} users: 2000 done, the cycle goes on`,
    ]),
  );
  for (const s of progress) {
    expect(s.ready.status).toBe('Unknown');
    expect(s.reconciling).toMatchObject({ status: 'True', reason: 'Provisioning', message: s.ready.message });
  }
  expect(done.status?.counts?.provisioned).toBe(planned);
  expect(done.status?.conditions?.find((c) => c.type === 'Ready')?.reason).toBe('Synced');
  expect(done.status?.conditions?.some((c) => c.type === 'Reconciling')).toBe(false);
});
