// Security groups synchronized from Contoso EMEA into Contoso by the operator process, against the real
// control plane and the Graph simulator: created with the right members, memberships followed, a user
// leaving the user scope leaving the group, a group leaving scope deleted under the deletion threshold,
// governance resources naming a synced group by its source, a restart planning nothing (last: it replaces
// the operator), and DryRun writing nothing.
import { jest } from '@jest/globals';
import { createKubeClients } from '../../src/kube/client.js';
import type { GraphClient } from '../../src/graph/index.js';
import { testKubeConfig, testKubeconfigPath } from '../support/cluster.js';
import { startOperator } from '../support/operator.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import {
  conditionOf,
  create,
  deleteAndWaitGone,
  get,
  patch,
  waitUntil,
  type Stored,
} from '../support/resources.js';
import { useLinkedOperator } from '../sync/linked-operator.js';
import { CONTOSO, EMEA, anchoredUsers, clientFor, groupId, userId } from '../sync/engine.js';
import { createSyncScope } from '../sync/scopes.js';
import {
  ENGINEERING_EMEA,
  GROUP_ANCHOR,
  SALES_EMEA,
  contoso,
  emeaAdmin,
  groupWrites,
  syncedGroups,
} from './target-groups.js';

jest.setTimeout(240_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
const testbed = useLinkedOperator(clients, sim, 'group-sync', { contoso: CONTOSO, emea: EMEA });

let source: GraphClient;
let admin: GraphClient;
let target: GraphClient;
let syncGroup: string;

// The target users of EMEA source users, by UPN.
async function counterparts(...upns: string[]): Promise<string[]> {
  const anchored = await anchoredUsers(target, EMEA.tenantId);
  const ids: string[] = [];
  for (const upn of upns) {
    const sourceId = await userId(source, upn);
    const user = anchored.get(sourceId);
    if (!user) throw new Error(`${upn} is not synchronized`);
    ids.push(user.id);
  }
  return ids.sort();
}

const SALES_SYNCED = [
  'zoe.dubois@emea.contoso.com',
  'jurgen.weiss@emea.contoso.com',
  'asa.lindqvist@emea.contoso.com',
  'soren.kjrgaard@emea.contoso.com',
  'ayse.ylmaz@emea.contoso.com',
  'pierre.rousseau@emea.contoso.com',
];
const ENGINEERING_SYNCED = [
  'bjorn.andersson@emea.contoso.com',
  'ukasz.kowalski@emea.contoso.com',
  'raphael.girard@emea.contoso.com',
  'jan.devries@emea.contoso.com',
];

function scopeSpec(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    source: { tenantLinkRef: 'emea' },
    scope: { groups: [syncGroup] },
    // Users leaving scope are disabled, not deleted, so it is the group pass that takes them out of groups.
    deprovision: { onOutOfScope: 'Disable' },
    groupSync: { groupIds: [SALES_EMEA, ENGINEERING_EMEA], anchorAttribute: GROUP_ANCHOR },
    ...extra,
  };
}

async function groupsOf(namespace: string, name: string): Promise<Stored> {
  return get(clients, 'SyncScope', namespace, name);
}

function membersOf(groups: Map<string, { members: string[] }>, id: string): string[] | undefined {
  return groups.get(id)?.members;
}

beforeAll(async () => {
  source = clientFor(sim(), EMEA);
  target = contoso(sim());
  admin = await emeaAdmin(sim());
  syncGroup = await groupId(source, 'Sync to Contoso');
});

it('DryRun plans the groups and writes nothing to Contoso', async () => {
  const { namespace } = testbed();
  await sim().admin.clearRequests();
  await createSyncScope(clients, namespace, 'preview', scopeSpec({ mode: 'DryRun' }));
  const scope = await waitUntil(clients, 'SyncScope', namespace, 'preview', 'has a group plan', (s) =>
    Boolean((s.status?.['groups'] as { plan?: unknown } | undefined)?.plan),
  );
  expect((scope.status?.['groups'] as { plan: { created: number } }).plan.created).toBe(2);
  expect(await groupWrites(sim())).toEqual([]);
  expect((await syncedGroups(target)).size).toBe(0);
  await deleteAndWaitGone(clients, 'SyncScope', namespace, 'preview');
});

