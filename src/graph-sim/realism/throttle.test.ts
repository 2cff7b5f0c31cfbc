import { TokenBucket } from './token-bucket.js';
import { requestCost, resourceUnitLimitFor, Throttler } from './throttle.js';

describe('TokenBucket', () => {
  it('refills evenly over its window', () => {
    const bucket = new TokenBucket(10, 10_000, 0);
    bucket.take(10, 0);
    expect(bucket.available(0)).toBe(0);
    expect(bucket.available(5_000)).toBeCloseTo(5);
    expect(bucket.available(60_000)).toBe(10);
  });

  it('tells how many seconds until a cost fits', () => {
    const bucket = new TokenBucket(20, 150_000, 0);
    bucket.take(20, 0);
    expect(bucket.secondsUntil(1, 0)).toBe(8);
    expect(bucket.secondsUntil(1, 7_500)).toBe(0);
  });
});

describe('requestCost', () => {
  it('applies the $select, $expand and $top modifiers with a floor of 1', () => {
    expect(requestCost(false, 2, new URLSearchParams())).toEqual({ resourceUnits: 2, write: false });
    expect(requestCost(false, 2, new URLSearchParams('$select=id'))).toEqual({
      resourceUnits: 1,
      write: false,
    });
    expect(requestCost(false, 1, new URLSearchParams('$select=id&$top=5')).resourceUnits).toBe(1);
    expect(requestCost(false, 3, new URLSearchParams('$expand=manager')).resourceUnits).toBe(4);
    expect(requestCost(true, 5, new URLSearchParams())).toEqual({ resourceUnits: 1, write: true });
  });

  it('sizes the resource-unit limit by tenant users', () => {
    expect([resourceUnitLimitFor(10), resourceUnitLimitFor(200), resourceUnitLimitFor(5000)]).toEqual([
      3500, 5000, 8000,
    ]);
  });
});

describe('Throttler', () => {
  const limits = { resourceUnitsPer10s: 100, writesPer150s: 2 };

  it('refuses the third write in the window with the write scope and a retry time', () => {
    const throttler = new Throttler();
    const write = { resourceUnits: 1, write: true };
    expect(throttler.charge('app', 't', write, limits, 0).ok).toBe(true);
    expect(throttler.charge('app', 't', write, limits, 0).ok).toBe(true);
    expect(throttler.charge('app', 't', write, limits, 0)).toEqual({
      ok: false,
      retryAfterS: 75,
      scope: 'Tenant_Application/Write/app/t',
      information: 'WriteLimitExceeded',
    });
    expect(throttler.charge('app', 't', write, limits, 75_000).ok).toBe(true);
  });

  it('refuses reads past the resource-unit limit and keeps tenants apart', () => {
    const throttler = new Throttler();
    const read = { resourceUnits: 60, write: false };
    expect(throttler.charge('app', 't1', read, limits, 0).ok).toBe(true);
    const refused = throttler.charge('app', 't1', read, limits, 0);
    expect(refused.ok).toBe(false);
    expect(refused.ok === false && refused.information).toBe('ResourceUnitLimitExceeded');
    expect(throttler.charge('app', 't2', read, limits, 0).ok).toBe(true);
  });

  it('reports how much of the app + tenant limit is used', () => {
    const throttler = new Throttler();
    const verdict = throttler.charge('app', 't', { resourceUnits: 85, write: false }, limits, 0);
    expect(verdict.ok && verdict.usedFraction).toBeCloseTo(0.85);
  });
});
