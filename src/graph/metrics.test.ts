import { ScriptedTransport, run } from '../../test/graph/fakes.js';
import { metricValue } from '../../test/support/metrics.js';
import { FakeClock } from '../time/clock.js';
import { metricsRegistry } from '../observability/registry.js';
import { CallCounter, MetricsMiddleware } from './metrics.js';

describe('MetricsMiddleware', () => {
  it('counts requests by status and 429s by the quota Graph named, and observes Retry-After', async () => {
    const clock = new FakeClock();
    const answers = [
      {
        status: 429,
        headers: { 'Retry-After': '2', 'x-ms-throttle-information': 'ResourceUnitLimitExceeded' },
      },
      { status: 200 },
    ];
    const transport = new ScriptedTransport(clock, (n) => answers[n - 1]!);
    const counter = new CallCounter();
    const metrics = new MetricsMiddleware('ns/metrics-test', counter, clock);
    await run([metrics, transport], 'GET', 'https://g.test/v1.0/users');
    await run([metrics, transport], 'GET', 'https://g.test/v1.0/users');

    const tenant = 'ns/metrics-test';
    const page = await metricsRegistry.metrics();
    const requests = 'crosstenant_graph_requests_total';
    expect(metricValue(page, requests, { tenant, method: 'GET', status: '429' })).toBe(1);
    expect(metricValue(page, requests, { tenant, method: 'GET', status: '200' })).toBe(1);
    expect(metricValue(page, 'crosstenant_graph_throttled_total', { tenant, scope: 'ResourceUnits' })).toBe(
      1,
    );
    const retryAfter = 'crosstenant_graph_retry_after_seconds';
    expect(metricValue(page, `${retryAfter}_count`, { tenant })).toBe(1);
    expect(metricValue(page, `${retryAfter}_sum`, { tenant })).toBe(2);
    expect(counter.snapshot()).toEqual({ requests: 2, throttled: 1 });
  });
});

describe('CallCounter', () => {
  it('counts for each tracked caller only its own requests, even when they interleave', async () => {
    const counter = new CallCounter();
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    const cycle = (requests: number, throttled: number) => async () => {
      for (let i = 0; i < requests; i++) {
        await tick();
        counter.record(i < throttled);
      }
    };
    const [a, b] = await Promise.all([counter.track(cycle(3, 1)), counter.track(cycle(5, 0))]);
    expect(a.stats).toEqual({ requests: 3, throttled: 1 });
    expect(b.stats).toEqual({ requests: 5, throttled: 0 });
    expect(counter.snapshot()).toEqual({ requests: 8, throttled: 1 });
  });

  it('counts a 429 inside a $batch as throttled, not as another request', async () => {
    const counter = new CallCounter();
    const { stats } = await counter.track(async () => {
      counter.record(false);
      counter.recordInnerThrottle();
      counter.recordInnerThrottle();
    });
    expect(stats).toEqual({ requests: 1, throttled: 2 });
    expect(counter.snapshot()).toEqual({ requests: 1, throttled: 2 });
  });
});
