// The lifecycle of synchronized security groups, by the operator process against the real control plane and
// the Graph simulator: a user created in a cycle joins its groups in that cycle, status.counts and the Groups
// column count the groups, and deleting the SyncScope leaves its groups (deletionPolicy Orphan, the default)
// or deletes them with its users (Delete).
import { jest } from '@jest/globals';
import type { GraphClient } from '../../src/graph/index.js';
import { createKubeClients } from '../../src/kube/client.js';
import { kubectl, testKubeConfig } from '../support/cluster.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import { deleteAndWaitGone, get, patch, waitUntil, type Stored } from '../support/resources.js';
import { useLinkedOperator } from '../sync/linked-operator.js';
import { CONTOSO, EMEA, anchoredUsers, clientFor, groupId, userId } from '../sync/engine.js';
import { createSyncScope } from '../sync/scopes.js';
import {
  ENGINEERING_EMEA,
  GROUP_ANCHOR,
  SALES_EMEA,
  contoso,
  emeaAdmin,
  syncedGroups,
} from './target-groups.js';

jest.setTimeout(240_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
const testbed = useLinkedOperator(clients, sim, 'group-lifecycle', { contoso: CONTOSO, emea: EMEA });

let source: GraphClient;
let admin: GraphClient;
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

interface CycleStatus {
  lastCycle?: { kind: string; startTime: string; endTime?: string; created: number };
  counts?: Record<string, number>;
}

function cycleOf(scope: Stored): CycleStatus {
  return (scope.status ?? {}) as CycleStatus;
}

async function membersOf(sourceGroupId: string): Promise<string[]> {
  return (await syncedGroups(target)).get(sourceGroupId)?.members ?? [];
}

async function counterpartOf(upn: string): Promise<string> {
  const user = (await anchoredUsers(target, EMEA.tenantId)).get(await userId(source, upn));
  if (!user) throw new Error(`${upn} is not synchronized`);
  return user.id;
}

beforeAll(async () => {
  source = clientFor(sim(), EMEA);
  target = contoso(sim());
  admin = await emeaAdmin(sim());
  syncGroup = await groupId(source, 'Sync to Contoso');
});

// An interval of an hour: after its first cycle the scope runs one only when its metadata changes, so each
// step below is exactly one cycle.
it('adds the users a cycle creates to their target groups in that same cycle', async () => {
  const { namespace } = testbed();
  await createSyncScope(clients, namespace, 'emea', scopeSpec({ interval: '1h' }));
  const first = await waitUntil(clients, 'SyncScope', namespace, 'emea', 'has run its first cycle', (s) =>
    Boolean(cycleOf(s).lastCycle?.endTime),
  );
  expect(cycleOf(first).lastCycle).toMatchObject({ kind: 'Initial', created: 20 });
  expect(await membersOf(SALES_EMEA)).toHaveLength(6);
  expect(await membersOf(ENGINEERING_EMEA)).toHaveLength(4);

  // Inès is in Sales EMEA but not in the user scope: put her in it, and let one cycle run.
  const ines = await userId(source, 'ines.fernandez@emea.contoso.com');
  await admin.send('POST', `/groups/${syncGroup}/members/$ref`, {
    '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${ines}`,
  });
  await patch(clients, 'SyncScope', namespace, 'emea', {
    metadata: { annotations: { 'test.crosstenant.io/cycle': 'ines' } },
  });
  // The cycle that creates her (times are in whole seconds, so it is told from the first by what it did).
  const second = await waitUntil(
    clients,
    'SyncScope',
    namespace,
    'emea',
    'has run the cycle that creates Inès',
    (s) => cycleOf(s).lastCycle?.created === 1,
  );
  expect(await membersOf(SALES_EMEA)).toContain(await counterpartOf('ines.fernandez@emea.contoso.com'));
  // Still that cycle: a later one would have created no one.
  const now = await get(clients, 'SyncScope', namespace, 'emea');
  expect(cycleOf(now).lastCycle).toEqual(cycleOf(second).lastCycle);
});

it('counts the groups in status.counts and in the Groups column of kubectl get -o wide', async () => {
  const { namespace } = testbed();
  const scope = await get(clients, 'SyncScope', namespace, 'emea');
  expect(cycleOf(scope).counts).toMatchObject({ inScope: 21, groupsInScope: 2, groupsProvisioned: 2 });
  const listed = await kubectl(['get', 'syncscope', 'emea', '-n', namespace, '-o', 'wide']);
  expect(listed.code).toBe(0);
  const [header = '', row = ''] = listed.stdout.trim().split('\n');
  const columns = header.split(/\s{2,}/);
  const values = row.split(/\s{2,}/);
  expect(values[columns.indexOf('GROUPS')]).toBe('2');
});

it('leaves the groups and users of a SyncScope deleted with deletionPolicy Orphan, the default', async () => {
  const { namespace } = testbed();
  const before = await syncedGroups(target);
  await deleteAndWaitGone(clients, 'SyncScope', namespace, 'emea');
  // The operator had the deletion to act on; nothing it could do takes longer than a few seconds.
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const after = await syncedGroups(target);
  expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  expect(after.get(SALES_EMEA)?.members).toEqual(before.get(SALES_EMEA)?.members);
  expect((await anchoredUsers(target, EMEA.tenantId)).size).toBe(21);
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
    'holds the finalizer and counts the 2 groups',
    (s) => (s.metadata.finalizers ?? []).length > 0 && cycleOf(s).counts?.['groupsProvisioned'] === 2,
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
