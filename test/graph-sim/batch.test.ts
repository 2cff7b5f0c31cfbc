import type { Client } from '@microsoft/microsoft-graph-client';
import type { RunningSimulator } from '../../src/graph-sim/index.js';
import { CONTOSO, startDefaultSimulator, tenantClient } from './sim-fixture.js';

interface BatchResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: { id?: string; error?: { code: string } };
}

const json = { 'Content-Type': 'application/json' };

describe('graph-sim JSON $batch', () => {
  let sim: RunningSimulator;
  let contoso: Client;
  beforeAll(async () => {
    sim = await startDefaultSimulator();
    contoso = tenantClient(sim, CONTOSO);
  });
  afterAll(() => sim.stop());

  it('runs independent requests and answers each with its own status', async () => {
    const result = (await contoso.api('/$batch').post({
      requests: [
        { id: '1', method: 'GET', url: '/users/megan.bowen@contoso.com?$select=displayName' },
        { id: '2', method: 'GET', url: 'users/nobody@contoso.com' },
        { id: '3', method: 'GET', url: '/organization' },
      ],
    })) as { responses: BatchResponse[] };
    const status = Object.fromEntries(result.responses.map((r) => [r.id, r.status]));
    expect(status).toEqual({ '1': 200, '2': 404, '3': 200 });
  });

  it('answers 424 to a request whose dependency failed', async () => {
    const result = (await contoso.api('/$batch').post({
      requests: [
        {
          id: 'a',
          method: 'POST',
          url: '/users',
          headers: json,
          body: { displayName: 'no upn', accountEnabled: true },
        },
        {
          id: 'b',
          method: 'PATCH',
          url: '/users/megan.bowen@contoso.com',
          headers: json,
          body: { jobTitle: 'CPO' },
          dependsOn: ['a'],
        },
      ],
    })) as { responses: BatchResponse[] };
    const byId = new Map(result.responses.map((r) => [r.id, r]));
    expect(byId.get('a')?.status).toBe(400);
    expect(byId.get('b')?.status).toBe(424);
    const megan = (await contoso.api('/users/megan.bowen@contoso.com').select('jobTitle').get()) as {
      jobTitle: string;
    };
    expect(megan.jobTitle).toBe('Chief People Officer');
  });

  it('answers 400 to more than 20 requests and to duplicate ids', async () => {
    const many = Array.from({ length: 21 }, (_, i) => ({
      id: String(i),
      method: 'GET',
      url: '/organization',
    }));
    await expect(contoso.api('/$batch').post({ requests: many })).rejects.toMatchObject({ statusCode: 400 });
    const dup = [
      { id: '1', method: 'GET', url: '/organization' },
      { id: '1', method: 'GET', url: '/users' },
    ];
    await expect(contoso.api('/$batch').post({ requests: dup })).rejects.toMatchObject({ statusCode: 400 });
  });

  it('answers 400 to a request with a body but no Content-Type', async () => {
    const requests = [
      { id: '1', method: 'PATCH', url: '/users/megan.bowen@contoso.com', body: { jobTitle: 'x' } },
    ];
    await expect(contoso.api('/$batch').post({ requests })).rejects.toMatchObject({ statusCode: 400 });
  });

  it('authorises each inner request on its own', async () => {
    const result = (await contoso.api('/$batch').post({
      requests: [
        { id: '1', method: 'GET', url: '/applications' },
        { id: '2', method: 'GET', url: '/organization' },
      ],
    })) as { responses: BatchResponse[] };
    const byId = new Map(result.responses.map((r) => [r.id, r]));
    expect(byId.get('1')).toMatchObject({
      status: 403,
      body: { error: { code: 'Authorization_RequestDenied' } },
    });
    expect(byId.get('2')?.status).toBe(200);
  });
});
