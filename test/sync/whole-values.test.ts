// A property Graph replaces as a whole on PATCH (employeeOrgData: an omitted value is set to null, its page says)
// keeps the values the mapping does not write, driven against the simulator (no Kubernetes).
import { startSimulator, type RunningSimulator } from '../../src/graph-sim/index.js';
import type { GraphClient } from '../../src/graph/index.js';
import { compileMapping } from '../../src/sync/mapping/compile.js';
import { CONTOSO, EMEA, Engine, anchoredUsers, clientFor, groupId, syncSpec, userId } from './engine.js';

let sim: RunningSimulator;
let source: GraphClient;
let target: GraphClient;

beforeAll(async () => {
  sim = await startSimulator();
  await sim.admin.setAppRoles(EMEA.tenantId, EMEA.clientId, [
    'User.ReadWrite.All',
    'Group.Read.All',
    'Organization.Read.All',
  ]);
  source = clientFor(sim, EMEA);
  target = clientFor(sim, CONTOSO);
});
afterAll(async () => {
  await sim.stop();
});

async function orgData(targetId: string): Promise<unknown> {
  const user = await target.get<{ employeeOrgData?: unknown }>(`/users/${targetId}?$select=employeeOrgData`);
  return user.employeeOrgData;
}

it("keeps the target's cost center when the mapping writes the division alone", async () => {
  const compiled = compileMapping({
    includeDefaults: true,
    mappings: [{ target: 'employeeOrgData.division', source: 'department', apply: 'Always' }],
  });
  if (!compiled.ok) throw new Error('the mapping does not compile');
  const group = await groupId(source, 'Sync to Contoso');
  const engine = new Engine({
    source,
    target,
    sourceTenantId: EMEA.tenantId,
    targetTenantId: CONTOSO.tenantId,
    spec: syncSpec({ groups: [group] }),
    mapping: compiled.mapping,
  });
  await engine.cycle();
  const jurgen = await userId(source, 'jurgen.weiss@emea.contoso.com');
  const targetId = (await anchoredUsers(target, EMEA.tenantId)).get(jurgen)?.id as string;
  const division = ((await orgData(targetId)) as { division: string }).division;
  // The target's own cost center, which no mapping writes.
  await target.send('PATCH', `/users/${targetId}`, { employeeOrgData: { division, costCenter: 'CC-7' } });

  await source.send('PATCH', `/users/${jurgen}`, { department: 'Presales' });
  const result = await engine.cycle();
  expect(result.done.updated).toBe(1);
  expect(await orgData(targetId)).toEqual({ division: 'Presales', costCenter: 'CC-7' });
  // Converged: the next cycle finds nothing to write.
  expect((await engine.cycle()).plan.actions).toEqual([]);
});
