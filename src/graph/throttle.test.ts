import { ScriptedTransport, run } from '../../test/graph/fakes.js';
import { FakeClock } from '../time/clock.js';
import { ThrottleMiddleware, throttleBucketsFor, throttleScopeOf, type ThrottleScope } from './throttle.js';
import { realClock } from '../time/clock.js';

function setUp(key: string, writesPerSecond: number, answer = { status: 204 }) {
  const clock = new FakeClock(0);
  const limits = {
    resourceUnits: { limit: 1000, windowSeconds: 1 },
    writes: { limit: writesPerSecond, windowSeconds: 1 },
  };
  const buckets = throttleBucketsFor(key, limits, clock);
  const waits: [ThrottleScope, number][] = [];
  const throttle = new ThrottleMiddleware(buckets, clock, (scope, ms) => waits.push([scope, ms]));
  const transport = new ScriptedTransport(clock, () => answer);
  return { clock, throttle, transport, waits };
}

describe('ThrottleMiddleware', () => {
  it('keeps writes within the configured quota by waiting before sending', async () => {
    const { throttle, transport, waits } = setUp('app/tenant-writes', 5);
    for (let i = 0; i < 15; i++) await run([throttle, transport], 'PATCH', `https://g.test/v1.0/users/${i}`);
    // A full bucket goes at once; after that one write per 1/5 s, as Graph's bucket refills.
    expect(transport.sent.map((s) => s.at)).toEqual([
      0, 0, 0, 0, 0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000,
    ]);
    expect(waits.every(([scope]) => scope === 'Writes')).toBe(true);
  });

  it('does not hold reads for the write quota', async () => {
    const { throttle, transport, clock } = setUp('app/tenant-reads', 1);
    await run([throttle, transport], 'PATCH', 'https://g.test/v1.0/users/a');
    await run([throttle, transport], 'GET', 'https://g.test/v1.0/users/a');
    expect(clock.sleeps).toEqual([]);
  });

  it('holds the whole quota for the Retry-After of a 429', async () => {
    const answer = {
      status: 429,
      headers: { 'Retry-After': '3', 'x-ms-throttle-information': 'WriteLimitExceeded' },
    };
    const { throttle, transport, clock } = setUp('app/tenant-429', 100, answer);
    await run([throttle, transport], 'PATCH', 'https://g.test/v1.0/users/a');
    await run([throttle, transport], 'PATCH', 'https://g.test/v1.0/users/b');
    expect(clock.sleeps).toEqual([3000]);
  });

  it('shares the buckets of one app in one tenant between clients', () => {
    const limits = {
      resourceUnits: { limit: 10, windowSeconds: 1 },
      writes: { limit: 10, windowSeconds: 1 },
    };
    expect(throttleBucketsFor('same/pair', limits, realClock)).toBe(
      throttleBucketsFor('same/pair', limits, realClock),
    );
  });
});

describe('throttleScopeOf', () => {
  it.each([
    [{ 'x-ms-throttle-information': 'WriteLimitExceeded' }, 'Writes'],
    [{ 'x-ms-throttle-information': 'ResourceUnitLimitExceeded' }, 'ResourceUnits'],
    [{ 'x-ms-throttle-scope': 'Tenant_Application/Write/app/tenant' }, 'Writes'],
    [{}, undefined],
  ])('reads %p as %p', (headers, scope) => {
    expect(throttleScopeOf(new Headers(headers))).toBe(scope);
  });
});
