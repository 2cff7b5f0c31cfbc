// The simulator's cross-tenant access policies, authorization policy and multitenant organization, through our
// real Graph client: the documented shapes, inheritance from the default, and their effect on invitations.
import { startSimulator, type RunningSimulator } from '../../src/graph-sim/index.js';
import type { GraphClient } from '../../src/graph/index.js';
import {
  createInvitation,
  createPartnerConfiguration,
  getDefaultConfiguration,
  getIdentitySyncPolicy,
  getJoinRequest,
  getPartnerConfiguration,
  updatePartnerConfiguration,
  writeIdentitySyncPolicy,
} from '../../src/graph/index.js';
import { CONTOSO, EMEA, clients, failure, seedWithoutRelationships } from './fixture.js';

let sim: RunningSimulator;
let graph: Record<'contoso' | 'emea' | 'us', GraphClient>;

beforeAll(async () => {
  sim = await startSimulator({ seed: seedWithoutRelationships() });
  graph = clients(sim);
});
afterAll(() => sim.stop());

const invite = (address: string) =>
  createInvitation(graph.contoso, {
    email: address,
    redirectUrl: 'https://myapps.microsoft.com',
    userType: 'Member',
  });

async function allowInvitesFrom(value: string): Promise<void> {
  await sim.admin.seed({
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

describe('cross-tenant access policies in the simulator', () => {
  it("serve Entra's service default, whose automatic redemption cannot be changed", async () => {
    expect(await getDefaultConfiguration(graph.contoso)).toMatchObject({
      isServiceDefault: true,
      automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: false },
      inboundTrust: { isMfaAccepted: false },
      b2bCollaborationInbound: {
        usersAndGroups: { accessType: 'allowed', targets: [{ target: 'AllUsers', targetType: 'user' }] },
        applications: {
          accessType: 'allowed',
          targets: [{ target: 'AllApplications', targetType: 'application' }],
        },
      },
      b2bDirectConnectInbound: { usersAndGroups: { accessType: 'blocked' } },
    });
    const patch = graph.contoso.send('PATCH', '/policies/crossTenantAccessPolicy/default', {
      automaticUserConsentSettings: { inboundAllowed: true },
    });
    expect(await failure(patch)).toMatchObject({ status: 400 });
  });

  it('create a partner that inherits (null) what it does not set, once, with an identity sync policy under it', async () => {
    expect(await getPartnerConfiguration(graph.contoso, EMEA.tenantId)).toBeUndefined();
    await createPartnerConfiguration(graph.contoso, {
      tenantId: EMEA.tenantId,
      automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: false },
    });
    expect(await getPartnerConfiguration(graph.contoso, EMEA.tenantId)).toMatchObject({
      tenantId: EMEA.tenantId,
      automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: false },
      b2bCollaborationInbound: null,
      inboundTrust: null,
    });
    const again = createPartnerConfiguration(graph.contoso, { tenantId: EMEA.tenantId });
    expect(await failure(again)).toMatchObject({ status: 409 });
    expect(await getIdentitySyncPolicy(graph.contoso, EMEA.tenantId)).toBeUndefined();
    await writeIdentitySyncPolicy(graph.contoso, EMEA.tenantId, 'PUT', {
      userSyncInbound: { isSyncAllowed: true },
    });
    expect(await getIdentitySyncPolicy(graph.contoso, EMEA.tenantId)).toMatchObject({
      tenantId: EMEA.tenantId,
      userSyncInbound: { isSyncAllowed: true },
    });
  });
});

describe('invitations in the simulator', () => {
  it('leave the user PendingAcceptance until automatic redemption is set in both tenants', async () => {
    // Contoso has inbound automatic redemption for EMEA (above); EMEA has no outbound yet.
    const first = await invite('kasia.nowak@emea.contoso.com');
    expect(first.status).toBe('PendingAcceptance');
    await createPartnerConfiguration(graph.emea, {
      tenantId: CONTOSO.tenantId,
      automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: true },
    });
    expect((await invite('lars.berg@emea.contoso.com')).status).toBe('Completed');
    await updatePartnerConfiguration(graph.contoso, EMEA.tenantId, {
      automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: false },
    });
    expect((await invite('ines.costa@emea.contoso.com')).status).toBe('PendingAcceptance');
  });

  it.each(['none', 'adminsAndGuestInviters'])(
    'are refused to an app while allowInvitesFrom is %s',
    async (value) => {
      await allowInvitesFrom(value);
      expect(await failure(invite('mario.rossi@emea.contoso.com'))).toEqual({
        status: 403,
        code: 'Authorization_RequestDenied',
      });
    },
  );

  it('are accepted from an app once members may invite', async () => {
    await allowInvitesFrom('adminsGuestInvitersAndAllMembers');
    expect((await invite('mario.rossi@emea.contoso.com')).invitedUserId).toEqual(expect.any(String));
  });
});

describe('the multitenant organization in the simulator', () => {
  it('completes a join asynchronously', async () => {
    await graph.contoso.send('PUT', '/tenantRelationships/multiTenantOrganization', {
      displayName: 'Contoso',
    });
    await graph.contoso.send('POST', '/tenantRelationships/multiTenantOrganization/tenants', {
      tenantId: EMEA.tenantId,
    });
    await graph.emea.send('PATCH', '/tenantRelationships/multiTenantOrganization/joinRequest', {
      addedByTenantId: CONTOSO.tenantId,
    });
    expect(await getJoinRequest(graph.emea)).toMatchObject({
      memberState: 'pending',
      transitionDetails: { status: 'notStarted' },
    });
    await sim.admin.advanceClock(60_000);
    expect(await getJoinRequest(graph.emea)).toMatchObject({
      addedByTenantId: CONTOSO.tenantId,
      memberState: 'active',
    });
    expect(await graph.emea.get('/tenantRelationships/multiTenantOrganization')).toMatchObject({
      displayName: 'Contoso',
      state: 'active',
    });
  });
});
