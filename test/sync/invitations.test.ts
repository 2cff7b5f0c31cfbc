// A B2B user a target administrator invited by hand, with the address of a source user the SyncScope is about
// to create: without adoptExisting the operator must leave that user alone and report the conflict, and must
// not invite the address (Graph does not document what a second invitation does; the simulator creates a
// second user). The real operator process, the real control plane, the simulator with the Contoso seed.
import { jest } from '@jest/globals';
import type { SyncScope } from '../../src/api/index.js';
import type { GraphUser } from '../../src/graph/index.js';
import { createKubeClients } from '../../src/kube/client.js';
import { testKubeConfig } from '../support/cluster.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import { CONTOSO, EMEA, anchoredUsers, clientFor, groupId, userId } from './engine.js';
import { anchorOf } from './exact-state.js';
import { useLinkedOperator } from './linked-operator.js';
import { SYNC_SCOPES, createSyncScope } from './scopes.js';

jest.setTimeout(120_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
const testbed = useLinkedOperator(clients, sim, 'sync-invitations', { contoso: CONTOSO, emea: EMEA });
const ADDRESS = 'zoe.dubois@emea.contoso.com';

async function usersWithMail(mail: string): Promise<GraphUser[]> {
  const contoso = clientFor(sim(), CONTOSO);
  const found = await contoso.get<{ value: GraphUser[] }>(
    `/users?$filter=${encodeURIComponent(`mail eq '${mail}'`)}&$select=id,displayName,mail,onPremisesExtensionAttributes`,
  );
  return found.value;
}

it('leaves an unredeemed Member B2B user invited by hand alone and reports the conflict, without adoptExisting', async () => {
  const { namespace } = testbed();
  const source = clientFor(sim(), EMEA);
  const sourceId = await userId(source, ADDRESS);
  // What an administrator's invitation leaves in Contoso: a Member B2B user, not redeemed yet.
  await sim().admin.addUsers(CONTOSO.tenantId, [
    {
      userPrincipalName: 'zoe.dubois_emea.contoso.com#EXT#@contoso.com',
      displayName: 'Zoe Dubois (invited by hand)',
      mail: ADDRESS,
      otherMails: [ADDRESS],
      userType: 'Member',
      creationType: 'Invitation',
      externalUserState: 'PendingAcceptance',
      identities: [{ signInType: 'federated', issuer: 'ExternalAzureAD', issuerAssignedId: null }],
    },
  ]);
  const [byHand] = await usersWithMail(ADDRESS);
  await sim().admin.clearRequests();

  const group = await groupId(source, 'Sync to Contoso');
  await createSyncScope(clients, namespace, 'emea', {
    source: { tenantLinkRef: 'emea' },
    scope: { groups: [group] },
  });
  const scope = await waitFor(
    'the other EMEA users synced and the conflict reported',
    async () => {
      const s = (await clients.customObjects.getNamespacedCustomObject({
        ...SYNC_SCOPES,
        namespace,
        name: 'emea',
      })) as SyncScope;
      const conflict = s.status?.failures?.find((f) => f.sourceUser.startsWith(sourceId));
      return s.status?.counts?.provisioned === 19 && conflict ? { status: s.status, conflict } : undefined;
    },
    60_000,
  );
  expect(scope.conflict.message).toContain('TargetUserExists');
  expect(scope.conflict.message).toContain(byHand?.id);

  // The hand-invited user is untouched: no anchor, its own name; and no second user got its address.
  const withAddress = await usersWithMail(ADDRESS);
  expect(withAddress.map((u) => u.id)).toEqual([byHand?.id]);
  expect(anchorOf(withAddress[0] as GraphUser)).toBeUndefined();
  expect(withAddress[0]?.displayName).toBe('Zoe Dubois (invited by hand)');
  const anchored = await anchoredUsers(clientFor(sim(), CONTOSO), EMEA.tenantId);
  expect(anchored.has(sourceId)).toBe(false);
  // One invitation per user created, none for the address that already had a user.
  const invitations = (await sim().admin.requests(CONTOSO.tenantId)).filter(
    (r) => r.method === 'POST' && r.path.endsWith('/invitations'),
  );
  expect(invitations.length).toBe(anchored.size);
});
