import { ScriptedTransport, run, type ScriptedAnswer } from '../../test/graph/fakes.js';
import { FakeClock } from '../time/clock.js';
import {
  backoffDelayMs,
  defaultRetryPolicy,
  isRetriable,
  parseRetryAfter,
  RetryMiddleware,
  RetryUnsafeOptions,
} from './retry.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-28T05:00:00Z');
  it.each([
    ['7', 7],
    ['0', 0],
    ['2.5', 2.5],
    ['Sat, 28 Nov 2026 05:00:30 GMT', 30],
    ['Sat, 28 Nov 2026 04:59:00 GMT', 0],
  ])('reads %p as %p seconds', (header, seconds) => {
    expect(parseRetryAfter(header, now)).toBe(seconds);
  });

  it.each([null, undefined, '', 'soon'])('gives nothing for %p', (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined();
  });
});

describe('backoffDelayMs', () => {
  const policy = { ...defaultRetryPolicy, baseDelayMs: 1000, maxDelayMs: 8000 };
  it('doubles each attempt up to the cap, with the lower half fixed', () => {
    const low = [1, 2, 3, 4, 5].map((a) => backoffDelayMs(a, policy, () => 0));
    const high = [1, 2, 3, 4, 5].map((a) => backoffDelayMs(a, policy, () => 1));
    expect(low).toEqual([500, 1000, 2000, 4000, 4000]);
    expect(high).toEqual([1000, 2000, 4000, 8000, 8000]);
  });
});

describe('isRetriable', () => {
  it.each([
    [429, 'POST', false, true],
    [503, 'GET', false, true],
    [504, 'PATCH', false, true],
    [503, 'POST', false, false],
    [504, 'POST', true, true],
    [500, 'GET', false, false],
    [404, 'GET', false, false],
  ])('status %p %p (POST marked safe: %p) -> %p', (status, method, safe, expected) => {
    expect(isRetriable(status, method, safe)).toBe(expected);
  });
});

describe('RetryMiddleware', () => {
  function setUp(script: ScriptedAnswer[]) {
    const clock = new FakeClock();
    const transport = new ScriptedTransport(clock, (n) => script[Math.min(n, script.length) - 1]!);
    const retry = new RetryMiddleware({ ...defaultRetryPolicy, maxRetries: 3 }, clock, () => 0.5);
    return { clock, transport, retry };
  }

  it('waits out Retry-After before sending again', async () => {
    const { clock, transport, retry } = setUp([
      { status: 429, headers: { 'Retry-After': '4' } },
      { status: 200 },
    ]);
    const context = await run([retry, transport], 'GET', 'https://graph.test/v1.0/users');
    expect(context.response?.status).toBe(200);
    expect(clock.sleeps).toEqual([4000]);
    expect(transport.sent[1]!.at - transport.sent[0]!.at).toBe(4000);
    expect(transport.sent[1]!.headers['Retry-Attempt']).toBe('1');
  });

  it('backs off exponentially without Retry-After and stops after the bounded attempts', async () => {
    const { clock, transport, retry } = setUp([{ status: 503 }]);
    const context = await run([retry, transport], 'GET', 'https://graph.test/v1.0/users');
    expect(context.response?.status).toBe(503);
    expect(transport.sent).toHaveLength(4);
    expect(clock.sleeps).toEqual([750, 1500, 3000]);
  });

  it('does not re-send a POST after a 503 unless it is marked safe', async () => {
    const plain = setUp([{ status: 503 }, { status: 201 }]);
    await run([plain.retry, plain.transport], 'POST', 'https://graph.test/v1.0/invitations', { body: '{}' });
    expect(plain.transport.sent).toHaveLength(1);

    const marked = setUp([{ status: 503 }, { status: 201 }]);
    const control = { getMiddlewareOptions: () => new RetryUnsafeOptions(true) };
    const context = await run(
      [marked.retry, marked.transport],
      'POST',
      'https://graph.test/v1.0/invitations',
      {
        body: '{}',
        context: { middlewareControl: control as never },
      },
    );
    expect(context.response?.status).toBe(201);
    expect(marked.transport.sent).toHaveLength(2);
  });

  it('re-sends a throttled POST: Graph refused it before running it', async () => {
    const { transport, retry } = setUp([{ status: 429, headers: { 'Retry-After': '1' } }, { status: 201 }]);
    await run([retry, transport], 'POST', 'https://graph.test/v1.0/invitations', { body: '{}' });
    expect(transport.sent).toHaveLength(2);
  });

  it('gives a Retry-After beyond the accepted maximum back to the caller at once', async () => {
    const { clock, transport, retry } = setUp([{ status: 429, headers: { 'Retry-After': '3600' } }]);
    const context = await run([retry, transport], 'GET', 'https://graph.test/v1.0/users');
    expect(context.response?.status).toBe(429);
    expect(transport.sent).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });
});
