import { FakeClock } from '../time/clock.js';
import { TokenBucket } from './token-bucket.js';
import { WritePacer, type WriteGrant } from './write-pacer.js';

/** Time moves only when the test says; a sleep ends once time has passed its end, not at once. */
class ManualClock extends FakeClock {
  override sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }

  override async advance(ms: number): Promise<void> {
    super.advance(ms);
    // Lets the woken pump and the granted callers run.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  }
}

function setUp(writesPerSecond: number) {
  const clock = new ManualClock();
  const grants: WriteGrant[] = [];
  const bucket = TokenBucket.perWindow(writesPerSecond, 1000, 0);
  const pacer = new WritePacer(bucket, clock, 150, { onGrant: (g) => grants.push(g) });
  return { clock, pacer, grants };
}

describe('WritePacer', () => {
  it('lets writes through at once while the quota has room', async () => {
    const { pacer } = setUp(40);
    await expect(pacer.acquire(20, { lane: 'create', flow: 'a' })).resolves.toBe(0);
    await expect(pacer.acquire(20, { lane: 'create', flow: 'a' })).resolves.toBe(0);
  });

  it('lets a disable that arrives while creates wait for quota overtake them', async () => {
    const { clock, pacer, grants } = setUp(20);
    await pacer.acquire(20, { lane: 'create', flow: 'a' });
    const order: string[] = [];
    const creates = [1, 2].map((i) =>
      pacer.acquire(20, { lane: 'create', flow: 'a' }).then(() => order.push(`create-${i}`)),
    );
    await clock.advance(500);
    const disable = pacer.acquire(20, { lane: 'deprovision', flow: 'b' }).then(() => order.push('disable'));
    await clock.advance(500);
    await clock.advance(1000);
    await clock.advance(1000);
    await Promise.all([...creates, disable]);
    expect(order).toEqual(['disable', 'create-1', 'create-2']);
    // Arrival order would have sent create-1 at 1 s; the disables took that slot.
    expect(grants.map((g) => [g.flow, g.lane, g.waitedMs])).toEqual([
      ['a', 'create', 0],
      ['b', 'deprovision', 500],
      ['a', 'create', 2000],
      ['a', 'create', 3000],
    ]);
  });

  it('reports what each writer was let through in the window', async () => {
    const { pacer } = setUp(100);
    await pacer.acquire(20, { lane: 'create', flow: 'a' });
    await pacer.acquire(20, { lane: 'create', flow: 'a' });
    await pacer.acquire(10, { lane: 'update', flow: 'b' });
    expect(pacer.shareOf('a')).toEqual({ windowSeconds: 150, writes: 40, tenantWrites: 50 });
  });

  it('holds every write during a pause Graph asked for', async () => {
    const { clock, pacer } = setUp(100);
    pacer.pauseUntil(3000);
    let granted = false;
    const write = pacer.acquire(1, { lane: 'deprovision', flow: 'b' }).then(() => (granted = true));
    await clock.advance(2999);
    expect(granted).toBe(false);
    await clock.advance(1);
    await write;
    expect(granted).toBe(true);
  });

  it('takes a cancelled write out of the queue so the next one goes', async () => {
    const { clock, pacer } = setUp(20);
    await pacer.acquire(20, { lane: 'create', flow: 'a' });
    const cancel = new AbortController();
    const cancelled = pacer.acquire(20, { lane: 'create', flow: 'a' }, cancel.signal);
    const next = pacer.acquire(20, { lane: 'create', flow: 'b' });
    cancel.abort(new Error('lease lost'));
    await expect(cancelled).rejects.toThrow('lease lost');
    expect(pacer.waiting).toBe(1);
    await clock.advance(1000);
    await expect(next).resolves.toBe(1000);
  });
});
