// Deleting a SyncScope with deletionPolicy Delete soft-deletes the users it created in $batches, and says so
// in an Event on the SyncScope.
import { jest } from '@jest/globals';
import { createKubeClients } from '../../src/kube/client.js';
import { testKubeConfig } from '../support/cluster.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import { useLinkedOperator } from './linked-operator.js';
import { CONTOSO, EMEA, anchoredUsers, clientFor, groupId } from './engine.js';
import { SYNC_SCOPES, createSyncScope } from './scopes.js';

jest.setTimeout(180_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
const testbed = useLinkedOperator(clients, sim, 'scope-deletion', { contoso: CONTOSO, emea: EMEA });

it('soft-deletes the users of a deleted SyncScope in $batches, with an Event that counts them', async () => {
  const { namespace } = testbed();
  const target = clientFor(sim(), CONTOSO);
  const group = await groupId(clientFor(sim(), EMEA), 'Sync to Contoso');
  await createSyncScope(clients, namespace, 'leaving', {
    source: { tenantLinkRef: 'emea' },
    scope: { groups: [group] },
    deletionPolicy: 'Delete',
  });
  await waitFor(
    '20 EMEA users in Contoso',
    async () => ((await anchoredUsers(target, EMEA.tenantId)).size === 20 ? true : undefined),
    60_000,
  );
  await sim().admin.clearRequests();

  await clients.customObjects.deleteNamespacedCustomObject({ ...SYNC_SCOPES, namespace, name: 'leaving' });
  await waitFor(
    'no EMEA user left in Contoso',
    async () => ((await anchoredUsers(target, EMEA.tenantId)).size === 0 ? true : undefined),
    60_000,
  );
  const deletes = (await sim().admin.requests(CONTOSO.tenantId)).filter(
    (r) => r.method === 'DELETE' && /\/users\//.test(r.path),
  );
  expect(deletes).toHaveLength(20);
  expect(deletes.filter((r) => !r.inBatch)).toEqual([]);
  const event = await waitFor('the UsersDeleted Event', async () => {
    const list = await clients.events.listNamespacedEvent({ namespace });
    return list.items.find((e) => e.reason === 'UsersDeleted' && e.regarding?.name === 'leaving');
  });
  expect(event.type).toBe('Normal');
  expect(event.note).toContain('soft-deleted 20 users this SyncScope created');
});
