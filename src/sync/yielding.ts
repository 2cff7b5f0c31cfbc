import { setImmediate as nextTurn } from 'node:timers/promises';

/** Work done between two turns of the event loop, at most: /healthz and other scopes' I/O wait no longer. */
export const SLICE_MS = 10;

/**
 * Runs `step` for each item, giving the event loop a turn whenever a slice of work has run `sliceMs`, so
 * that 100,000 users planned at once do not hold every other controller and the probes for seconds. Returns
 * the CPU seconds of the steps alone (`cpuClock`), without what ran in between.
 */
export async function eachYielding<T>(
  items: Iterable<T>,
  step: (item: T) => void,
  cpuClock: () => number,
  sliceMs = SLICE_MS,
): Promise<number> {
  let cpu = 0;
  let cpuStart = cpuClock();
  let sliceStart = performance.now();
  let n = 0;
  for (const item of items) {
    step(item);
    // Reading the clock costs more than a cheap step: look every 32 items.
    if ((++n & 31) === 0 && performance.now() - sliceStart >= sliceMs) {
      cpu += cpuClock() - cpuStart;
      await nextTurn();
      cpuStart = cpuClock();
      sliceStart = performance.now();
    }
  }
  return cpu + cpuClock() - cpuStart;
}
