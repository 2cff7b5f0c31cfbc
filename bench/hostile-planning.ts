// The planning phase of the hostile benchmark: one cycle's planning of 100,000 users (scope already decided,
// the default mapping, half of them to update, a tenth to create), once in one synchronous block and once as
// the sync cycle runs it, in slices that give the event loop a turn (src/sync/yielding.ts). Reports each
// run's wall and CPU time and the /healthz latencies seen meanwhile.
import { compileMapping } from '../src/sync/mapping/compile.js';
import { planUserChanges, userPlanner, type PlanInput, type ScopedSourceUser } from '../src/sync/plan.js';
import { TargetStore } from '../src/sync/target-index.js';
import type { TargetUserRecord } from '../src/sync/types.js';
import { eachYielding } from '../src/sync/yielding.js';
import { applyDefaults } from '../src/api/index.js';
import type { SyncScopeSpec } from '../src/sync/types.js';

const SOURCE_TENANT = '2b7d9e41-5c6a-4f3b-8d2e-1a0b9c8d7e6f';

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** A cycle's planning input for `count` users. */
export function planningInput(count: number): PlanInput {
  const spec = applyDefaults('SyncScope', {
    source: { tenantLinkRef: 'source' },
    target: { tenantLinkRef: 'target' },
    scope: { allUsers: true },
  }) as SyncScopeSpec;
  const compiled = compileMapping({ includeDefaults: true, mappings: [] });
  if (!compiled.ok) throw new Error('the default mapping does not compile');
  const users: ScopedSourceUser[] = [];
  const targets: TargetUserRecord[] = [];
  for (let i = 0; i < count; i += 1) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const mail = `user${i}@emea.example.com`;
    const attributes = {
      userType: 'Member',
      userPrincipalName: mail,
      mail,
      displayName: `User ${i}`,
      givenName: 'User',
      surname: String(i),
      department: i % 2 === 0 ? 'Sales' : 'Support',
      jobTitle: 'Engineer',
      accountEnabled: true,
    };
    users.push({ id, attributes, inScope: true });
    if (i % 10 === 0) continue;
    targets.push({
      id: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      attributes: { ...attributes, department: 'Sales', userType: 'Member' },
      anchorTenant: SOURCE_TENANT,
      anchorSourceId: id,
    });
  }
  const index = new TargetStore(spec.anchorAttribute, targets).lookup();
  return {
    sourceTenantId: SOURCE_TENANT,
    sourceUsers: users,
    sourceDeleted: [],
    targetIndex: index,
    mapping: compiled.mapping,
    spec,
    now: new Date(),
    complete: true,
  };
}

/** Plans `input` in one block, or in slices as the cycle does; wall and CPU time in ms and s. */
export async function timePlanning(input: PlanInput, yielding: boolean) {
  const wall0 = performance.now();
  const cpu0 = cpuSeconds();
  let actions: number;
  if (yielding) {
    const planner = userPlanner(input);
    await eachYielding(input.sourceUsers, planner.add, cpuSeconds);
    actions = planner.finish().actions.length;
  } else actions = planUserChanges(input).actions.length;
  return {
    actions,
    wallMs: Math.round(performance.now() - wall0),
    cpuSeconds: Math.round((cpuSeconds() - cpu0) * 1000) / 1000,
  };
}
