import { startSimulator, type RunningSimulator } from '../../src/graph-sim/index.js';
import {
  deleteUser,
  groupsDelta,
  latestDeltaLink,
  listUsers,
  updateUser,
  usersDelta,
  type DeltaResult,
  type GraphClient,
  type GraphGroup,
} from '../../src/graph/index.js';
import { CONTOSO, simClient } from './fixture.js';

function changes<T>(result: DeltaResult<T>): Extract<DeltaResult<T>, { kind: 'changes' }> {
  if (result.kind !== 'changes')
    throw new Error(`expected changes, got an expired token: ${result.error.message}`);
  return result;
}

describe('delta queries against the simulator', () => {
  let sim: RunningSimulator;
  let client: GraphClient;
  beforeAll(async () => {
    sim = await startSimulator();
    client = simClient(sim, CONTOSO);
  });
  afterAll(() => sim.stop());

  it('reads everything, then only what changed, then nothing', async () => {
    const all = await listUsers(client, { select: ['id'] });
    const first = changes(await usersDelta(client, { select: ['id', 'displayName', 'jobTitle'] }));
    expect(first.items.map((u) => u.id).sort()).toEqual(all.map((u) => u.id).sort());
    expect(first.removed).toEqual([]);

    const [changed, removed] = all;
    await updateUser(client, changed!.id, { jobTitle: 'Delta Tester' });
    await deleteUser(client, removed!.id);
    const second = changes(await usersDelta(client, { deltaLink: first.deltaLink }));
    expect(second.items).toEqual([expect.objectContaining({ id: changed!.id, jobTitle: 'Delta Tester' })]);
    expect(second.removed).toEqual([{ id: removed!.id, reason: 'changed' }]);

    const third = changes(await usersDelta(client, { deltaLink: second.deltaLink }));
    expect(third).toMatchObject({ items: [], removed: [] });
  });

  it('starts from now with $deltatoken=latest', async () => {
    const link = await latestDeltaLink(client, '/users/delta?$select=id,department');
    const [user] = await listUsers(client, { select: ['id'], top: 1 });
    await updateUser(client, user!.id, { department: 'Latest' });
    const result = changes(await usersDelta(client, { deltaLink: link }));
    expect(result.items.map((u) => u.id)).toEqual([user!.id]);
  });

  it('reports an expired token so the caller reads everything again', async () => {
    const { deltaLink } = changes(await usersDelta(client, { select: ['id'] }));
    await sim.admin.setRealism(CONTOSO.tenantId, { deltaTokenTtlMs: 60_000 });
    await sim.admin.advanceClock(120_000);
    expect(await usersDelta(client, { deltaLink })).toMatchObject({ kind: 'expired' });
  });

  it('tracks group membership through members@delta', async () => {
    const users = await listUsers(client, { select: ['id'], top: 2 });
    const created = await client.send<GraphGroup>('POST', '/groups', {
      displayName: 'delta-group',
      mailEnabled: false,
      mailNickname: 'delta-group',
      securityEnabled: true,
    });
    const groupId = created.body.id;
    const first = changes(await groupsDelta(client, { select: ['id', 'displayName'] }));
    expect(first.items.map((g) => g.id)).toContain(groupId);

    const ref = { '@odata.id': `${client.graphBaseUrl}/v1.0/directoryObjects/${users[0]!.id}` };
    await client.send('POST', `/groups/${groupId}/members/$ref`, ref);
    const second = changes(await groupsDelta(client, { deltaLink: first.deltaLink }));
    const group = second.items.find((g) => g.id === groupId);
    expect(group?.['members@delta']).toEqual([expect.objectContaining({ id: users[0]!.id })]);
  });
});
