import { startSimulator, type RunningSimulator } from '../../src/graph-sim/index.js';
import type { RequestLogEntry } from '../../src/graph-sim/admin/request-log.js';
import {
  GraphRequestError,
  getUser,
  listUsers,
  restoreDeletedUser,
  updateUser,
} from '../../src/graph/index.js';
import { waitFor } from '../support/poll.js';
import { CONTOSO, EMEA, graphRequests, simClient } from './fixture.js';

const generous = {
  resourceUnits: { limit: 100_000, windowSeconds: 10 },
  writes: { limit: 100_000, windowSeconds: 10 },
};
const at = (e: RequestLogEntry) => Date.parse(e.time);

describe('retries and throttling against the simulator', () => {
  let sim: RunningSimulator;
  let userIds: string[];
  beforeAll(async () => {
    sim = await startSimulator();
    userIds = (await listUsers(simClient(sim, CONTOSO), { select: ['id'] })).map((u) => u.id);
  });
  afterAll(() => sim.stop());
  afterEach(async () => {
    await sim.admin.setRealism(CONTOSO.tenantId, {
      // Graph's limits for a tenant under 50 users.
      throttling: { enabled: true, resourceUnitsPer10s: 3500, writesPer150s: 3000 },
      faults: { errorRates: {} },
    });
    await sim.admin.clearRequests();
  });

  it("waits out Graph's Retry-After on a 429 and then succeeds", async () => {
    const client = simClient(sim, CONTOSO, { limits: generous });
    await sim.admin.setRealism(CONTOSO.tenantId, { throttling: { enabled: true, resourceUnitsPer10s: 4 } });
    await sim.admin.clearRequests();
    const id = userIds[0]!;
    for (let i = 0; i < 5; i++) expect((await getUser(client, id, ['id']))?.id).toBe(id);

    const log = await graphRequests(sim, CONTOSO.tenantId);
    const throttled = log.findIndex((e) => e.status === 429);
    expect(throttled).toBe(4);
    const retry = log[throttled + 1]!;
    expect(retry).toMatchObject({ status: 200, path: log[throttled]!.path });
    // The simulator asked for ceil(2.5) = 3 s: 2 missing units at 4 units per 10 s.
    expect(at(retry) - at(log[throttled]!)).toBeGreaterThanOrEqual(2900);
    expect(client.stats()).toMatchObject({ throttled: 1 });
  }, 30_000);

  it('retries a GET answered 503 until Graph is back', async () => {
    const client = simClient(sim, CONTOSO, { limits: generous });
    await sim.admin.setRealism(CONTOSO.tenantId, { faults: { errorRates: { '503': 1 } } });
    await sim.admin.clearRequests();
    const read = getUser(client, userIds[0]!, ['id']);
    await waitFor(
      'a GET answered 503',
      async () => (await graphRequests(sim, CONTOSO.tenantId)).some((e) => e.status === 503) || undefined,
      10_000,
    );
    await sim.admin.setRealism(CONTOSO.tenantId, { faults: { errorRates: {} } });
    expect((await read)?.id).toBe(userIds[0]);
    const statuses = (await graphRequests(sim, CONTOSO.tenantId)).map((e) => e.status);
    expect(statuses[0]).toBe(503);
    expect(statuses.at(-1)).toBe(200);
  }, 30_000);

  it('does not send a non-idempotent POST again after a 503', async () => {
    const client = simClient(sim, CONTOSO, { limits: generous });
    await sim.admin.setRealism(CONTOSO.tenantId, { faults: { errorRates: { '503': 1 } } });
    await sim.admin.clearRequests();
    const failure = await restoreDeletedUser(client, userIds[0]!).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(GraphRequestError);
    expect((failure as GraphRequestError).info.status).toBe(503);
    expect(await graphRequests(sim, CONTOSO.tenantId)).toHaveLength(1);
  });

  it('gives a Retry-After beyond what the client waits back to the caller', async () => {
    // EMEA's app: the pause this 429 puts on the client's buckets must not slow the other tests.
    const client = simClient(sim, EMEA, { limits: generous, retry: { maxRetryAfterSeconds: 1 } });
    const [user] = await listUsers(client, { select: ['id'], top: 1 });
    await sim.admin.setRealism(EMEA.tenantId, { throttling: { enabled: true, resourceUnitsPer10s: 1 } });
    await getUser(client, user!.id, ['id']);
    const failure = await getUser(client, user!.id, ['id']).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(GraphRequestError);
    expect((failure as GraphRequestError).info).toMatchObject({ status: 429, retryAfterSeconds: 10 });
  });

  it('keeps writes under the configured quota instead of provoking 429s', async () => {
    // Graph's side allows 12 writes per 150 s; our side 4 at once, then 2 per second.
    const client = simClient(sim, CONTOSO, {
      limits: { resourceUnits: generous.resourceUnits, writes: { limit: 4, windowSeconds: 2 } },
    });
    await sim.admin.setRealism(CONTOSO.tenantId, { throttling: { enabled: true, writesPer150s: 12 } });
    await sim.admin.clearRequests();
    const targets = Array.from({ length: 12 }, (_, i) => userIds[i % userIds.length]!);
    await Promise.all(targets.map((id, i) => updateUser(client, id, { jobTitle: `Title ${i}` })));

    const writes = (await graphRequests(sim, CONTOSO.tenantId)).filter((e) => e.method === 'PATCH');
    expect(writes).toHaveLength(12);
    expect(writes.every((e) => e.status === 204 || e.status === 200)).toBe(true);
    const times = writes.map(at);
    for (const t of times) {
      // At most 4 + 2 in any second (a full bucket plus one second of refill), with 50 ms of timer slack.
      expect(times.filter((u) => u >= t && u < t + 950).length).toBeLessThanOrEqual(6);
    }
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(3900);
  }, 30_000);
});
