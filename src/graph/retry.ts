import type { Context, MiddlewareOptions } from '@microsoft/microsoft-graph-client';
import { ChainedMiddleware } from './chain.js';
import { realClock, type Clock } from '../time/clock.js';
import { requestMethod, setRequestHeader } from './http-context.js';
import { cancellableSleep, requestSignal } from './timeout.js';

/** How hard to retry: bounded attempts, and the longest wait we accept from Graph. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff step when Graph gives no Retry-After. */
  baseDelayMs: number;
  /** Longest backoff step. */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited out: the caller fails and requeues instead. */
  maxRetryAfterSeconds: number;
}

/** Defaults: five retries, 1 s doubling to 30 s, and at most five minutes of Retry-After. */
export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 5,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterSeconds: 300,
};

/** Per-request option: this POST may be sent again after a 503/504 (the caller made it idempotent). */
export class RetryUnsafeOptions implements MiddlewareOptions {
  constructor(readonly retryServerErrors: boolean) {}
}

const RETRIABLE = new Set([429, 503, 504]);

/** Parses `Retry-After` as seconds: a number of seconds (Graph's form) or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, (date - nowMs) / 1000);
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so concurrent clients
 * throttled together spread out instead of retrying in lockstep. `attempt` counts from 1.
 */
export function backoffDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return step / 2 + random() * (step / 2);
}

/**
 * Whether a failed attempt may be sent again. 429 means Graph refused the request before running it,
 * so any method may be retried. 503/504 may come after the work was done (a gateway timing out on a
 * finished write): PATCH, PUT, DELETE and GET are idempotent, but a POST (an invitation, a new group)
 * sent twice can create two objects, so a POST is retried only when the caller marks it safe.
 */
export function isRetriable(status: number, method: string, postMarkedSafe: boolean): boolean {
  if (!RETRIABLE.has(status)) return false;
  if (status === 429) return true;
  return method !== 'POST' || postMarkedSafe;
}

/**
 * Retries throttled and unavailable answers. It replaces the SDK's RetryHandler, which retries every
 * POST on 503/504, rounds waits to whole seconds with a coarse formula, cannot be given a clock for
 * tests, and gives up on a Retry-After above 180 s only by capping the wait (then hits 429 again).
 */
export class RetryMiddleware extends ChainedMiddleware {
  constructor(
    private readonly policy: RetryPolicy = defaultRetryPolicy,
    private readonly clock: Clock = realClock,
    private readonly random: () => number = Math.random,
  ) {
    super();
  }

  /** Sends the request and retries while Graph says to and the budget allows. */
  async execute(context: Context): Promise<void> {
    const method = requestMethod(context);
    const option = context.middlewareControl?.getMiddlewareOptions(RetryUnsafeOptions);
    const postMarkedSafe = option instanceof RetryUnsafeOptions && option.retryServerErrors;
    for (let attempt = 1; ; attempt++) {
      await this.sendOn(context);
      const response = context.response;
      if (!response || attempt > this.policy.maxRetries) return;
      if (!isRetriable(response.status, method, postMarkedSafe)) return;
      const delayMs = this.delayFor(response, attempt);
      if (delayMs === undefined) return;
      // The answer is discarded; read it so the connection goes back to the pool.
      await response.arrayBuffer().catch(() => undefined);
      setRequestHeader(context, 'Retry-Attempt', String(attempt));
      await cancellableSleep(this.clock, delayMs, requestSignal(context));
    }
  }

  private delayFor(response: Response, attempt: number): number | undefined {
    const retryAfter = parseRetryAfter(response.headers.get('Retry-After'), this.clock.now());
    if (retryAfter === undefined) return backoffDelayMs(attempt, this.policy, this.random);
    return retryAfter > this.policy.maxRetryAfterSeconds ? undefined : retryAfter * 1000;
  }
}