it('creates the source security groups in Contoso with their synchronized members only', async () => {
  const { namespace } = testbed();
  await createSyncScope(clients, namespace, 'emea', scopeSpec());
  const groups = await waitFor(
    'Sales EMEA with 6 members and Engineering EMEA with 4',
    async () => {
      const found = await syncedGroups(target);
      return membersOf(found, SALES_EMEA)?.length === 6 && membersOf(found, ENGINEERING_EMEA)?.length === 4
        ? found
        : undefined;
    },
    90_000,
  );
  expect(groups.get(SALES_EMEA)).toMatchObject({
    displayName: 'Sales EMEA',
    securityEnabled: true,
    mailEnabled: false,
  });
  expect(membersOf(groups, SALES_EMEA)).toEqual(await counterparts(...SALES_SYNCED));
  expect(membersOf(groups, ENGINEERING_EMEA)).toEqual(await counterparts(...ENGINEERING_SYNCED));
  const event = await waitFor('a GroupCreated Event', async () => {
    const list = await clients.events.listNamespacedEvent({ namespace });
    return list.items.find((e) => e.reason === 'GroupCreated' && e.note?.includes('Sales EMEA'));
  });
  expect(event.type).toBe('Normal');
});

it('adds a member added in the source and removes one removed there', async () => {
  const francois = await userId(source, 'francois.moreau@emea.contoso.com');
  const zoe = await userId(source, 'zoe.dubois@emea.contoso.com');
  await admin.send('POST', `/groups/${SALES_EMEA}/members/$ref`, {
    '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${francois}`,
  });
  await admin.send('DELETE', `/groups/${SALES_EMEA}/members/${zoe}/$ref`);
  const [francoisThere] = await counterparts('francois.moreau@emea.contoso.com');
  const [zoeThere] = await counterparts('zoe.dubois@emea.contoso.com');
  await waitFor('François in and Zoé out of Sales EMEA in Contoso', async () => {
    const members = membersOf(await syncedGroups(target), SALES_EMEA) ?? [];
    return members.includes(francoisThere as string) && !members.includes(zoeThere as string)
      ? true
      : undefined;
  });
});

it('takes a user who leaves the user scope out of the target group', async () => {
  const jurgen = await userId(source, 'jurgen.weiss@emea.contoso.com');
  const [jurgenThere] = await counterparts('jurgen.weiss@emea.contoso.com');
  expect(membersOf(await syncedGroups(target), SALES_EMEA)).toContain(jurgenThere);
  await admin.send('DELETE', `/groups/${syncGroup}/members/${jurgen}/$ref`);
  await waitFor('Jürgen out of Sales EMEA in Contoso, his account disabled but present', async () => {
    const members = membersOf(await syncedGroups(target), SALES_EMEA);
    const user = (await anchoredUsers(target, EMEA.tenantId)).get(jurgen);
    return members && !members.includes(jurgenThere as string) && user?.accountEnabled === false
      ? true
      : undefined;
  });
});

it('holds the delete of a group that leaves scope past the threshold, then deletes it once approved', async () => {
  const { namespace } = testbed();
  await patch(clients, 'SyncScope', namespace, 'emea', {
    spec: { safety: { deletionThreshold: 0 }, groupSync: { groupIds: [SALES_EMEA] } },
  });
  const held = await waitUntil(
    clients,
    'SyncScope',
    namespace,
    'emea',
    'holds the group delete',
    (s) => (s.status?.['groups'] as { stagedDeletes?: number } | undefined)?.stagedDeletes === 1,
  );
  expect(conditionOf(held, 'DeletionThresholdExceeded')).toBe('True/DeletionThresholdExceeded');
  expect((await syncedGroups(target)).has(ENGINEERING_EMEA)).toBe(true);

  await patch(clients, 'SyncScope', namespace, 'emea', {
    metadata: { annotations: { 'crosstenant.io/approve-deletions': 'yes' } },
  });
  await waitFor('Engineering EMEA deleted in Contoso', async () =>
    (await syncedGroups(target)).has(ENGINEERING_EMEA) ? undefined : true,
  );
  const event = await waitFor('a GroupDeleted Event', async () => {
    const list = await clients.events.listNamespacedEvent({ namespace });
    return list.items.find((e) => e.reason === 'GroupDeleted');
  });
  expect(event.note).toContain('Engineering EMEA');
  expect((await syncedGroups(target)).has(SALES_EMEA)).toBe(true);
});

