// The lifecycle of synchronized security groups, by the operator process against the real control plane and
// the Graph simulator: deleting the SyncScope leaves its groups (deletionPolicy Orphan, the default) or
// deletes them with its users (Delete).
import { jest } from '@jest/globals';
import type { GraphClient } from '../../src/graph/index.js';
import { createKubeClients } from '../../src/kube/client.js';
import { testKubeConfig } from '../support/cluster.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import { deleteAndWaitGone, waitUntil } from '../support/resources.js';
import { useLinkedOperator } from '../sync/linked-operator.js';
import { CONTOSO, EMEA, anchoredUsers, clientFor, groupId } from '../sync/engine.js';
import { createSyncScope } from '../sync/scopes.js';
import { ENGINEERING_EMEA, GROUP_ANCHOR, SALES_EMEA, contoso, syncedGroups } from './target-groups.js';

jest.setTimeout(240_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
const testbed = useLinkedOperator(clients, sim, 'group-lifecycle', { contoso: CONTOSO, emea: EMEA });

let source: GraphClient;
let target: GraphClient;
let syncGroup: string;

function scopeSpec(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    source: { tenantLinkRef: 'emea' },
    scope: { groups: [syncGroup] },
    groupSync: { groupIds: [SALES_EMEA, ENGINEERING_EMEA], anchorAttribute: GROUP_ANCHOR },
    ...extra,
  };
}

beforeAll(async () => {
  source = clientFor(sim(), EMEA);
  target = contoso(sim());
  syncGroup = await groupId(source, 'Sync to Contoso');
});

it('leaves the groups and users of a SyncScope deleted with deletionPolicy Orphan, the default', async () => {
  const { namespace } = testbed();
  await createSyncScope(clients, namespace, 'emea', scopeSpec());
  const before = await waitFor('Sales EMEA with 6 members and Engineering EMEA with 4', async () => {
    const found = await syncedGroups(target);
    const members = (id: string) => found.get(id)?.members.length;
    return members(SALES_EMEA) === 6 && members(ENGINEERING_EMEA) === 4 ? found : undefined;
  });
  await deleteAndWaitGone(clients, 'SyncScope', namespace, 'emea');
  // The operator had the deletion to act on; nothing it could do takes longer than a few seconds.
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const after = await syncedGroups(target);
  expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  expect(after.get(SALES_EMEA)?.members).toEqual(before.get(SALES_EMEA)?.members);
  expect((await anchoredUsers(target, EMEA.tenantId)).size).toBe(20);
});

it('deletes the target groups with the users of a SyncScope deleted with deletionPolicy Delete', async () => {
  const { namespace } = testbed();
  // A new scope over the same tenant pair takes the groups and users over by their anchors.
  await createSyncScope(clients, namespace, 'leaving', scopeSpec({ deletionPolicy: 'Delete' }));
  await waitUntil(
    clients,
    'SyncScope',
    namespace,
    'leaving',
    'holds the finalizer and has found the 2 groups',
    (s) =>
      (s.metadata.finalizers ?? []).length > 0 &&
      (s.status?.['groups'] as { provisioned?: number } | undefined)?.provisioned === 2,
  );
  await sim().admin.clearRequests();

  await deleteAndWaitGone(clients, 'SyncScope', namespace, 'leaving', 60_000);
  expect((await syncedGroups(target)).size).toBe(0);
  expect((await anchoredUsers(target, EMEA.tenantId)).size).toBe(0);
  const deletes = (await sim().admin.requests(CONTOSO.tenantId)).filter(
    (r) => r.method === 'DELETE' && /^(\/v1\.0)?\/groups\/[^/?]+$/.test(r.path),
  );
  expect(deletes).toHaveLength(2);
  const event = await waitFor('the GroupsDeleted Event', async () => {
    const list = await clients.events.listNamespacedEvent({ namespace });
    return list.items.find((e) => e.reason === 'GroupsDeleted' && e.regarding?.name === 'leaving');
  });
  expect(event.type).toBe('Normal');
  expect(event.note).toContain('deleted 2 groups this SyncScope created');
});
