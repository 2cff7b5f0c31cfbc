import { FakeClock, MAX_TIMER_DELAY_MS, realClock, timerDelay } from './clock.js';

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
});

describe('FakeClock', () => {
  it('fires timers in due order as time advances', () => {
    const clock = new FakeClock(100);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('late'), 30);
    clock.setTimeout(() => fired.push('early'), 10);
    clock.advance(20);
    expect(fired).toEqual(['early']);
    expect(clock.now()).toBe(120);
    clock.advance(10);
    expect(fired).toEqual(['early', 'late']);
  });

  it('moves time forward by a sleep at once, firing what falls due, and records the sleep', async () => {
    const clock = new FakeClock(0);
    let fired = false;
    clock.setTimeout(() => (fired = true), 500);
    await clock.sleep(750);
    expect(clock.now()).toBe(750);
    expect(fired).toBe(true);
    expect(clock.sleeps).toEqual([750]);
  });
});
