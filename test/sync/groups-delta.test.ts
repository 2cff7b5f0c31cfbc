// Group scopes follow the assigned groups' membership through /groups/delta (members@delta), driven one
// cycle at a time against the simulator; an expired cursor falls back to listing the members.
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

it('lists the members again when the groups delta token is no longer valid', async () => {
  const id = await userId(source, 'eva.horvath@emea.contoso.com');
  const link = engine.state.groupsDeltaLink;
  // Directory delta tokens live 7 days: past that Graph answers 410 syncStateNotFound.
  await sim.admin.advanceClock(8 * 86_400_000);
  await source.send('DELETE', `/groups/${syncGroup}/members/${id}/$ref`);
  await sim.admin.clearRequests();
  expect((await engine.cycle()).done.deprovisioned).toBe(1);
  expect((await sourceReads()).some((p) => p.includes(`/groups/${syncGroup}/members`))).toBe(true);
  expect(engine.state.groupsDeltaLink).not.toBe(link);
  expect(engine.state.groupMembership?.get(syncGroup)?.has(id)).toBe(false);
});
