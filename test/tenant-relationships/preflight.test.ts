// A SyncScope's preflight against the real API server, the operator process and the simulator: it stops with a
// condition naming the setting, the tenant and the fix before it writes anything, and proceeds once fixed.
import 'reflect-metadata';
import { jest } from '@jest/globals';
import { listUsers, updatePartnerConfiguration } from '../../src/graph/index.js';
import { conditionOf, create, waitUntil } from '../support/resources.js';
import { waitForSyncScopeSynced } from '../governance/testbed.js';
import { groupId } from '../sync/engine.js';
import { useOperator } from '../support/operator.js';
import { useSimulator } from '../support/simulator.js';
import { CONTOSO, US, clients, linkContoso } from './fixture.js';

jest.setTimeout(120_000);
// The default Contoso seed: automatic redemption both ways between Contoso and each region.
const sim = useSimulator();
const testbed = useOperator('preflight');

/** Sets who may invite in Contoso, as an administrator would in External collaboration settings. */
async function allowInvitesFrom(value: string): Promise<void> {
  await sim().admin.seed({
    tenants: [
      {
        id: CONTOSO.tenantId,
        displayName: 'Contoso',
        domains: [CONTOSO.domain],
        modules: { tenantRelationships: { allowInvitesFrom: value } },
      },
    ],
  });
}

async function invitationsInto(tenantId: string): Promise<number> {
  const log = await sim().admin.requests(tenantId);
  return log.filter((e) => e.method === 'POST' && e.path.endsWith('/invitations')).length;
}

async function syncScope(name: string, source: string, group: string): Promise<void> {
  const { clients: kube, namespace } = testbed();
  await create(kube, 'SyncScope', namespace, name, {
    source: { tenantLinkRef: source },
    target: { tenantLinkRef: 'contoso' },
    scope: { groups: [group] },
    interval: '1s',
  });
}

beforeAll(async () => {
  const { clients: kube, namespace } = testbed();
  await linkContoso(kube, sim(), namespace);
});

describe('the preflight of a SyncScope', () => {
  it('stops while the target lets only administrators invite, and proceeds once members may', async () => {
    const { clients: kube, namespace } = testbed();
    await allowInvitesFrom('adminsAndGuestInviters');
    await sim().admin.clearRequests();
    await syncScope('emea', 'emea', await groupId(clients(sim()).emea, 'Sync to Contoso'));
    const stopped = await waitUntil(
      kube,
      'SyncScope',
      namespace,
      'emea',
      'InvitationsRestricted',
      (r) => conditionOf(r, 'Ready') === 'False/InvitationsRestricted',
    );
    expect(conditionOf(stopped, 'Stalled')).toBe('True/InvitationsRestricted');
    expect(stopped.status?.conditions?.find((c) => c.type === 'Ready')?.message).toBe(
      `Preflight: in tenant contoso (${CONTOSO.tenantId}): authorizationPolicy allowInvitesFrom is ` +
        'adminsAndGuestInviters, so app-only invitations fail: set it to adminsGuestInvitersAndAllMembers or ' +
        'everyone (External collaboration settings > Guest invite settings)',
    );
    expect(await invitationsInto(CONTOSO.tenantId)).toBe(0);

    await allowInvitesFrom('adminsGuestInvitersAndAllMembers');
    const synced = await waitForSyncScopeSynced(kube, namespace, 'emea');
    expect(await invitationsInto(CONTOSO.tenantId)).toBeGreaterThan(0);
    expect(synced.status?.['counts']).toMatchObject({ pendingInvitations: 0 });
  });

  it('stops while automatic redemption is off in the source, and proceeds once a TenantRelationship sets it', async () => {
    const { clients: kube, namespace } = testbed();
    const graph = clients(sim());
    await updatePartnerConfiguration(graph.us, CONTOSO.tenantId, {
      automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: false },
    });
    await syncScope('us', 'us', await groupId(graph.us, 'Sync to Contoso'));
    const stopped = await waitUntil(
      kube,
      'SyncScope',
      namespace,
      'us',
      'AutomaticRedemptionMissing',
      (r) => conditionOf(r, 'Ready') === 'False/AutomaticRedemptionMissing',
    );
    expect(stopped.status?.conditions?.find((c) => c.type === 'Ready')?.message).toBe(
      `Preflight: automatic redemption is off outbound in tenant us (${US.tenantId}) for contoso: synchronized ` +
        'users would stay PendingAcceptance behind a consent prompt; turn on automaticUserConsentSettings ' +
        '(declare it on a TenantRelationship pair or change it in Entra (External Identities > Cross-tenant ' +
        'access settings))',
    );
    const fromUs = async () =>
      (await listUsers(graph.contoso, { select: ['mail', 'externalUserState'] })).filter((u) =>
        String(u.mail ?? '').endsWith(`@${US.domain}`),
      );
    expect(await fromUs()).toEqual([]);

    await create(kube, 'TenantRelationship', namespace, 'us', {
      pairs: [{ source: 'us', target: 'contoso', automaticRedemption: true }],
    });
    await waitForSyncScopeSynced(kube, namespace, 'us');
    const invited = await fromUs();
    expect(invited.length).toBeGreaterThan(0);
    expect(new Set(invited.map((u) => u.externalUserState))).toEqual(new Set(['Accepted']));
  });
});
