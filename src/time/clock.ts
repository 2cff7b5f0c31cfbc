// The one seam for time in the operator: queues, limiters, elections, Graph retries and throttling read
// the time and wait through a Clock, so their tests move time instead of waiting for it.

/** A handle returned by `Clock.setTimeout`. */
export type TimerHandle = { readonly id: number } | ReturnType<typeof setTimeout>;

/** Time as the runtime sees it: the current time, timers, and a wait. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  sleep(ms: number): Promise<void>;
}

/** The longest delay a Node.js timer keeps: past 2^31 - 1 ms (about 24.8 days) it fires after 1 ms. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * A delay every timer can take: negative becomes 0; too long, infinite or NaN (an overflowing back-off)
 * becomes the longest, after which the waiting code looks again, instead of a 1 ms loop.
 */
export function timerDelay(ms: number): number {
  if (!(ms <= MAX_TIMER_DELAY_MS)) return MAX_TIMER_DELAY_MS;
  return Math.max(0, ms);
}

/** The wall clock; every delay goes through `timerDelay`. */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, timerDelay(ms)),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, timerDelay(ms))),
};

/**
 * A clock that only moves when told to: timers fire in due order during `advance`, and a `sleep` moves
 * time forward by its own length at once (nothing else would), recording it in `sleeps`.
 */
export class FakeClock implements Clock {
  /** The waits asked of `sleep`, in order. */
  readonly sleeps: number[] = [];
  private current: number;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { at: this.current + timerDelay(ms), fn });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    if (typeof handle === 'object' && 'id' in handle) this.timers.delete(handle.id);
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.advance(Math.max(0, ms));
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      let due: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.timers) {
        if (entry[1].at <= target && (!due || entry[1].at < due[1].at)) due = entry;
      }
      if (!due) break;
      this.timers.delete(due[0]);
      this.current = Math.max(this.current, due[1].at);
      due[1].fn();
    }
    this.current = target;
  }

  /** How many timers are waiting. */
  pending(): number {
    return this.timers.size;
  }
}
