// Two SyncScopes over one tenant pair would deprovision each other's users (the anchor names the source
// tenant, not the scope): the younger one stalls with OverlappingSyncScope, and deleting it with
// deletionPolicy Delete leaves the users to the scope that owns the pair.
import { jest } from '@jest/globals';
import type { SyncScope } from '../../src/api/index.js';
import { createKubeClients } from '../../src/kube/client.js';
import { testKubeConfig } from '../support/cluster.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import { useLinkedOperator } from './linked-operator.js';
import { CONTOSO, EMEA, anchoredUsers, clientFor, groupId } from './engine.js';
import { createSyncScope } from './scopes.js';
import { resourceOf } from '../support/resources.js';

jest.setTimeout(180_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
const scopes = resourceOf('SyncScope');
const testbed = useLinkedOperator(clients, sim, 'overlap', {
  contoso: CONTOSO,
  emea: EMEA,
  'emea-again': EMEA,
});
let namespace: string;

beforeAll(async () => {
  ({ namespace } = testbed());
});

async function createScope(name: string, sourceLink: string, group: string): Promise<void> {
  await createSyncScope(clients, namespace, name, {
    source: { tenantLinkRef: sourceLink },
    scope: { groups: [group] },
    deletionPolicy: 'Delete',
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
