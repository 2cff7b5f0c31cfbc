import { ScriptedTransport, run } from '../../test/graph/fakes.js';
import { FakeClock } from '../time/clock.js';
import { ClientRequestIdMiddleware } from './request-id.js';
import { defaultRetryPolicy, RetryMiddleware } from './retry.js';

describe('ClientRequestIdMiddleware', () => {
  it('gives a request one id that its retries keep', async () => {
    const clock = new FakeClock();
    const transport = new ScriptedTransport(clock, (n) => ({ status: n === 1 ? 503 : 200 }));
    let next = 0;
    const ids = new ClientRequestIdMiddleware(() => `id-${++next}`);
    await run(
      [ids, new RetryMiddleware(defaultRetryPolicy, clock), transport],
      'GET',
      'https://g.test/v1.0/users',
    );
    expect(transport.sent.map((s) => s.headers['client-request-id'])).toEqual(['id-1', 'id-1']);
  });

  it("keeps the caller's own id", async () => {
    const clock = new FakeClock();
    const transport = new ScriptedTransport(clock, () => ({ status: 200 }));
    const ids = new ClientRequestIdMiddleware(() => 'generated');
    await run([ids, transport], 'GET', 'https://g.test/v1.0/users', {
      context: { options: { method: 'GET', headers: { 'Client-Request-Id': 'mine' } } },
    });
    expect(transport.sent[0]?.headers).toEqual({ 'Client-Request-Id': 'mine' });
  });
});
