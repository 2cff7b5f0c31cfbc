// Sync cycles against a simulator that fails 10 % of requests with 5xx and throttles the target to a low
// quota: retries, Retry-After and per-user replanning must still reach the exact expected state.
import { jest } from '@jest/globals';
import { compareState, EXACT, inScopeUsers, targetUsers } from './exact-state.js';
import { CONTOSO, EMEA, clientFor, emeaGroupEngine, groupId } from './engine.js';
import { useSimulator } from '../support/simulator.js';
import { seedEmeaUsers } from './scopes.js';

jest.setTimeout(360_000);
const CONVERGENCE_BUDGET_MS = 240_000;
const GENERATED = 80;
const FAULTS = { errorRates: { '500': 0.04, '502': 0.02, '503': 0.04 } };
// Low enough that the ~200 writes and the reads run out of both quotas: 6 RU/s after a burst of 60, and
// 150 writes per 150 s; the client keeps Graph's default budget, so only the simulator's 429s hold it back.
const THROTTLING = { resourceUnitsPer10s: 60, writesPer150s: 150 };
const sim = useSimulator();

beforeAll(async () => {
  await seedEmeaUsers(sim().admin, GENERATED);
});

it('converges to the exact expected state with 10 % injected 5xx and throttling', async () => {
  const source = clientFor(sim(), EMEA);
  const target = clientFor(sim(), CONTOSO);
  const group = await groupId(source, 'Sync to Contoso');
  const inScope = await inScopeUsers(source, group);
  expect(inScope.length).toBe(GENERATED + 20);
  const before = (await targetUsers(target)).length;
  await sim().admin.setRealism(EMEA.tenantId, { faults: FAULTS });
  await sim().admin.setRealism(CONTOSO.tenantId, { faults: FAULTS, throttling: THROTTLING });
  await sim().admin.clearRequests();

  const engine = emeaGroupEngine(source, target, group);
  // Users that failed are retried after a per-user back-off (30 s, doubling: safety.test.ts); each cycle
  // here runs an hour later so that every retry is due at once.
  // The simulator's write quota refills in real time (1 write/s here), so cycles run on a short interval,
  // as the operator's would, until the state converges or the time budget is spent.
  const cycles: string[] = [];
  let start = Date.now();
  const deadline = Date.now() + CONVERGENCE_BUDGET_MS;
  let converged = false;
  while (!converged && Date.now() < deadline) {
    if (cycles.length > 0) await new Promise((resolve) => setTimeout(resolve, 2_000));
    const result = await engine.cycle({ now: new Date((start += 3_600_000)) }).catch((err: Error) => err);
    if (result instanceof Error) {
      // A whole cycle can fail when a read exhausts its retries: the controller retries it next interval.
      cycles.push(`failed: ${result.message}`);
      continue;
    }
    cycles.push(
      JSON.stringify({
        ...result.done,
        planned: result.plan.actions.length,
        retrying: engine.state.failures.size,
      }),
    );
    converged =
      result.plan.actions.length === 0 && engine.state.failures.size === 0 && result.done.failed === 0;
  }
  // On failure the assertion shows the last cycles' outcomes.
  expect(converged ? 'converged' : cycles.slice(-5)).toBe('converged');

  await sim().admin.setRealism(EMEA.tenantId, { faults: { errorRates: {} } });
  await sim().admin.setRealism(CONTOSO.tenantId, { faults: { errorRates: {} } });
  expect(await compareState(EMEA.tenantId, inScope, target, before)).toEqual(EXACT);

  // The simulator answered 429 (with Retry-After) and 5xx, inside $batch and outside, and the engine still converged.
  const log = await sim().admin.requests(CONTOSO.tenantId);
  expect(log.filter((r) => r.status === 429).length).toBeGreaterThan(0);
  expect(log.filter((r) => r.status >= 500).length).toBeGreaterThan(0);
});
