import { FakeClock } from '../time/clock.js';
import { currentSignal, fenceCalls, runCancellable, withTimeout } from './cancellation.js';

describe('cancellation', () => {
  afterEach(() =>
    fenceCalls(
      () => true,
      () => undefined,
    ),
  );

  it('carries the signal of the work through its awaits, and none outside it', async () => {
    const work = new AbortController();
    expect(currentSignal()).toBeUndefined();
    const seen = await runCancellable(work.signal, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentSignal();
    });
    expect(seen?.aborted).toBe(false);
    work.abort();
    expect(seen?.aborted).toBe(true);
  });

  it('cancels the work at the first call made once the fence no longer holds', async () => {
    const work = new AbortController();
    let holds = true;
    fenceCalls(
      () => holds,
      () => work.abort(new Error('lease lost')),
    );
    // Lease calls are not fenced: they are what renews the lease.
    await runCancellable(new AbortController().signal, async () => {
      holds = false;
      expect(currentSignal()?.aborted).toBe(false);
      holds = true;
    });
    await runCancellable(
      work.signal,
      async () => {
        expect(currentSignal()?.aborted).toBe(false);
        holds = false; // a process resumed past its renew deadline, before any timer has run
        expect(currentSignal()?.aborted).toBe(true);
      },
      true,
    );
  });

  it('times out a call on the given clock and cancels what it has in flight', async () => {
    const clock = new FakeClock(0);
    let inFlight: AbortSignal | undefined;
    const call = withTimeout(clock, 5_000, () => {
      inFlight = currentSignal();
      return new Promise<never>(() => undefined);
    });
    clock.advance(5_000);
    await expect(call).rejects.toThrow('timed out after 5000 ms');
    expect(inFlight?.aborted).toBe(true);
  });
});
