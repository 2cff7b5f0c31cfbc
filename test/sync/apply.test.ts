// applyActions against the simulator: the order of the writes it sends, read from the request log.
import { startSimulator, type RunningSimulator } from '../../src/graph-sim/index.js';
import { applyActions } from '../../src/sync/apply.js';
import type { SyncAction } from '../../src/sync/plan.js';
import { ANCHOR, CONTOSO, EMEA, clientFor } from './engine.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.stop();
});

function create(n: number): SyncAction {
  const email = `chunk${n}@${EMEA.domain}`;
  return {
    kind: 'create',
    sourceUserId: `source-${n}`,
    invitation: { email, displayName: `Chunk ${n}`, userType: 'Member' },
    attributes: { displayName: `Chunk ${n}`, [ANCHOR]: `${EMEA.tenantId}:source-${n}` },
  };
}

it('applies creates chunk by chunk: the invitations of a chunk, then their PATCHes, then the next chunk', async () => {
  await sim.admin.clearRequests();
  const outcomes = await applyActions(clientFor(sim, CONTOSO), [1, 2, 3, 4, 5].map(create), {
    redirectUrl: 'https://myapplications.microsoft.com/',
    createsPerChunk: 2,
  });
  expect(outcomes.every((o) => o.ok && o.targetUserId)).toBe(true);
  const writes = (await sim.admin.requests(CONTOSO.tenantId))
    .filter((r) => r.inBatch && r.method !== 'GET')
    .map((r) => (r.path.endsWith('/invitations') ? 'invite' : r.method));
  expect(writes).toEqual([
    ...['invite', 'invite', 'PATCH', 'PATCH'],
    ...['invite', 'invite', 'PATCH', 'PATCH'],
    ...['invite', 'PATCH'],
  ]);
});
