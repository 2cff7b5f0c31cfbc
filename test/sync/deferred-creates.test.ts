// An initial sync larger than one cycle's creates (CREATES_PER_CYCLE, here lowered to 3) goes on over
// several cycles against the simulator: every user created once, managers set though a user's manager
// was left for a later cycle than the user.
import { startSimulator, type RunningSimulator } from '../../src/graph-sim/index.js';
import { isNotFound, type GraphClient } from '../../src/graph/index.js';
import type { CycleResult } from '../../src/sync/cycle.js';
import { CONTOSO, EMEA, anchoredUsers, clientFor, emeaGroupEngine, groupId } from './engine.js';
import { EXACT, compareState, inScopeUsers, targetUsers } from './exact-state.js';

let sim: RunningSimulator;
let source: GraphClient;
let target: GraphClient;

beforeAll(async () => {
  sim = await startSimulator();
  await sim.admin.setAppRoles(EMEA.tenantId, EMEA.clientId, ['User.ReadWrite.All', 'Group.Read.All']);
  source = clientFor(sim, EMEA);
  target = clientFor(sim, CONTOSO);
});
afterAll(async () => {
  await sim.stop();
});

/** The id of a user's manager, or null. */
async function managerOf(client: GraphClient, userId: string): Promise<string | null> {
  try {
    return (await client.get<{ id: string }>(`/users/${userId}/manager?$select=id`)).id;
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

it('creates the users over several cycles, each once, with their managers', async () => {
  const group = await groupId(source, 'Sync to Contoso');
  const targetBefore = (await targetUsers(target)).length;
  const inScope = await inScopeUsers(source, group);
  expect(inScope).toHaveLength(20);
  // The first user read reports to the last: the user is created cycles before its manager.
  const [first, last] = [inScope[0]?.id, inScope.at(-1)?.id];
  await source.send('PUT', `/users/${first}/manager/$ref`, { '@odata.id': `${sim.url}/v1.0/users/${last}` });
  const engine = emeaGroupEngine(source, target, group, { maxCreates: 3 });
  const results: CycleResult[] = [];
  do results.push(await engine.cycle());
  while ((results.at(-1)?.plan.deferred.length ?? 0) > 0 && results.length < 20);

  // 20 users in scope, 3 per cycle: 7 cycles, the first 6 leaving creates for the next.
  expect(results.map((r) => r.done.created)).toEqual([3, 3, 3, 3, 3, 3, 2]);
  expect(results.map((r) => r.plan.deferred.length)).toEqual([17, 14, 11, 8, 5, 2, 0]);
  expect(results.map((r) => r.counts.pendingCreate)).toEqual([17, 14, 11, 8, 5, 2, 0]);
  expect(await compareState(EMEA.tenantId, inScope, target, targetBefore)).toEqual(EXACT);
  const synced = await anchoredUsers(target, EMEA.tenantId);

  // Each synced user's manager in Contoso is the counterpart of its manager in EMEA.
  let managed = 0;
  for (const [sourceId, targetUser] of synced) {
    const sourceManager = await managerOf(source, sourceId);
    const expected = sourceManager === null ? null : (synced.get(sourceManager)?.id ?? null);
    if (expected !== null) managed += 1;
    expect({ user: targetUser.mail, manager: await managerOf(target, targetUser.id as string) }).toEqual({
      user: targetUser.mail,
      manager: expected,
    });
  }
  expect(managed).toBeGreaterThan(5);
  expect(await managerOf(target, synced.get(first as string)?.id as string)).toBe(
    synced.get(last as string)?.id,
  );
});
