import { startSimulator, type RunningSimulator } from '../../src/graph-sim/index.js';
import { executeBatch, listUsers, type GraphClient } from '../../src/graph/index.js';
import { CONTOSO, graphRequests, simClient } from './fixture.js';

const generous = {
  resourceUnits: { limit: 100_000, windowSeconds: 10 },
  writes: { limit: 100_000, windowSeconds: 10 },
};

describe('JSON $batch against the simulator', () => {
  let sim: RunningSimulator;
  let client: GraphClient;
  let ids: string[];
  beforeAll(async () => {
    sim = await startSimulator();
    client = simClient(sim, CONTOSO, { limits: generous });
    ids = (await listUsers(client, { select: ['id'] })).map((u) => u.id);
  });
  afterAll(() => sim.stop());

  it('runs requests in one round trip, a dependent one after its dependency', async () => {
    await sim.admin.clearRequests();
    const results = await executeBatch(client, [
      { id: 'patch', method: 'PATCH', url: `/users/${ids[0]}`, body: { jobTitle: 'Batched' } },
      { id: 'read', method: 'GET', url: `/users/${ids[0]}?$select=id,jobTitle`, dependsOn: ['patch'] },
      { id: 'missing', method: 'GET', url: '/users/00000000-0000-0000-0000-000000000000' },
    ]);
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['patch', 204],
      ['read', 200],
      ['missing', 404],
    ]);
    expect(results[1]!.body).toMatchObject({ jobTitle: 'Batched' });
    expect(results[2]!.error).toMatchObject({ status: 404, code: 'Request_ResourceNotFound' });
    const outer = (await graphRequests(sim, CONTOSO.tenantId)).filter((e) => !e.inBatch);
    expect(outer).toHaveLength(1);
  });

  it('sends inner requests Graph throttled again after their Retry-After', async () => {
    await sim.admin.setRealism(CONTOSO.tenantId, { throttling: { enabled: true, resourceUnitsPer10s: 4 } });
    await sim.admin.clearRequests();
    const reads = ids
      .slice(0, 6)
      .map((id, i) => ({ id: String(i), method: 'GET' as const, url: `/users/${id}` }));
    const results = await executeBatch(client, reads);
    expect(results.every((r) => r.status === 200)).toBe(true);

    const inner = (await graphRequests(sim, CONTOSO.tenantId)).filter((e) => e.inBatch);
    const throttled = inner.filter((e) => e.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    for (const t of throttled) {
      const retry = inner.find(
        (e) => e.path === t.path && e.status === 200 && Date.parse(e.time) > Date.parse(t.time),
      );
      expect(retry).toBeDefined();
      expect(Date.parse(retry!.time) - Date.parse(t.time)).toBeGreaterThanOrEqual(1000);
    }
  }, 30_000);
});
