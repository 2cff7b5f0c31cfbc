import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from '@microsoft/microsoft-graph-client';
import { ChainedMiddleware } from './chain.js';
import { Counter, Histogram } from 'prom-client';
import { metricsRegistry } from '../observability/registry.js';
import { realClock, type Clock } from '../time/clock.js';
import { requestMethod } from './http-context.js';
import { parseRetryAfter } from './retry.js';
import { throttleScopeOf, type ThrottleScope } from './throttle.js';

const requestsTotal = new Counter({
  name: 'crosstenant_graph_requests_total',
  help: 'HTTP requests sent to Microsoft Graph, each retry counted, by tenant, method and status (0: no answer).',
  labelNames: ['tenant', 'method', 'status'] as const,
  registers: [metricsRegistry],
});

const requestDuration = new Histogram({
  name: 'crosstenant_graph_request_duration_seconds',
  help: 'Time from sending a request to Microsoft Graph to its response headers, by tenant and method.',
  labelNames: ['tenant', 'method'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});

const throttledTotal = new Counter({
  name: 'crosstenant_graph_throttled_total',
  help: 'Requests Microsoft Graph answered with 429, by tenant and the quota it named (ResourceUnits, Writes, Unknown).',
  labelNames: ['tenant', 'scope'] as const,
  registers: [metricsRegistry],
});

const retryAfterSeconds = new Histogram({
  name: 'crosstenant_graph_retry_after_seconds',
  help: 'Retry-After values Microsoft Graph sent with 429 and 503 answers, by tenant.',
  labelNames: ['tenant'] as const,
  buckets: [0.5, 1, 2, 5, 10, 30, 60, 150, 300],
  registers: [metricsRegistry],
});

const clientWaitSeconds = new Counter({
  name: 'crosstenant_graph_client_throttle_wait_seconds_total',
  help: 'Time requests waited in the client for quota before being sent, by tenant and quota.',
  labelNames: ['tenant', 'scope'] as const,
  registers: [metricsRegistry],
});

/** Requests sent and 429s received: what the sync engine reports for a cycle. */
export interface GraphCallStats {
  requests: number;
  throttled: number;
}

/**
 * Counts requests per client, and per caller through `track`: an AsyncLocalStorage scope follows a
 * sync cycle through every await, so two cycles sharing one client each count only their own calls.
 */
export class CallCounter {
  private readonly total: GraphCallStats = { requests: 0, throttled: 0 };
  private readonly scopes = new AsyncLocalStorage<GraphCallStats[]>();

  /** Records one answered (or failed) attempt. */
  record(throttled: boolean): void {
    for (const stats of [this.total, ...(this.scopes.getStore() ?? [])]) {
      stats.requests += 1;
      if (throttled) stats.throttled += 1;
    }
  }

  /** Records a 429 given to a request inside a `$batch` whose own answer was 200. */
  recordInnerThrottle(): void {
    for (const stats of [this.total, ...(this.scopes.getStore() ?? [])]) stats.throttled += 1;
  }

  /** Totals since the client was created. */
  snapshot(): GraphCallStats {
    return { ...this.total };
  }

  /** Runs `fn` and returns its result with the requests made on its behalf. */
  async track<T>(fn: () => Promise<T>): Promise<{ result: T; stats: GraphCallStats }> {
    const stats: GraphCallStats = { requests: 0, throttled: 0 };
    const outer = this.scopes.getStore() ?? [];
    const result = await this.scopes.run([...outer, stats], fn);
    return { result, stats };
  }
}

/** Counts a 429 that Graph gave a request inside a JSON `$batch` (the outer request itself succeeded). */
export function recordInnerThrottle(tenant: string, headers: Record<string, string>): void {
  throttledTotal.inc({ tenant, scope: throttleScopeOf(new Headers(headers)) ?? 'Unknown' });
}

/** Records the wait the throttle middleware imposed. */
export function recordClientWait(tenant: string, scope: ThrottleScope, ms: number): void {
  clientWaitSeconds.inc({ tenant, scope }, ms / 1000);
}

/** Observes every attempt that reaches the network: count, latency, 429s and Retry-After. */
export class MetricsMiddleware extends ChainedMiddleware {
  constructor(
    private readonly tenant: string,
    private readonly counter: CallCounter,
    private readonly clock: Clock = realClock,
  ) {
    super();
  }

  /** Sends the request through the rest of the chain and records what came back. */
  async execute(context: Context): Promise<void> {
    const method = requestMethod(context);
    const started = this.clock.now();
    try {
      await this.sendOn(context);
    } catch (err) {
      requestsTotal.inc({ tenant: this.tenant, method, status: '0' });
      this.counter.record(false);
      throw err;
    }
    const response = context.response;
    const status = response?.status ?? 0;
    requestDuration.observe({ tenant: this.tenant, method }, (this.clock.now() - started) / 1000);
    requestsTotal.inc({ tenant: this.tenant, method, status: String(status) });
    this.counter.record(status === 429);
    if (!response) return;
    if (status === 429)
      throttledTotal.inc({ tenant: this.tenant, scope: throttleScopeOf(response.headers) ?? 'Unknown' });
    const retryAfter = parseRetryAfter(response.headers.get('Retry-After'), this.clock.now());
    if (retryAfter !== undefined && (status === 429 || status === 503)) {
      retryAfterSeconds.observe({ tenant: this.tenant }, retryAfter);
    }
  }
}
