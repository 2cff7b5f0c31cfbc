import type { Clock } from '../time/clock.js';
import type { TokenBucket } from './token-bucket.js';
import {
  WriteSchedule,
  type WriteLane,
  type WriteScheduleOptions,
  type WriteTicket,
} from './write-schedule.js';
import { WriteShareWindow, type WriteShare } from './write-share.js';

/** Whose write a request is, and how urgent: what the pacer orders writes by. */
export interface WritePacing {
  lane: WriteLane;
  /** Who writes, e.g. a SyncScope's `namespace/name`; writes of one flow keep their order. */
  flow: string;
}

/** Writes that say nothing of themselves (governance controllers, one-off calls): changes to existing objects. */
export const UNNAMED_WRITES: WritePacing = { lane: 'update', flow: '' };

/** A write let through: by whom, in which lane, how many writes and how long it waited. */
export interface WriteGrant extends WritePacing {
  cost: number;
  waitedMs: number;
}

interface Waiter extends WriteTicket {
  enqueuedAt: number;
  grant(waitedMs: number): void;
}

/**
 * The one queue in front of an app's write quota in one tenant, shared by every SyncScope and controller
 * writing there. A write is let through only when the quota has room for it, and then the most urgent,
 * fairest one waiting goes (WriteSchedule): unlike reservations in arrival order, a disable that comes
 * while bulk creates wait for quota overtakes them.
 */
export class WritePacer {
  private readonly schedule: WriteSchedule<Waiter>;
  private readonly granted: WriteShareWindow;
  private readonly onGrant: (grant: WriteGrant) => void;
  /** When the timer set to let the next write through fires; Infinity when none is set. */
  private wakeAt = Infinity;

  constructor(
    private readonly bucket: TokenBucket,
    private readonly clock: Clock,
    windowSeconds: number,
    options: WriteScheduleOptions & { onGrant?: (grant: WriteGrant) => void } = {},
  ) {
    this.schedule = new WriteSchedule(options);
    this.granted = new WriteShareWindow(windowSeconds);
    this.onGrant = options.onGrant ?? (() => undefined);
  }

  /** Waits until `cost` writes of `pacing` may be sent; resolves with the milliseconds waited. */
  acquire(cost: number, pacing: WritePacing, signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        if (this.schedule.remove(waiter)) reject(signal?.reason as Error);
        this.pump();
      };
      const waiter: Waiter = {
        ...pacing,
        cost,
        enqueuedAt: this.clock.now(),
        grant: (waitedMs) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(waitedMs);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.schedule.enqueue(waiter);
      this.pump();
    });
  }

  /** Holds every write until `until`: Graph answered 429 for the write quota. */
  pauseUntil(until: number): void {
    this.bucket.pauseUntil(until);
  }

  /** What `flow` was let through in the last window, beside everyone's writes. */
  shareOf(flow: string): WriteShare {
    return this.granted.shareOf(flow, this.clock.now());
  }

  /** Writes waiting for quota. */
  get waiting(): number {
    return this.schedule.size;
  }

  /** Lets through every write the quota has room for, in the schedule's order; sets a timer for the next. */
  private pump(): void {
    for (;;) {
      const next = this.schedule.peek();
      if (!next) return;
      const now = this.clock.now();
      const wait = this.bucket.timeUntil(next.cost, now);
      // Timers fire on whole milliseconds: what is left below one is refilled by the time the write is sent.
      if (wait >= 1) {
        this.wakeUpAt(now + wait);
        return;
      }
      this.schedule.take();
      this.bucket.reserve(next.cost, now);
      this.granted.record(next.flow, next.cost, now);
      const waitedMs = now - next.enqueuedAt;
      this.onGrant({ lane: next.lane, flow: next.flow, cost: next.cost, waitedMs });
      next.grant(waitedMs);
    }
  }

  private wakeUpAt(at: number): void {
    if (at >= this.wakeAt) return;
    this.wakeAt = at;
    void this.clock.sleep(at - this.clock.now()).then(() => {
      // A later, earlier timer replaced this one; it pumps anyway, which lets through nothing early.
      if (this.wakeAt === at) this.wakeAt = Infinity;
      this.pump();
    });
  }
}
