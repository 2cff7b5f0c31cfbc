import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock } from '../time/clock.js';

// The cancellation of the work in progress (a reconcile, a Lease call), carried through its async calls so
// that every API call it makes, to Kubernetes or to Graph, is cut off when it fires, however deep.
const current = new AsyncLocalStorage<{ signal: AbortSignal; fenced: boolean }>();

/**
 * Runs `fn` with `signal` as the cancellation of every call it makes (joined to any outer one). `fenced` work
 * (a reconcile) is also cancelled by the fence (see `fenceCalls`); the Lease calls that keep the fence are not.
 */
export function runCancellable<T>(signal: AbortSignal, fn: () => Promise<T>, fenced = false): Promise<T> {
  const outer = current.getStore();
  return current.run(
    {
      signal: outer ? AbortSignal.any([outer.signal, signal]) : signal,
      fenced: fenced || outer?.fenced === true,
    },
    fn,
  );
}

let fence: { holds: () => boolean; breached: () => void } | undefined;

/**
 * Makes every call check `holds` at the moment it is made, and call `breached` (which must cancel the work)
 * when it no longer does. Timers alone are not enough: a process paused past its renew deadline (SIGSTOP, a
 * VM freeze) runs callbacks in whatever order they come when it resumes, and must not send one more write.
 */
export function fenceCalls(holds: () => boolean, breached: () => void): void {
  fence = { holds, breached };
}

/** The cancellation of the work calling, if it runs under `runCancellable`, checked against the fence. */
export function currentSignal(): AbortSignal | undefined {
  const work = current.getStore();
  if (work?.fenced && !work.signal.aborted && fence && !fence.holds()) fence.breached();
  return work?.signal;
}

/** Rejects once `ms` pass on `clock`, cancelling the calls `fn` has in flight at that moment. */
export function withTimeout<T>(clock: Clock, ms: number, fn: () => Promise<T>): Promise<T> {
  const deadline = new AbortController();
  const timer = clock.setTimeout(() => deadline.abort(new Error(`timed out after ${ms} ms`)), ms);
  const { signal } = deadline;
  return runCancellable(signal, () =>
    Promise.race([
      fn(),
      new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
      ),
    ]),
  ).finally(() => clock.clearTimeout(timer));
}
