import { MAX_TIMER_DELAY_MS, realClock, timerDelay } from './clock.js';
import { WorkQueue } from './workqueue.js';

const HOURS_720 = 720 * 3_600_000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('timer delays', () => {
  it.each([
    [-5, 0],
    [1000, 1000],
    [HOURS_720, MAX_TIMER_DELAY_MS],
    [10_000 * 2 ** 2000, MAX_TIMER_DELAY_MS],
    [Number.NaN, MAX_TIMER_DELAY_MS],
  ])('%d ms becomes %d ms', (ms, expected) => {
    expect(timerDelay(ms)).toBe(expected);
  });

  it('does not fire a 720h timer at once (Node fires a delay of 2^31 ms or more after 1 ms)', async () => {
    let fired = 0;
    const handle = realClock.setTimeout(() => (fired += 1), HOURS_720);
    await pause(50);
    realClock.clearTimeout(handle);
    expect(fired).toBe(0);
  });

  it.each([HOURS_720, Infinity, Number.NaN])(
    'does not requeue an item delayed by %d ms at once',
    async (ms) => {
      const queue = new WorkQueue<string>({ name: `clock-test-${String(ms)}` });
      queue.addAfter('scope', ms);
      await pause(50);
      expect(queue.len()).toBe(0);
      queue.shutDown();
    },
  );
});
