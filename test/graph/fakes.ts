import type { Context } from '@microsoft/microsoft-graph-client';
import { ChainedMiddleware } from '../../src/graph/chain.js';
import type { GraphClient, GraphMethod, GraphResponse } from '../../src/graph/client.js';
import { GraphRequestError, parseGraphError } from '../../src/graph/errors.js';
import { recordInnerThrottle } from '../../src/graph/metrics.js';
import type { Clock } from '../../src/time/clock.js';

/** One scripted answer: status and headers (body JSON). */
export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** The last middleware of a chain in unit tests: answers from a script and logs what it was sent. */
export class ScriptedTransport extends ChainedMiddleware {
  readonly sent: { method: string; url: string; at: number; headers: Record<string, string> }[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly answer: (attempt: number) => ScriptedAnswer,
  ) {
    super();
  }

  /** Logs the request and leaves the next scripted answer in the context. */
  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const headers = { ...(context.options?.headers as Record<string, string> | undefined) };
    this.sent.push({ method: context.options?.method ?? 'GET', url, at: this.clock.now(), headers });
    const { status, headers: answerHeaders, body } = this.answer(this.sent.length);
    context.response = new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...answerHeaders },
    });
  }
}

/** Runs one request through a middleware chain the way the SDK's HTTPClient does. */
export async function run(
  chain: ChainedMiddleware[],
  method: string,
  url: string,
  options: { body?: string; context?: Partial<Context> } = {},
): Promise<Context> {
  chain.forEach((m, i) => {
    const next = chain[i + 1];
    if (next) m.setNext(next);
  });
  const context: Context = {
    request: url,
    options: { method, headers: {}, ...(options.body ? { body: options.body } : {}) },
    ...options.context,
  };
  await chain[0]?.execute(context);
  return context;
}

/** A GraphClient whose answers come from a function of method, url and body; records each call. */
export function scriptedGraph(
  answer: (method: GraphMethod, url: string, body: unknown) => { status?: number; body: unknown },
): GraphClient & { calls: { method: GraphMethod; url: string; body: unknown }[] } {
  const calls: { method: GraphMethod; url: string; body: unknown }[] = [];
  async function send<T>(method: GraphMethod, url: string, body?: unknown): Promise<GraphResponse<T>> {
    calls.push({ method, url, body });
    const { status = 200, body: answerBody } = answer(method, url, body);
    if (status >= 400) throw new GraphRequestError(parseGraphError(status, answerBody));
    return { status, headers: new Headers(), body: answerBody as T };
  }
  return {
    calls,
    tenantKey: 'test/tenant',
    tenantId: 'tenant',
    graphBaseUrl: 'https://graph.test',
    send,
    get: async <T>(url: string) => (await send<T>('GET', url)).body,
    acquireToken: () => Promise.reject(new Error('scriptedGraph has no credential')),
    stats: () => ({ requests: calls.length, throttled: 0 }),
    track: async (fn) => ({ result: await fn(), stats: { requests: 0, throttled: 0 } }),
    countInnerThrottle: (headers) => recordInnerThrottle('test/tenant', headers),
  };
}
