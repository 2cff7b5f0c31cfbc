import type { Clock, TimerHandle } from '../time/clock.js';
import { realClock, timerDelay } from '../time/clock.js';
import type { RateLimiter } from './rate-limiter.js';
import { defaultControllerRateLimiter } from './rate-limiter.js';
import {
  trackQueue,
  workqueueAddsTotal,
  workqueueDepth,
  workqueueQueueDurationSeconds,
  workqueueRetriesTotal,
  workqueueWorkDurationSeconds,
} from './metrics.js';

/** Options for a work queue; `name` (and `controller`, defaulting to it) label its metrics. */
export interface WorkQueueOptions<K> {
  name: string;
  controller?: string;
  clock?: Clock;
  rateLimiter?: RateLimiter<K>;
}

/**
 * client-go's rate-limiting work queue: an item is queued at most once, is never handed to two workers at
 * once, and an item re-added while processed is handed out again once `done` is called for it.
 */
export class WorkQueue<K = string> {
  readonly labels: { name: string; controller: string };
  private readonly clock: Clock;
  private readonly rateLimiter: RateLimiter<K>;
  private readonly queue: K[] = [];
  private readonly dirty = new Set<K>();
  private readonly processing = new Map<K, number>();
  private readonly addedAt = new Map<K, number>();
  private readonly waiting = new Map<K, { readyAt: number; timer: TimerHandle }>();
  private waiters: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];
  private shuttingDown = false;
  private readonly untrack: () => void;

  constructor(options: WorkQueueOptions<K>) {
    this.labels = { name: options.name, controller: options.controller ?? options.name };
    this.clock = options.clock ?? realClock;
    this.rateLimiter = options.rateLimiter ?? defaultControllerRateLimiter<K>(this.clock);
    this.untrack = trackQueue({
      labels: this.labels,
      now: () => this.clock.now(),
      processingStarts: () => this.processing.values(),
    });
    workqueueDepth.set(this.labels, 0);
    // Present from the start, as client-go's are, so a healthy queue shows 0 rather than no series.
    workqueueAddsTotal.inc(this.labels, 0);
    workqueueRetriesTotal.inc(this.labels, 0);
  }

  /** Queues `item` unless it is already queued; an item being processed is queued again after `done`. */
  add(item: K): void {
    if (this.shuttingDown || this.dirty.has(item)) return;
    workqueueAddsTotal.inc(this.labels);
    this.addedAt.set(item, this.clock.now());
    this.dirty.add(item);
    if (this.processing.has(item)) return;
    this.queue.push(item);
    workqueueDepth.set(this.labels, this.queue.length);
    this.waiters.shift()?.();
  }

  /** Queues `item` after `delayMs`; of several pending delays for one item the earliest wins. */
  addAfter(item: K, requestedMs: number): void {
    if (this.shuttingDown) return;
    const delayMs = timerDelay(requestedMs);
    if (delayMs <= 0) {
      this.add(item);
      return;
    }
    const readyAt = this.clock.now() + delayMs;
    const pending = this.waiting.get(item);
    if (pending && pending.readyAt <= readyAt) return;
    if (pending) this.clock.clearTimeout(pending.timer);
    const timer = this.clock.setTimeout(() => {
      this.waiting.delete(item);
      this.add(item);
    }, delayMs);
    this.waiting.set(item, { readyAt, timer });
  }

  /** Queues `item` after the rate limiter's delay (per-item backoff and the shared bucket). */
  addRateLimited(item: K): void {
    if (this.shuttingDown) return;
    workqueueRetriesTotal.inc(this.labels);
    this.addAfter(item, this.rateLimiter.when(item));
  }

  /** Resets `item`'s backoff; call it when the item was processed successfully. */
  forget(item: K): void {
    this.rateLimiter.forget(item);
  }

  /** How many times `item` was rate-limited since it was last forgotten. */
  numRequeues(item: K): number {
    return this.rateLimiter.numRequeues(item);
  }

  /** Waits for the next item; resolves `undefined` once shut down and nothing is left queued. */
  async get(): Promise<K | undefined> {
    while (this.queue.length === 0 && !this.shuttingDown) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    const item = this.queue.shift();
    if (item === undefined) return undefined;
    const now = this.clock.now();
    workqueueDepth.set(this.labels, this.queue.length);
    const added = this.addedAt.get(item);
    if (added !== undefined) workqueueQueueDurationSeconds.observe(this.labels, (now - added) / 1000);
    this.addedAt.delete(item);
    this.dirty.delete(item);
    this.processing.set(item, now);
    return item;
  }

  /** Marks `item` processed; if it was re-added meanwhile it is queued again now. */
  done(item: K): void {
    const started = this.processing.get(item);
    if (started === undefined) return;
    workqueueWorkDurationSeconds.observe(this.labels, (this.clock.now() - started) / 1000);
    this.processing.delete(item);
    if (this.dirty.has(item)) {
      this.queue.push(item);
      workqueueDepth.set(this.labels, this.queue.length);
      this.waiters.shift()?.();
    }
    if (this.processing.size === 0) this.notifyIdle();
  }

  /** Number of items waiting to be handed out (not counting delayed or in-flight ones). */
  len(): number {
    return this.queue.length;
  }

  /** Refuses new items, cancels delayed ones and wakes every waiting `get`. */
  shutDown(): void {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    for (const { timer } of this.waiting.values()) this.clock.clearTimeout(timer);
    this.waiting.clear();
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
    this.untrack();
  }

  /** Resolves once no item is being processed; queued items may remain. */
  async whenIdle(): Promise<void> {
    await this.waitFor(() => this.processing.size === 0);
  }

  private async waitFor(condition: () => boolean): Promise<void> {
    while (!condition()) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}
