import type { Context, MiddlewareOptions } from '@microsoft/microsoft-graph-client';
import { ChainedMiddleware } from './chain.js';
import { realClock, type Clock } from '../time/clock.js';
import { estimateRequestCost, isBatchUrl } from './cost.js';
import { requestBodyText, requestMethod, requestUrl } from './http-context.js';
import { parseRetryAfter } from './retry.js';
import { cancellableSleep, requestSignal } from './timeout.js';
import { TokenBucket } from './token-bucket.js';
import { UNNAMED_WRITES, WritePacer, type WriteGrant, type WritePacing } from './write-pacer.js';

/** A quota: `limit` units per `windowSeconds`. */
export interface Quota {
  limit: number;
  windowSeconds: number;
}

/** The app+tenant quotas the client keeps under. */
export interface ThrottleLimits {
  resourceUnits: Quota;
  writes: Quota;
}

/**
 * Graph's app+tenant limits (Graph's throttling limits page): 3,500 resource units per 10 s for a tenant under 50
 * users (5,000 up to 500, 8,000 above: raise it for bigger tenants), and 3,000 writes per 150 s.
 */
export const defaultThrottleLimits: ThrottleLimits = {
  resourceUnits: { limit: 3500, windowSeconds: 10 },
  writes: { limit: 3000, windowSeconds: 150 },
};

/** Which quota a wait or a 429 was about. */
export type ThrottleScope = 'ResourceUnits' | 'Writes';

/** The quotas of one app in one tenant: resource units, and the writes every writer there queues for. */
export interface ThrottleBuckets {
  resourceUnits: TokenBucket;
  writes: TokenBucket;
  pacer: WritePacer;
}

/** Per-request options of the throttle: whose writes these are and how urgent (see WritePacer). */
export class WritePacingOptions implements MiddlewareOptions {
  constructor(readonly pacing: WritePacing) {}
}

const sharedBuckets = new Map<string, ThrottleBuckets>();

/**
 * The buckets of an app in a tenant, shared by every client of that pair, because Graph counts the
 * quota per app+tenant however many TenantLinks reach it. New limits replace the old ones.
 */
export function throttleBucketsFor(
  key: string,
  limits: ThrottleLimits,
  clock: Clock,
  onGrant: (grant: WriteGrant) => void = () => undefined,
): ThrottleBuckets {
  const now = clock.now();
  const existing = sharedBuckets.get(key);
  if (existing) {
    existing.resourceUnits.reconfigure(
      limits.resourceUnits.limit,
      limits.resourceUnits.windowSeconds * 1000,
      now,
    );
    existing.writes.reconfigure(limits.writes.limit, limits.writes.windowSeconds * 1000, now);
    return existing;
  }
  const writes = TokenBucket.perWindow(limits.writes.limit, limits.writes.windowSeconds * 1000, now);
  const created = {
    resourceUnits: TokenBucket.perWindow(
      limits.resourceUnits.limit,
      limits.resourceUnits.windowSeconds * 1000,
      now,
    ),
    writes,
    pacer: new WritePacer(writes, clock, limits.writes.windowSeconds, { onGrant }),
  };
  sharedBuckets.set(key, created);
  return created;
}

/** Reads which quota a 429 was about from `x-ms-throttle-information` / `x-ms-throttle-scope`. */
export function throttleScopeOf(headers: Headers): ThrottleScope | undefined {
  const info = `${headers.get('x-ms-throttle-information') ?? ''} ${headers.get('x-ms-throttle-scope') ?? ''}`;
  if (/Write/i.test(info)) return 'Writes';
  if (/ResourceUnit/i.test(info)) return 'ResourceUnits';
  return undefined;
}

/**
 * Waits for quota before sending, instead of sending a request Graph would answer with 429. It sits
 * inside the retry middleware so that retries are charged too, as Graph charges them.
 */
export class ThrottleMiddleware extends ChainedMiddleware {
  constructor(
    private readonly buckets: ThrottleBuckets,
    private readonly clock: Clock = realClock,
    private readonly onWait: (scope: ThrottleScope, ms: number) => void = () => undefined,
  ) {
    super();
  }

  /**
   * Queues a write for the tenant's write pacer, then reserves the resource units, waits if they are short,
   * and sends. Writes queue first: their wait can be long, and units reserved before it would sit idle.
   */
  async execute(context: Context): Promise<void> {
    const url = requestUrl(context);
    const cost = estimateRequestCost(requestMethod(context), url, requestBodyText(context));
    const signal = requestSignal(context);
    if (cost.writes > 0) {
      const option = context.middlewareControl?.getMiddlewareOptions(WritePacingOptions);
      const pacing = option instanceof WritePacingOptions ? option.pacing : UNNAMED_WRITES;
      const waited = await this.buckets.pacer.acquire(cost.writes, pacing, signal);
      if (waited > 0) this.onWait('Writes', waited);
    }
    const ruWait =
      cost.resourceUnits > 0 ? this.buckets.resourceUnits.reserve(cost.resourceUnits, this.clock.now()) : 0;
    if (ruWait > 0) {
      this.onWait('ResourceUnits', ruWait);
      await cancellableSleep(this.clock, ruWait, signal);
    }
    await this.sendOn(context);
    const response = context.response;
    if (!response) return;
    this.learnFrom(response, cost.resourceUnits, isBatchUrl(url));
  }

  private learnFrom(response: Response, estimatedUnits: number, batch: boolean): void {
    const now = this.clock.now();
    // Graph reports the real charge on every answer; a $batch reports it per inner request only.
    const charged = Number(response.headers.get('x-ms-resource-unit'));
    if (!batch && response.headers.has('x-ms-resource-unit') && Number.isFinite(charged)) {
      this.buckets.resourceUnits.adjust(estimatedUnits - charged, now);
    }
    if (response.status !== 429) return;
    // One 429 means every request of this app in this tenant would get one: hold them all.
    const retryAfter = parseRetryAfter(response.headers.get('Retry-After'), now);
    if (retryAfter === undefined) return;
    const until = now + retryAfter * 1000;
    if (throttleScopeOf(response.headers) === 'Writes') this.buckets.pacer.pauseUntil(until);
    else this.buckets.resourceUnits.pauseUntil(until);
  }
}
