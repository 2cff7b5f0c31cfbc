import type { Context } from '@microsoft/microsoft-graph-client';
import { ChainedMiddleware } from './chain.js';
import type { Clock } from '../time/clock.js';

/**
 * How long one attempt may take, headers and body, by default. Without a limit a request held by a
 * black-holed tenant fails only when the runtime gives up (300 s), and the cycle waiting on it with it.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** The caller's cancellation, as the SDK hands it to fetch (`GraphRequest.option('signal', ...)`). */
export function requestSignal(context: Context): AbortSignal | undefined {
  const signal = (context.options as { signal?: unknown } | undefined)?.signal;
  return signal instanceof AbortSignal ? signal : undefined;
}

/** Sleeps on `clock`, but wakes and throws at once when `signal` aborts (a retry wait after a lost lease). */
export async function cancellableSleep(
  clock: Clock,
  ms: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (!signal) return clock.sleep(ms);
  signal.throwIfAborted();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([clock.sleep(ms), aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Gives each attempt its own deadline, joined to the caller's cancellation, right before fetch: a retry
 * starts a fresh deadline, and a cancelled caller stops the request in flight (and the reading of its body).
 */
export class TimeoutMiddleware extends ChainedMiddleware {
  constructor(
    private readonly timeoutMs: number = DEFAULT_REQUEST_TIMEOUT_MS,
    /** Read again before each attempt, so that a retry made after the work was cancelled is not sent. */
    private readonly cancellation: () => AbortSignal | undefined = () => undefined,
  ) {
    super();
  }

  /** Sends the request with a signal that fires on the deadline or on the caller's cancellation. */
  async execute(context: Context): Promise<void> {
    this.cancellation()?.throwIfAborted();
    const caller = requestSignal(context);
    caller?.throwIfAborted();
    const deadline = AbortSignal.timeout(this.timeoutMs);
    context.options ??= {};
    (context.options as { signal?: AbortSignal }).signal = caller
      ? AbortSignal.any([caller, deadline])
      : deadline;
    try {
      await this.sendOn(context);
    } finally {
      (context.options as { signal?: AbortSignal }).signal = caller;
    }
  }
}
