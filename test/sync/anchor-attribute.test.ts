// A directory extension named as a SyncScope's anchor must be registered in the target for users before the
// operator invites anyone: checked in the preflight through getAvailableExtensionProperties. The real
// operator process, the real control plane, the simulator with the Contoso seed.
import { jest } from '@jest/globals';
import type { GraphUser } from '../../src/graph/index.js';
import { listUsers } from '../../src/graph/index.js';
import { createKubeClients } from '../../src/kube/client.js';
import { conditionOf, waitUntil } from '../support/resources.js';
import { testKubeConfig } from '../support/cluster.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import { CONTOSO_ROLES } from '../graph-sim/contoso-tenants.js';
import { CONTOSO, EMEA, clientFor, groupId } from './engine.js';
import { useLinkedOperator } from './linked-operator.js';
import { SYNC_SCOPES, createSyncScope } from './scopes.js';

jest.setTimeout(120_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
// The seed's operator app registers `sourceAnchor` for users in Contoso.
const EXTENSION = 'extension_3c1d6f0e8a2b4c7d9e5f0a1b2c3d4e5f_';

// Before the TenantLinks take their first token: the extension list needs Directory.Read.All.
beforeAll(async () => {
  await sim().admin.setAppRoles(CONTOSO.tenantId, CONTOSO.clientId, [...CONTOSO_ROLES, 'Directory.Read.All']);
});
const testbed = useLinkedOperator(clients, sim, 'sync-anchor', { contoso: CONTOSO, emea: EMEA });

async function invitations(): Promise<number> {
  const log = await sim().admin.requests(CONTOSO.tenantId);
  return log.filter((r) => r.method === 'POST' && r.path.endsWith('/invitations')).length;
}

it('stalls with AnchorAttributeMissing before any invitation when the extension is not registered', async () => {
  const { namespace } = testbed();
  const group = await groupId(clientFor(sim(), EMEA), 'Sync to Contoso');
  await sim().admin.clearRequests();
  const anchor = `${EXTENSION}notRegistered`;
  await createSyncScope(clients, namespace, 'missing', {
    source: { tenantLinkRef: 'emea' },
    scope: { groups: [group] },
    anchorAttribute: anchor,
  });
  const scope = await waitUntil(
    clients,
    'SyncScope',
    namespace,
    'missing',
    'stalled',
    (s) => conditionOf(s, 'Ready')?.startsWith('False/AnchorAttributeMissing') === true,
  );
  const ready = scope.status?.conditions?.find((c) => c.type === 'Ready');
  expect(ready?.message).toContain(anchor);
  expect(ready?.message).toContain('not a directory extension registered in the target tenant');
  expect(conditionOf(scope, 'Stalled')).toBe('True/AnchorAttributeMissing');
  expect(await invitations()).toBe(0);
  await clients.customObjects.deleteNamespacedCustomObject({ ...SYNC_SCOPES, namespace, name: 'missing' });
});

it('syncs with a registered directory extension as the anchor', async () => {
  const { namespace } = testbed();
  const group = await groupId(clientFor(sim(), EMEA), 'Sync to Contoso');
  const anchor = `${EXTENSION}sourceAnchor`;
  await createSyncScope(clients, namespace, 'registered', {
    source: { tenantLinkRef: 'emea' },
    scope: { groups: [group] },
    anchorAttribute: anchor,
  });
  const contoso = clientFor(sim(), CONTOSO);
  await waitFor(
    '20 EMEA users anchored in the directory extension',
    async () => {
      const users = await listUsers(contoso, { select: ['id', anchor], top: 999 });
      const anchored = users.filter((u: GraphUser) =>
        String(u[anchor] ?? '').startsWith(`${EMEA.tenantId}:`),
      );
      return anchored.length === 20 ? true : undefined;
    },
    60_000,
  );
});
