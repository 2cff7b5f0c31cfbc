import type { Client } from '@microsoft/microsoft-graph-client';
import type { RunningSimulator } from '../../src/graph-sim/index.js';
import {
  CONTOSO,
  graphClient,
  secretCredential,
  startDefaultSimulator,
  statusOf,
  tenantClient,
} from './sim-fixture.js';

interface User {
  id: string;
  [key: string]: unknown;
}

const password = { forceChangePasswordNextSignIn: true, password: 'Sim-Only-Pa55!' };

function newUser(alias: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    accountEnabled: true,
    displayName: alias,
    mailNickname: alias,
    userPrincipalName: `${alias}@contoso.com`,
    passwordProfile: password,
    ...extra,
  };
}

describe('graph-sim directory writes', () => {
  let sim: RunningSimulator;
  let contoso: Client;
  beforeAll(async () => {
    sim = await startDefaultSimulator();
    contoso = tenantClient(sim, CONTOSO);
  });
  afterAll(() => sim.stop());

  it('creates a user, then reads it back with its properties', async () => {
    const created = (await contoso
      .api('/users')
      .post(newUser('ana.silva', { department: 'Sales', employeeHireDate: '2024-02-01T00:00:00Z' }))) as User;
    const read = (await contoso
      .api(`/users/${created.id}`)
      .select(['department', 'employeeHireDate', 'createdDateTime', 'userType'])
      .get()) as User;
    expect(read).toMatchObject({
      id: created.id,
      department: 'Sales',
      employeeHireDate: '2024-02-01T00:00:00Z',
      userType: 'Member',
    });
    expect(read['createdDateTime']).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('answers 400 to a property the user type does not declare', async () => {
    const error = await contoso
      .api('/users')
      .post(newUser('bad.prop', { shoeSize: 42 }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      statusCode: 400,
      code: 'Request_BadRequest',
      message: "Property 'shoeSize' does not exist as a declared property or extension property.",
    });
  });

  it('answers 400 to a duplicate userPrincipalName and to a domain the tenant has not verified', async () => {
    await expect(contoso.api('/users').post(newUser('megan.bowen'))).rejects.toMatchObject({
      statusCode: 400,
    });
    await expect(
      contoso.api('/users').post({ ...newUser('x'), userPrincipalName: 'x@fabrikam.com' }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  it('patches extension attributes and a registered directory extension', async () => {
    const user = (await contoso.api('/users').post(newUser('ext.user'))) as User;
    const ext = 'extension_3c1d6f0e8a2b4c7d9e5f0a1b2c3d4e5f_sourceAnchor';
    await contoso
      .api(`/users/${user.id}`)
      .patch({ onPremisesExtensionAttributes: { extensionAttribute3: 'anchor' }, [ext]: 'emea:123' });
    const read = (await contoso
      .api(`/users/${user.id}`)
      .select(['onPremisesExtensionAttributes', ext])
      .get()) as User;
    expect(read[ext]).toBe('emea:123');
    expect(read['onPremisesExtensionAttributes']).toMatchObject({
      extensionAttribute1: null,
      extensionAttribute3: 'anchor',
    });
    await expect(
      contoso.api(`/users/${user.id}`).patch({ extension_00000000000000000000000000000000_x: 'y' }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  it('soft-deletes a user into deletedItems, restores it, and deletes it for good', async () => {
    const user = (await contoso.api('/users').post(newUser('leaver'))) as User;
    await contoso.api(`/users/${user.id}`).delete();
    expect(await statusOf(contoso.api(`/users/${user.id}`).get())).toBe(404);
    const deleted = (await contoso.api('/directory/deletedItems/microsoft.graph.user').get()) as {
      value: User[];
    };
    expect(deleted.value.map((u) => u.id)).toContain(user.id);
    await contoso.api(`/directory/deletedItems/${user.id}/restore`).post({});
    expect(await statusOf(contoso.api(`/users/${user.id}`).get())).toBe(200);
    await contoso.api(`/users/${user.id}`).delete();
    await contoso.api(`/directory/deletedItems/${user.id}`).delete();
    expect(await statusOf(contoso.api(`/directory/deletedItems/${user.id}`).get())).toBe(404);
  });

  it('invites a new address as a B2B user homed in its Entra tenant, redeemed automatically', async () => {
    const invitation = (await contoso.api('/invitations').post({
      invitedUserEmailAddress: 'jurgen.weiss@emea.contoso.com',
      inviteRedirectUrl: 'https://myapps.microsoft.com',
      invitedUserType: 'Member',
    })) as { status: string; invitedUser: { id: string } };
    // The Contoso seed sets automatic redemption both ways between Contoso and EMEA.
    expect(invitation.status).toBe('Completed');
    const user = (await contoso
      .api(`/users/${invitation.invitedUser.id}`)
      .select(['userPrincipalName', 'userType', 'creationType', 'externalUserState', 'identities', 'mail'])
      .get()) as User;
    expect(user).toMatchObject({
      userPrincipalName: 'jurgen.weiss_emea.contoso.com#EXT#@contoso.com',
      userType: 'Member',
      creationType: 'Invitation',
      externalUserState: 'Accepted',
      mail: 'jurgen.weiss@emea.contoso.com',
      identities: [expect.objectContaining({ issuer: 'ExternalAzureAD' })],
    });
  });

  it('creates another user when an address that already has one is invited again', async () => {
    const body = {
      invitedUserEmailAddress: 'ayse.yilmaz@emea.contoso.com',
      inviteRedirectUrl: 'https://myapps.microsoft.com',
    };
    const first = (await contoso.api('/invitations').post(body)) as {
      invitedUser: { id: string };
      invitedUserType: string;
    };
    const second = (await contoso.api('/invitations').post(body)) as { invitedUser: { id: string } };
    expect(second.invitedUser.id).not.toBe(first.invitedUser.id);
    expect(first.invitedUserType).toBe('Guest');
    const both = (await contoso
      .api('/users')
      .filter("mail eq 'ayse.yilmaz@emea.contoso.com'")
      .select(['id', 'userPrincipalName'])
      .get()) as { value: User[] };
    expect(both.value.map((u) => u.id).sort()).toEqual([first.invitedUser.id, second.invitedUser.id].sort());
    expect(new Set(both.value.map((u) => u.userPrincipalName)).size).toBe(2);
  });

  it('resets the redemption of the user named by invitedUser.id, and requires it', async () => {
    const body = {
      invitedUserEmailAddress: 'reset.me@fabrikam.com',
      inviteRedirectUrl: 'https://myapps.microsoft.com',
    };
    const first = (await contoso.api('/invitations').post(body)) as { invitedUser: { id: string } };
    const reset = (await contoso
      .api('/invitations')
      .post({ ...body, resetRedemption: true, invitedUser: { id: first.invitedUser.id } })) as {
      invitedUser: { id: string };
      status: string;
    };
    expect(reset.invitedUser.id).toBe(first.invitedUser.id);
    expect(reset.status).toBe('PendingAcceptance');
    expect(await statusOf(contoso.api('/invitations').post({ ...body, resetRedemption: true }))).toBe(400);
  });

  it('sets, reads and removes a manager', async () => {
    const boss = (await contoso.api('/users').post(newUser('boss'))) as User;
    const report = (await contoso.api('/users').post(newUser('report'))) as User;
    await contoso
      .api(`/users/${report.id}/manager/$ref`)
      .put({ '@odata.id': `https://graph.microsoft.com/v1.0/users/${boss.id}` });
    expect(((await contoso.api(`/users/${report.id}/manager`).get()) as User).id).toBe(boss.id);
    await contoso.api(`/users/${report.id}/manager/$ref`).delete();
    expect(await statusOf(contoso.api(`/users/${report.id}/manager`).get())).toBe(404);
  });

  it('lists direct and transitive members of nested groups', async () => {
    const outer = (await contoso.api('/groups').post({
      displayName: 'Outer',
      mailEnabled: false,
      mailNickname: 'outer',
      securityEnabled: true,
    })) as User;
    const inner = (await contoso.api('/groups').post({
      displayName: 'Inner',
      mailEnabled: false,
      mailNickname: 'inner',
      securityEnabled: true,
    })) as User;
    const lee = (await contoso.api('/users/lee.gu@contoso.com').get()) as User;
    await contoso
      .api(`/groups/${outer.id}/members/$ref`)
      .post({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${inner.id}` });
    await contoso
      .api(`/groups/${inner.id}/members/$ref`)
      .post({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${lee.id}` });
    const direct = (await contoso.api(`/groups/${outer.id}/members`).get()) as { value: User[] };
    const transitive = (await contoso.api(`/groups/${outer.id}/transitiveMembers`).get()) as {
      value: User[];
    };
    expect(direct.value.map((m) => [m['@odata.type'], m.id])).toEqual([['#microsoft.graph.group', inner.id]]);
    expect(transitive.value.map((m) => m.id).sort()).toEqual([inner.id, lee.id].sort());
  });

  it('adds and removes a member by reference and shows it in memberOf', async () => {
    const group = (await contoso
      .api('/groups')
      .post({ displayName: 'Pilot', mailEnabled: false, mailNickname: 'pilot', securityEnabled: true })) as {
      id: string;
    };
    const user = (await contoso.api('/users/alex.wilber@contoso.com').get()) as User;
    const ref = { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${user.id}` };
    await contoso.api(`/groups/${group.id}/members/$ref`).post(ref);
    await expect(contoso.api(`/groups/${group.id}/members/$ref`).post(ref)).rejects.toMatchObject({
      statusCode: 400,
    });
    const memberOf = (await contoso.api(`/users/${user.id}/memberOf`).get()) as {
      value: Array<{ id: string }>;
    };
    expect(memberOf.value.map((g) => g.id)).toContain(group.id);
    await contoso.api(`/groups/${group.id}/members/${user.id}/$ref`).delete();
    expect(((await contoso.api(`/groups/${group.id}/members`).get()) as { value: unknown[] }).value).toEqual(
      [],
    );
  });

  it('lists only users through the microsoft.graph.user cast of members', async () => {
    const outer = (await contoso.api('/groups').post({
      displayName: 'Cast',
      mailEnabled: false,
      mailNickname: 'cast',
      securityEnabled: true,
    })) as User;
    const inner = (await contoso.api('/groups').post({
      displayName: 'CastInner',
      mailEnabled: false,
      mailNickname: 'castinner',
      securityEnabled: true,
    })) as User;
    const nestor = (await contoso.api('/users/nestor.wilke@contoso.com').get()) as User;
    for (const id of [inner.id, nestor.id]) {
      await contoso
        .api(`/groups/${outer.id}/members/$ref`)
        .post({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });
    }
    const users = (await contoso.api(`/groups/${outer.id}/members/microsoft.graph.user`).get()) as {
      value: User[];
    };
    expect(users.value.map((u) => u.id)).toEqual([nestor.id]);
  });

  it('resolves getByIds only for an app with Directory.Read.All', async () => {
    const megan = (await contoso.api('/users/megan.bowen@contoso.com').get()) as User;
    await expect(contoso.api('/directoryObjects/getByIds').post({ ids: [megan.id] })).rejects.toMatchObject({
      statusCode: 403,
    });
    await sim.admin.addApp(CONTOSO.tenantId, {
      appId: '11111111-2222-4333-8444-555555555555',
      displayName: 'reader',
      secret: 'r',
      roles: ['Directory.Read.All'],
    });
    const reader = graphClient(
      sim,
      secretCredential(sim, CONTOSO.tenantId, '11111111-2222-4333-8444-555555555555', 'r'),
    );
    const found = (await reader
      .api('/directoryObjects/getByIds')
      .post({ ids: [megan.id, '00000000-0000-4000-8000-000000000000'], types: ['user'] })) as {
      value: User[];
    };
    expect(found.value).toEqual([
      expect.objectContaining({ '@odata.type': '#microsoft.graph.user', id: megan.id }),
    ]);
  });

  it('deletes soft-deleted users for good 30 days later', async () => {
    const user = (await contoso.api('/users').post(newUser('retention'))) as User;
    await contoso.api(`/users/${user.id}`).delete();
    await sim.admin.advanceClock(29 * 86_400_000);
    expect(await statusOf(contoso.api(`/directory/deletedItems/${user.id}`).get())).toBe(200);
    await sim.admin.advanceClock(2 * 86_400_000);
    expect(await statusOf(contoso.api(`/directory/deletedItems/${user.id}`).get())).toBe(404);
  });
});
