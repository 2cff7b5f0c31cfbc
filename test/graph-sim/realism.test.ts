import type { Client } from '@microsoft/microsoft-graph-client';
import type { RunningSimulator } from '../../src/graph-sim/index.js';
import {
  CONTOSO,
  secretCredential,
  startDefaultSimulator,
  statusOf,
  tenantClient,
  US,
} from './sim-fixture.js';

interface User {
  id: string;
  [key: string]: unknown;
}

async function bearer(sim: RunningSimulator, tenant: typeof CONTOSO): Promise<string> {
  const token = await secretCredential(sim, tenant.tenantId, tenant.clientId, tenant.secret).getToken(
    'https://graph.microsoft.com/.default',
  );
  return `Bearer ${token?.token}`;
}

describe('graph-sim realism switches', () => {
  let sim: RunningSimulator;
  let contoso: Client;
  beforeAll(async () => {
    sim = await startDefaultSimulator();
    contoso = tenantClient(sim, CONTOSO);
  });
  afterAll(() => sim.stop());

  it('answers 429 with Retry-After and the throttle scope once the write quota is spent', async () => {
    await sim.admin.setRealism(US.tenantId, { throttling: { enabled: true, writesPer150s: 3 } });
    const auth = await bearer(sim, US);
    const patch = (): Promise<Response> =>
      fetch(`${sim.url}/v1.0/users/olivia.johnson@us.contoso.com`, {
        method: 'PATCH',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({ jobTitle: 'VP Sales' }),
      });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await patch()).status);
    expect(statuses).toEqual([204, 204, 204]);
    const throttled = await patch();
    const body = (await throttled.json()) as { error: { code: string } };
    expect(throttled.status).toBe(429);
    expect(body.error.code).toBe('TooManyRequests');
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(throttled.headers.get('x-ms-throttle-scope')).toBe(
      `Tenant_Application/Write/${US.clientId}/${US.tenantId}`,
    );
    expect(throttled.headers.get('x-ms-throttle-information')).toBe('WriteLimitExceeded');
    await sim.admin.advanceClock(60_000);
    expect((await patch()).status).toBe(204);
    await sim.admin.setRealism(US.tenantId, { throttling: { enabled: true, writesPer150s: null } });
  });

  it('throttles each request inside a $batch on its own', async () => {
    await sim.admin.setRealism(US.tenantId, { throttling: { enabled: true, resourceUnitsPer10s: 2 } });
    const us = tenantClient(sim, US);
    const result = (await us.api('/$batch').post({
      requests: [1, 2, 3].map((n) => ({ id: String(n), method: 'GET', url: '/organization' })),
    })) as { responses: Array<{ id: string; status: number; headers: Record<string, string> }> };
    const statuses = result.responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 429]);
    expect(result.responses.find((r) => r.status === 429)?.headers['retry-after']).toBeDefined();
    await sim.admin.setRealism(US.tenantId, { throttling: { enabled: true, resourceUnitsPer10s: null } });
  });

  it('reports resource units on every Graph response', async () => {
    const auth = await bearer(sim, CONTOSO);
    const list = await fetch(`${sim.url}/v1.0/users`, { headers: { authorization: auth } });
    const selected = await fetch(`${sim.url}/v1.0/users?$select=id`, { headers: { authorization: auth } });
    expect([list.headers.get('x-ms-resource-unit'), selected.headers.get('x-ms-resource-unit')]).toEqual([
      '2',
      '1',
    ]);
  });

  it('hides a just-created user from GET by id during replication lag', async () => {
    await sim.admin.setRealism(CONTOSO.tenantId, { replicationLagMs: 60_000 });
    const user = (await contoso.api('/users').post({
      accountEnabled: true,
      displayName: 'Lagging',
      mailNickname: 'lagging',
      userPrincipalName: 'lagging@contoso.com',
      passwordProfile: { password: 'Sim-Only-Pa55!' },
    })) as User;
    expect(await statusOf(contoso.api(`/users/${user.id}`).get())).toBe(404);
    expect(await statusOf(contoso.api(`/users/${user.id}`).patch({ jobTitle: 'x' }))).toBe(404);
    await sim.admin.advanceClock(61_000);
    expect(await statusOf(contoso.api(`/users/${user.id}`).get())).toBe(200);
    await sim.admin.setRealism(CONTOSO.tenantId, { replicationLagMs: 0 });
  });

  it('injects faults by status and added latency', async () => {
    await sim.admin.setRealism(CONTOSO.tenantId, { faults: { errorRates: { '503': 1 }, latencyMs: 150 } });
    const auth = await bearer(sim, CONTOSO);
    const started = Date.now();
    const res = await fetch(`${sim.url}/v1.0/organization`, { headers: { authorization: auth } });
    expect(res.status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    await sim.admin.setRealism(CONTOSO.tenantId, { faults: { errorRates: {}, latencyMs: 0 } });
    expect((await fetch(`${sim.url}/v1.0/organization`, { headers: { authorization: auth } })).status).toBe(
      200,
    );
  });

  it('moves the simulator clock forward, which dates new objects', async () => {
    const before = await sim.admin.clock();
    const after = await sim.admin.advanceClock(30 * 86_400_000);
    expect(Date.parse(after.now) - Date.parse(before.now)).toBeGreaterThanOrEqual(30 * 86_400_000);
    const user = (await contoso.api('/users').post({
      accountEnabled: true,
      displayName: 'Future',
      mailNickname: 'future',
      userPrincipalName: 'future@contoso.com',
      passwordProfile: { password: 'Sim-Only-Pa55!' },
    })) as User;
    const read = (await contoso.api(`/users/${user.id}`).select('createdDateTime').get()) as {
      createdDateTime: string;
    };
    expect(Date.parse(read.createdDateTime)).toBeGreaterThanOrEqual(Date.parse(after.now) - 1000);
  });

  it('logs token requests like Graph requests', async () => {
    await sim.admin.clearRequests();
    await secretCredential(sim, CONTOSO.tenantId, CONTOSO.clientId, 'wrong')
      .getToken('https://graph.microsoft.com/.default')
      .catch(() => undefined);
    const log = await sim.admin.requests(CONTOSO.tenantId);
    expect(log).toContainEqual(
      expect.objectContaining({
        method: 'POST',
        path: `/${CONTOSO.tenantId}/oauth2/v2.0/token`,
        app: CONTOSO.clientId,
        status: 401,
      }),
    );
  });

  it('logs requests with method, path, tenant, app and status, and clears the log', async () => {
    await contoso.api('/organization').get();
    await sim.admin.clearRequests();
    await contoso.api('/organization').get();
    const log = await sim.admin.requests(CONTOSO.tenantId);
    expect(log).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/organization',
        tenant: CONTOSO.tenantId,
        app: CONTOSO.clientId,
        status: 200,
      }),
    ]);
    await sim.admin.clearRequests();
    expect(await sim.admin.requests()).toEqual([]);
  });
});
