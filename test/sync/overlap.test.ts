// Two SyncScopes over one tenant pair would deprovision each other's users (the anchor names the source
// tenant, not the scope): the younger one stalls with OverlappingSyncScope, and deleting it with
// deletionPolicy Delete leaves the users to the scope that owns the pair.
import { jest } from '@jest/globals';
import { API_VERSION, GROUP, VERSION } from '../../src/api/index.js';
import type { SyncScope } from '../../src/api/index.js';
import { createKubeClients } from '../../src/kube/client.js';
import { createTestNamespace, testKubeConfig, testKubeconfigPath } from '../support/cluster.js';
import type { OperatorProcess } from '../support/operator.js';
import { installCrds, startOperator, waitFor } from '../support/operator.js';
import { createTenantLink, useSimulator, waitForTenantLink } from '../support/simulator.js';
import { CONTOSO, EMEA, anchoredUsers, clientFor, groupId } from './engine.js';

jest.setTimeout(180_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
const scopes = { group: GROUP, version: VERSION, plural: 'syncscopes' };
let operator: OperatorProcess | undefined;
let namespace: string;

beforeAll(async () => {
  await installCrds();
  namespace = await createTestNamespace('overlap');
  // Two links to the same EMEA tenant: the overlap is judged by tenant id, not by link name.
  for (const [name, tenant] of [
    ['contoso', CONTOSO],
    ['emea', EMEA],
    ['emea-again', EMEA],
  ] as const)
    await createTenantLink(clients, sim(), { namespace, name, tenant });
  operator = await startOperator({
    kubeconfigPath: testKubeconfigPath(),
    args: [`--watch-namespace=${namespace}`],
  });
  await operator.ready();
  for (const name of ['contoso', 'emea', 'emea-again'])
    await waitForTenantLink(clients, namespace, name, 'True/Connected');
});
afterAll(async () => {
  await operator?.stop();
});

async function createScope(name: string, sourceLink: string, group: string): Promise<void> {
  await clients.customObjects.createNamespacedCustomObject({
    ...scopes,
    namespace,
    body: {
      apiVersion: API_VERSION,
      kind: 'SyncScope',
      metadata: { name },
      spec: {
        source: { tenantLinkRef: sourceLink },
        target: { tenantLinkRef: 'contoso' },
        scope: { groups: [group] },
        interval: '1s',
        deletionPolicy: 'Delete',
      },
    },
  });
}

async function readyOf(name: string) {
  const scope = (await clients.customObjects.getNamespacedCustomObject({
    ...scopes,
    namespace,
    name,
  })) as SyncScope;
  return scope.status?.conditions?.find((c) => c.type === 'Ready');
}

it('stalls the younger of two scopes over one tenant pair, and its deletion leaves the users in place', async () => {
  const target = clientFor(sim(), CONTOSO);
  const group = await groupId(clientFor(sim(), EMEA), 'Sync to Contoso');
  await createScope('first', 'emea', group);
  await waitFor(
    '20 EMEA users in Contoso',
    async () => ((await anchoredUsers(target, EMEA.tenantId)).size === 20 ? true : undefined),
    60_000,
  );

  const enabledById = async () =>
    new Map([...(await anchoredUsers(target, EMEA.tenantId)).values()].map((u) => [u.id, u.accountEnabled]));
  const before = await enabledById();

  await createScope('second', 'emea-again', group);
  const stalled = await waitFor('OverlappingSyncScope', async () => {
    const ready = await readyOf('second');
    return ready?.reason === 'OverlappingSyncScope' ? ready : undefined;
  });
  expect(stalled.status).toBe('False');
  expect(stalled.message).toContain(`SyncScope ${namespace}/first already syncs tenant ${EMEA.tenantId}`);
  expect((await readyOf('first'))?.status).toBe('True');

  await clients.customObjects.deleteNamespacedCustomObject({ ...scopes, namespace, name: 'second' });
  await waitFor('the second scope gone', async () =>
    (await readyOf('second').then(
      () => false,
      () => true,
    ))
      ? true
      : undefined,
  );
  expect(await enabledById()).toEqual(before);
  expect((await readyOf('first'))?.status).toBe('True');
});
