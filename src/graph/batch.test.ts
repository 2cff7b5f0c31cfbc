import { scriptedGraph } from '../../test/graph/fakes.js';
import { FakeClock } from '../time/clock.js';
import { metricsRegistry } from '../observability/registry.js';
import { executeBatch, executeBatches, type BatchRequest } from './batch.js';

interface WireRequest {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

function batchGraph(
  answer: (request: WireRequest, round: number) => { status: number; headers?: Record<string, string> },
) {
  let round = 0;
  return scriptedGraph((_method, _url, body) => {
    round += 1;
    const requests = (body as { requests: WireRequest[] }).requests;
    return {
      body: { responses: requests.map((r) => ({ id: r.id, body: {}, ...answer(r, round) })).reverse() },
    };
  });
}

const patch = (id: string, extra: Partial<BatchRequest> = {}): BatchRequest => ({
  id,
  method: 'PATCH',
  url: `/users/${id}`,
  body: { jobTitle: id },
  ...extra,
});

describe('executeBatch', () => {
  it('sends bodies with Content-Type and returns results in request order', async () => {
    const graph = batchGraph(() => ({ status: 204 }));
    const results = await executeBatch(graph, [patch('1'), { id: '2', method: 'GET', url: 'users/2' }]);
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['1', 204],
      ['2', 204],
    ]);
    const sent = (graph.calls[0]?.body as { requests: WireRequest[] }).requests;
    expect(sent[0]).toMatchObject({
      headers: { 'Content-Type': 'application/json' },
      body: { jobTitle: '1' },
    });
    expect(sent[1]).toEqual({ id: '2', method: 'GET', url: '/users/2' });
  });

  it('refuses more than 20 requests or duplicate ids before sending', async () => {
    const graph = batchGraph(() => ({ status: 204 }));
    const many = Array.from({ length: 21 }, (_, i) => patch(String(i)));
    await expect(executeBatch(graph, many)).rejects.toThrow(RangeError);
    await expect(executeBatch(graph, [patch('1'), patch('1')])).rejects.toThrow(RangeError);
    expect(graph.calls).toHaveLength(0);
  });

  it('re-sends inner 429s and their 424 dependents after the longest Retry-After', async () => {
    const clock = new FakeClock();
    const graph = batchGraph((r, round) => {
      if (round === 1 && r.id === '1') return { status: 429, headers: { 'Retry-After': '2' } };
      if (round === 1 && r.id === '2') return { status: 424 };
      return { status: 204 };
    });
    const results = await executeBatch(graph, [patch('1'), patch('2', { dependsOn: ['1'] }), patch('3')], {
      clock,
    });
    expect(results.map((r) => r.status)).toEqual([204, 204, 204]);
    expect(clock.sleeps).toEqual([2000]);
    const second = (graph.calls[1]?.body as { requests: WireRequest[] }).requests;
    expect(second.map((r) => [r.id, r.dependsOn])).toEqual([
      ['1', undefined],
      ['2', ['1']],
    ]);
  });

  it('counts inner 429s in crosstenant_graph_throttled_total by the quota they name', async () => {
    const throttled = async (): Promise<number> => {
      const metric = await metricsRegistry.getSingleMetric('crosstenant_graph_throttled_total')?.get();
      const sample = metric?.values.find(
        (v) => v.labels.tenant === 'test/tenant' && v.labels.scope === 'Writes',
      );
      return sample?.value ?? 0;
    };
    const before = await throttled();
    const graph = batchGraph((r, round) =>
      round === 1 && r.id !== '3'
        ? { status: 429, headers: { 'Retry-After': '1', 'x-ms-throttle-scope': 'Tenant_Application/Write' } }
        : { status: 204 },
    );
    await executeBatch(graph, [patch('1'), patch('2'), patch('3')], { clock: new FakeClock() });
    expect((await throttled()) - before).toBe(2);
  });

  it('gives back an inner error as a value', async () => {
    const graph = scriptedGraph(() => ({
      body: {
        responses: [
          { id: '1', status: 404, body: { error: { code: 'Request_ResourceNotFound', message: 'no user' } } },
        ],
      },
    }));
    const [result] = await executeBatch(graph, [patch('1')]);
    expect(result?.error).toEqual({ status: 404, code: 'Request_ResourceNotFound', message: 'no user' });
  });
});

describe('executeBatches', () => {
  it('splits into batches of 20 and fails dependents of a failure in an earlier batch', async () => {
    const graph = batchGraph((r) => ({ status: r.id === '19' ? 400 : 204 }));
    const requests = Array.from({ length: 22 }, (_, i) => patch(String(i)));
    requests[20] = patch('20', { dependsOn: ['19'] });
    requests[21] = patch('21', { dependsOn: ['0'] });
    const results = await executeBatches(graph, requests);
    expect(graph.calls).toHaveLength(2);
    expect(results[20]).toMatchObject({ status: 424, error: { code: 'FailedDependency' } });
    expect(results[21]?.status).toBe(204);
    const second = (graph.calls[1]?.body as { requests: WireRequest[] }).requests;
    expect(second.map((r) => [r.id, r.dependsOn])).toEqual([['21', undefined]]);
  });
});

describe('executeBatches after a transport error', () => {
  it('keeps the results of earlier calls, and says the rest are unknown or not sent rather than failed', async () => {
    let calls = 0;
    const graph = scriptedGraph((_method, _url, body) => {
      calls += 1;
      if (calls === 2) throw new Error('socket hang up');
      const requests = (body as { requests: WireRequest[] }).requests;
      return { body: { responses: requests.map((r) => ({ id: r.id, status: 201, body: {} })) } };
    });
    const requests = Array.from({ length: 50 }, (_, i) => patch(String(i)));
    const results = await executeBatches(graph, requests);
    expect(calls).toBe(2);
    expect(results.slice(0, 20).every((r) => r.status === 201)).toBe(true);
    expect(new Set(results.slice(20, 40).map((r) => r.error?.code))).toEqual(new Set(['OutcomeUnknown']));
    expect(new Set(results.slice(40).map((r) => r.error?.code))).toEqual(new Set(['NotSent']));
  });
});
