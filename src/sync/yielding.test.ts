import { eachYielding } from './yielding.js';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

describe('eachYielding', () => {
  it('runs every step in order and lets the event loop in while a long run goes on', async () => {
    const seen: number[] = [];
    let turns = 0;
    const timer = setInterval(() => (turns += 1), 1);
    await eachYielding(
      Array.from({ length: 640 }, (_, i) => i),
      (i) => {
        busy(0.1);
        seen.push(i);
      },
      () => 0,
      5,
    );
    clearInterval(timer);
    expect(seen).toEqual(Array.from({ length: 640 }, (_, i) => i));
    // 64 ms of work in slices of at least 5 ms: the timer got turns in between, not only after.
    expect(turns).toBeGreaterThanOrEqual(3);
  });

  it('counts the CPU of the steps, not of what ran between them', async () => {
    let clock = 0;
    const cpu = await eachYielding(
      Array.from({ length: 64 }, (_, i) => i),
      () => {
        clock += 1;
        busy(0.5);
      },
      () => clock,
      1,
    );
    expect(cpu).toBe(64);
  });
});
