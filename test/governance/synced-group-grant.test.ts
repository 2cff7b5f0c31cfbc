// An access package that grants membership of a group a SyncScope synchronizes fights the sync, which takes out
// the members it adds: the real operator process, against the real API server and the simulator, warns with a
// SyncConflict condition and one Event, whether the package names the group by its source or by its target id,
// and clears the warning once the package grants only the Owner role.
import { jest } from '@jest/globals';
import { createKubeClients } from '../../src/kube/client.js';
import { testKubeConfig } from '../support/cluster.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import { conditionOf, create, patch, waitUntil, type Stored } from '../support/resources.js';
import { useLinkedOperator } from '../sync/linked-operator.js';
import { CONTOSO, EMEA, clientFor, groupId } from '../sync/engine.js';
import { createSyncScope } from '../sync/scopes.js';
import { GROUP_ANCHOR, SALES_EMEA } from '../groups/target-groups.js';

jest.setTimeout(240_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
const testbed = useLinkedOperator(clients, sim, 'gov-synced', { contoso: CONTOSO, emea: EMEA });
const REASON = 'GrantsSyncedGroupMembership';

/** Sales EMEA's id in Contoso, once the SyncScope `emea` has synchronized it. */
let salesInContoso: string;

beforeAll(async () => {
  const { namespace } = testbed();
  const syncGroup = await groupId(clientFor(sim(), EMEA), 'Sync to Contoso');
  await createSyncScope(clients, namespace, 'emea', {
    source: { tenantLinkRef: 'emea' },
    scope: { groups: [syncGroup] },
    groupSync: { groupIds: [SALES_EMEA], anchorAttribute: GROUP_ANCHOR },
  });
  const scope = await waitUntil(
    clients,
    'SyncScope',
    namespace,
    'emea',
    'has synchronized Sales EMEA',
    (s) => syncedTargetId(s) !== undefined,
    90_000,
  );
  salesInContoso = syncedTargetId(scope) ?? '';
});

function syncedTargetId(scope: Stored): string | undefined {
  const groups = scope.status?.['groups'] as { synced?: { sourceGroupId: string; targetGroupId: string }[] };
  return groups?.synced?.find((g) => g.sourceGroupId === SALES_EMEA)?.targetGroupId;
}

/** The Events about the AccessPackagePolicy `name`, as `Type/Reason`. */
async function eventsOf(name: string): Promise<string[]> {
  const list = await clients.events.listNamespacedEvent({ namespace: testbed().namespace });
  return list.items.filter((e) => e.regarding?.name === name).map((e) => `${e.type ?? ''}/${e.reason ?? ''}`);
}

async function createPackage(name: string, group: Record<string, unknown>): Promise<void> {
  await create(clients, 'AccessPackagePolicy', testbed().namespace, name, {
    tenantLinkRef: 'contoso',
    catalog: { displayName: 'Synced groups' },
    accessPackage: { displayName: `Sales EMEA (${name})` },
    resources: [{ group }],
    policies: [{ name: 'sales', requests: { allowedRequestors: { allMembers: true } } }],
  });
}

function waitForConflict(name: string, wanted: string | undefined): Promise<Stored> {
  return waitUntil(
    clients,
    'AccessPackagePolicy',
    testbed().namespace,
    name,
    `SyncConflict ${wanted ?? 'cleared'} and Ready`,
    (p) =>
      conditionOf(p, 'SyncConflict') === wanted && conditionOf(p, 'Ready') === 'True/ReconciliationSucceeded',
    60_000,
  );
}

it('warns, once, while a package grants membership of a synced group named by its source', async () => {
  await createPackage('by-source', { syncedGroup: { syncScopeRef: 'emea', sourceGroupId: SALES_EMEA } });
  const warned = await waitForConflict('by-source', `True/${REASON}`);
  const message = warned.status?.conditions?.find((c) => c.type === 'SyncConflict')?.message ?? '';
  expect(message).toContain(`Sales EMEA (${salesInContoso}), which SyncScope emea synchronizes`);
  expect(message).toContain('removes the members the package adds');
  await waitFor('the Warning Event', async () =>
    (await eventsOf('by-source')).includes(`Warning/${REASON}`) ? true : undefined,
  );

  await patch(clients, 'AccessPackagePolicy', testbed().namespace, 'by-source', {
    spec: {
      resources: [
        { group: { syncedGroup: { syncScopeRef: 'emea', sourceGroupId: SALES_EMEA } }, role: 'Owner' },
      ],
    },
  });
  await waitForConflict('by-source', undefined);
  expect((await eventsOf('by-source')).filter((e) => e === `Warning/${REASON}`)).toHaveLength(1);
});

it('warns when a package names the synced group by its id in the target', async () => {
  await createPackage('by-id', { id: salesInContoso });
  await waitForConflict('by-id', `True/${REASON}`);
  await waitFor('the Warning Event', async () =>
    (await eventsOf('by-id')).includes(`Warning/${REASON}`) ? true : undefined,
  );
});
