import { startSimulator, type RunningSimulator } from '../../src/graph-sim/index.js';
import {
  createInvitation,
  deleteUser,
  getUser,
  listDeletedUsers,
  listGroupMembers,
  listGroupUserIds,
  listUsers,
  permanentlyDeleteUser,
  removeManager,
  restoreDeletedUser,
  setManager,
  type GraphClient,
  type GraphGroup,
} from '../../src/graph/index.js';
import { CONTOSO, simClient } from './fixture.js';

describe('typed directory calls against the simulator', () => {
  let sim: RunningSimulator;
  let client: GraphClient;
  beforeAll(async () => {
    sim = await startSimulator();
    client = simClient(sim, CONTOSO);
  });
  afterAll(() => sim.stop());

  it('invites a B2B member without mail', async () => {
    const request = {
      email: 'ana.silva@fabrikam.example',
      displayName: 'Ana Silva',
      redirectUrl: 'https://myapps.microsoft.com',
      userType: 'Member' as const,
    };
    const first = await createInvitation(client, request);
    const user = await getUser(client, first.invitedUserId, ['id', 'userType', 'mail', 'displayName']);
    expect(user).toMatchObject({ userType: 'Member', mail: request.email, displayName: 'Ana Silva' });
  });

  it('soft-deletes, lists, restores and finally purges a user', async () => {
    const { invitedUserId: id } = await createInvitation(client, {
      email: 'temp.user@fabrikam.example',
      redirectUrl: 'https://myapps.microsoft.com',
      userType: 'Guest',
    });
    expect(await deleteUser(client, id)).toBe('deleted');
    expect(await deleteUser(client, id)).toBe('notFound');
    expect(await getUser(client, id)).toBeUndefined();
    expect((await listDeletedUsers(client)).map((u) => u.id)).toContain(id);

    expect((await restoreDeletedUser(client, id)).id).toBe(id);
    expect((await getUser(client, id, ['id']))?.id).toBe(id);

    await deleteUser(client, id);
    expect(await permanentlyDeleteUser(client, id)).toBe('deleted');
    expect(await permanentlyDeleteUser(client, id)).toBe('notFound');
    expect((await listDeletedUsers(client)).map((u) => u.id)).not.toContain(id);
  });

  it('sets and removes a manager', async () => {
    const [a, b] = await listUsers(client, { select: ['id'], top: 2 });
    await setManager(client, a!.id, b!.id);
    expect(await client.get<{ id: string }>(`/users/${a!.id}/manager`)).toMatchObject({ id: b!.id });
    await removeManager(client, a!.id);
    await removeManager(client, a!.id);
    await expect(client.get(`/users/${a!.id}/manager`)).rejects.toMatchObject({ info: { status: 404 } });
  });

  it('lists direct and transitive members of a group', async () => {
    const users = await listUsers(client, { select: ['id'] });
    const bind = (ids: string[]) => ids.map((id) => `${client.graphBaseUrl}/v1.0/directoryObjects/${id}`);
    const group = (name: string, members: string[]) => ({
      displayName: name,
      mailEnabled: false,
      mailNickname: name,
      securityEnabled: true,
      'members@odata.bind': bind(members),
    });
    const inner = (await client.send<GraphGroup>('POST', '/groups', group('inner', [users[2]!.id]))).body;
    const outer = (
      await client.send<GraphGroup>('POST', '/groups', group('outer', [users[0]!.id, users[1]!.id, inner.id]))
    ).body;

    const direct = await listGroupMembers(client, outer.id);
    expect(direct).toEqual(
      expect.arrayContaining([
        { id: users[0]!.id, type: 'user' },
        { id: inner.id, type: 'group' },
      ]),
    );
    expect(direct).toHaveLength(3);
    expect((await listGroupUserIds(client, outer.id)).sort()).toEqual([users[0]!.id, users[1]!.id].sort());
    expect((await listGroupUserIds(client, outer.id, { transitive: true })).sort()).toEqual(
      [users[0]!.id, users[1]!.id, users[2]!.id].sort(),
    );
  });
});
