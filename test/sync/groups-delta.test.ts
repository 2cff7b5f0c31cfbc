// Group scopes follow the assigned groups' membership through /groups/delta (members@delta), driven one
// cycle at a time against the simulator; an expired cursor reads the group's filtered delta afresh.
import { startSimulator, type RunningSimulator } from '../../src/graph-sim/index.js';
import type { GraphClient } from '../../src/graph/index.js';
import {
  CONTOSO,
  EMEA,
  Engine,
  anchoredUsers,
  clientFor,
  defaultMapping,
  groupId,
  syncSpec,
  userId,
} from './engine.js';

let sim: RunningSimulator;
let source: GraphClient;
let target: GraphClient;
let syncGroup: string;
let engine: Engine;

beforeAll(async () => {
  sim = await startSimulator();
  await sim.admin.setAppRoles(EMEA.tenantId, EMEA.clientId, [
    'User.ReadWrite.All',
    'Group.Read.All',
    'GroupMember.ReadWrite.All',
  ]);
  source = clientFor(sim, EMEA);
  target = clientFor(sim, CONTOSO);
  syncGroup = await groupId(source, 'Sync to Contoso');
  engine = new Engine({
    source,
    target,
    sourceTenantId: EMEA.tenantId,
    targetTenantId: CONTOSO.tenantId,
    spec: syncSpec({ groups: [syncGroup] }),
    mapping: defaultMapping(),
  });
  await engine.cycle();
});
afterAll(async () => {
  await sim.stop();
});

async function sourceReads(): Promise<string[]> {
  return (await sim.admin.requests(EMEA.tenantId))
    .filter((r) => r.method === 'GET' && r.path.includes('/groups'))
    .map((r) => r.path);
}

it('reads only the groups delta in an incremental cycle, and sees a member leave and come back', async () => {
  const id = await userId(source, 'eva.horvath@emea.contoso.com');
  await source.send('DELETE', `/groups/${syncGroup}/members/${id}/$ref`);
  await sim.admin.clearRequests();
  expect((await engine.cycle()).done.deprovisioned).toBe(1);
  const reads = await sourceReads();
  expect(reads.some((p) => p.includes('/groups/delta'))).toBe(true);
  expect(reads.some((p) => p.includes('/members'))).toBe(false);
  expect(engine.state.groupMembership?.get(syncGroup)?.has(id)).toBe(false);

  await source.send('POST', `/groups/${syncGroup}/members/$ref`, {
    '@odata.id': `${sim.url}/v1.0/directoryObjects/${id}`,
  });
  expect((await engine.cycle()).done.restored).toBe(1);
  expect((await anchoredUsers(target, EMEA.tenantId)).has(id)).toBe(true);
});

it('reads the filtered groups delta afresh when its token is no longer valid', async () => {
  const id = await userId(source, 'eva.horvath@emea.contoso.com');
  const link = engine.state.groupsDeltaLinks;
  // Directory delta tokens live 7 days: past that Graph answers 410 syncStateNotFound.
  await sim.admin.advanceClock(8 * 86_400_000);
  await source.send('DELETE', `/groups/${syncGroup}/members/${id}/$ref`);
  await sim.admin.clearRequests();
  expect((await engine.cycle()).done.deprovisioned).toBe(1);
  const fresh = (await sourceReads())
    .map((p) => new URL(p, 'https://graph.invalid'))
    .filter((u) => u.pathname.endsWith('/groups/delta') && !u.searchParams.has('$deltatoken'));
  expect(fresh.map((u) => u.searchParams.get('$filter'))).toEqual([`id eq '${syncGroup}'`]);
  expect(engine.state.groupsDeltaLinks).not.toEqual(link);
  expect(engine.state.groupMembership?.get(syncGroup)?.has(id)).toBe(false);
});