it('lets a ReviewSchedule and an AccessPackagePolicy name a synchronized group by its source', async () => {
  const { namespace } = testbed();
  const sales = (await syncedGroups(target)).get(SALES_EMEA);
  if (!sales) throw new Error('Sales EMEA is not synchronized');
  const syncedGroup = { syncScopeRef: 'emea', sourceGroupId: SALES_EMEA };
  await create(clients, 'ReviewSchedule', namespace, 'sales-emea', {
    tenantLinkRef: 'contoso',
    scope: { syncedGroup },
    recurrence: { startDate: '2026-01-05' },
  });
  const review = await waitUntil(
    clients,
    'ReviewSchedule',
    namespace,
    'sales-emea',
    'has a definition',
    (r) => Boolean(r.status?.['definitionId']),
  );
  const definition = await target.get<{ scope?: { query?: string } }>(
    `/identityGovernance/accessReviews/definitions/${String(review.status?.['definitionId'])}`,
  );
  expect(definition.scope?.query).toContain(`/groups/${sales.id}/`);

  await create(clients, 'AccessPackagePolicy', namespace, 'sales-emea', {
    tenantLinkRef: 'contoso',
    catalog: { displayName: 'Synced groups' },
    accessPackage: { displayName: 'Sales EMEA access' },
    resources: [{ group: { syncedGroup } }],
    // On request only: an automatic policy would add members to the synced group, which the sync takes out again.
    policies: [{ name: 'sales', requests: { allowedRequestors: { allMembers: true } } }],
  });
  const app = await waitUntil(
    clients,
    'AccessPackagePolicy',
    namespace,
    'sales-emea',
    'is Ready',
    (a) => conditionOf(a, 'Ready')?.startsWith('True') === true,
  );
  const resources = await target.get<{ value: { originId: string }[] }>(
    `/identityGovernance/entitlementManagement/catalogs/${String(app.status?.['catalogId'])}/resources`,
  );
  expect(resources.value.map((r) => r.originId)).toContain(sales.id);

  await create(clients, 'ReviewSchedule', namespace, 'not-synced', {
    tenantLinkRef: 'contoso',
    scope: { syncedGroup: { syncScopeRef: 'emea', sourceGroupId: '0b5f1b7e-2a3c-4d5e-8f90-1a2b3c4d5e6f' } },
    recurrence: { startDate: '2026-01-05' },
  });
  const waiting = await waitUntil(
    clients,
    'ReviewSchedule',
    namespace,
    'not-synced',
    'waits for the group',
    (r) => conditionOf(r, 'Ready') === 'False/GroupNotSynced',
  );
  expect(waiting.status?.conditions?.find((c) => c.type === 'Ready')?.message).toContain(
    'has not synchronized',
  );
});

it('reports an expression error of the groups section in the AttributeMapping, with its position', async () => {
  const { namespace } = testbed();
  await create(clients, 'AttributeMapping', namespace, 'bad-groups', {
    groups: { mappings: [{ target: 'description', expression: 'Append([description], "x"' }] },
  });
  const mapping = await waitUntil(
    clients,
    'AttributeMapping',
    namespace,
    'bad-groups',
    'reports the error',
    (m) => conditionOf(m, 'Ready') === 'False/ExpressionInvalid',
  );
  expect(mapping.status?.['errors']).toEqual([
    expect.objectContaining({ target: 'groups.description', line: 1 }),
  ]);
});

it('plans nothing after a restart: the groups are found again by their anchor', async () => {
  const { namespace, operator } = testbed();
  await operator.stop();
  await sim().admin.clearRequests();
  const restarted = await startOperator({
    kubeconfigPath: testKubeconfigPath(),
    args: [`--watch-namespace=${namespace}`],
  });
  try {
    await restarted.ready();
    const before = (await groupsOf(namespace, 'emea')).status?.['lastCycle'] as
      { startTime?: string } | undefined;
    await waitFor(
      'two cycles of the restarted operator',
      async () => {
        const reads = (await sim().admin.requests(EMEA.tenantId)).filter((r) =>
          r.path.includes('/groups/delta'),
        );
        const last = (await groupsOf(namespace, 'emea')).status?.['lastCycle'] as
          { startTime?: string } | undefined;
        return reads.length >= 2 && last?.startTime !== before?.startTime ? true : undefined;
      },
      60_000,
    );
    expect(await groupWrites(sim())).toEqual([]);
    const groups = (await groupsOf(namespace, 'emea')).status?.['groups'] as {
      lastCycle?: Record<string, number>;
    };
    expect(groups.lastCycle).toEqual({
      created: 0,
      updated: 0,
      deleted: 0,
      membersAdded: 0,
      membersRemoved: 0,
    });
  } finally {
    await restarted.stop();
  }
});
