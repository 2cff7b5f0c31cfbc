import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  ResponseType,
  type GraphRequest,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { hostname } from 'node:os';
import { realClock, type Clock } from '../time/clock.js';
import { buildCredential, secretsOf, type CredentialMaterial } from './credentials.js';
import { graphScope } from './endpoints.js';
import { GraphRequestError, parseGraphError, toGraphErrorInfo } from './errors.js';
import {
  CallCounter,
  MetricsMiddleware,
  recordClientWait,
  recordInnerThrottle,
  type GraphCallStats,
} from './metrics.js';
import { ClientRequestIdMiddleware } from './request-id.js';
import {
  defaultRetryPolicy,
  parseRetryAfter,
  RetryMiddleware,
  RetryUnsafeOptions,
  type RetryPolicy,
} from './retry.js';
import {
  defaultThrottleLimits,
  ThrottleMiddleware,
  throttleBucketsFor,
  WritePacingOptions,
  type ThrottleLimits,
} from './throttle.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, TimeoutMiddleware } from './timeout.js';
import { acquireToken, type TokenResult } from './token.js';
import { recordWriteGrant } from './write-metrics.js';
import type { WritePacer, WritePacing } from './write-pacer.js';
import type { WriteShare } from './write-share.js';

/** How to reach one tenant as one app. */
export interface GraphClientOptions {
  /** Label for metrics and logs, e.g. the TenantLink's `namespace/name`. */
  tenantKey: string;
  tenantId: string;
  clientId: string;
  authorityHost: string;
  /** Graph's origin, e.g. `https://graph.microsoft.com` (no version). */
  graphBaseUrl: string;
  credential: CredentialMaterial;
  limits?: Partial<ThrottleLimits>;
  retry?: Partial<RetryPolicy>;
  /** How long one attempt may take before it fails as `RequestTimeout` (30 s by default). */
  requestTimeoutMs?: number;
  /**
   * The cancellation of whatever work is making a call (a reconcile's, ended when the lease is lost), read
   * at each call: every call made for cancelled work fails at once, whichever helper makes it.
   */
  cancellation?: () => AbortSignal | undefined;
  clock?: Clock;
}

/** Per-call options. */
export interface GraphCallOptions {
  headers?: Record<string, string>;
  /** The caller made this POST idempotent, so it may be re-sent after a 503/504. */
  retryPostOnServerError?: boolean;
  /** API version for a relative path; `v1.0` unless said. */
  version?: 'v1.0' | 'beta';
  /** Cancels the call: no attempt starts after it fires, and one in flight is cut off. */
  signal?: AbortSignal;
  /** Whose write this is and how urgent, for the tenant's write pacer (a `$batch`: of all its writes). */
  pacing?: WritePacing;
}

/** A successful answer: status, headers and the parsed JSON body (undefined when empty). */
export interface GraphResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** HTTP methods the typed calls use. */
export type GraphMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** The one door to Graph for one TenantLink: every call is authenticated, throttled, retried and counted. */
export interface GraphClient {
  readonly tenantKey: string;
  readonly tenantId: string;
  readonly graphBaseUrl: string;
  /** Sends a request to a path below the version (`/users?$select=id`) or an absolute nextLink; throws GraphRequestError. */
  send<T = unknown>(
    method: GraphMethod,
    url: string,
    body?: unknown,
    options?: GraphCallOptions,
  ): Promise<GraphResponse<T>>;
  /** GET and return the body. */
  get<T = unknown>(url: string, options?: GraphCallOptions): Promise<T>;
  /** Gets a token and its claims without calling Graph (TenantLink status: tenant, permissions). */
  acquireToken(): Promise<TokenResult>;
  /** Requests and 429s since the client was made. */
  stats(): GraphCallStats;
  /** Runs `fn` and counts only the requests it made, even while others share the client. */
  track<T>(fn: () => Promise<T>): Promise<{ result: T; stats: GraphCallStats }>;
  /** Counts a 429 Graph gave a request inside a `$batch`: in the metrics, `stats` and `track`. */
  countInnerThrottle(headers: Readonly<Record<string, string>>): void;
}

function dispatch(request: GraphRequest, method: GraphMethod, body: unknown): Promise<unknown> {
  switch (method) {
    case 'GET':
      return request.get();
    case 'POST':
      return request.post(body);
    case 'PATCH':
      return request.patch(body);
    case 'PUT':
      return request.put(body);
    case 'DELETE':
      return request.delete();
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Graph's throttling guidance asks clients to decorate their traffic with a User-Agent naming them; the host
 * and process tell the requests of two replicas apart in a tenant's logs (and in the simulator's).
 */
const USER_AGENT = `crosstenant-operator (${hostname()}; pid ${process.pid})`;

function joined(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  return a && b ? AbortSignal.any([a, b]) : (a ?? b);
}

const pacers = new WeakMap<GraphClient, WritePacer>();

/** The writes `flow` was let through into the client's tenant in the last quota window, beside everyone's. */
export function writeShareOf(client: GraphClient, flow: string): WriteShare | undefined {
  return pacers.get(client)?.shareOf(flow);
}

/** Builds the client for a tenant: SDK Client with our middleware chain around its HTTP handler. */
export function createGraphClient(options: GraphClientOptions): GraphClient {
  const clock = options.clock ?? realClock;
  const graphBaseUrl = options.graphBaseUrl.replace(/\/+$/, '');
  const scope = graphScope(graphBaseUrl);
  const credential = buildCredential(options);
  const secrets = secretsOf(options.credential);
  const counter = new CallCounter();
  const limits: ThrottleLimits = {
    resourceUnits: options.limits?.resourceUnits ?? defaultThrottleLimits.resourceUnits,
    writes: options.limits?.writes ?? defaultThrottleLimits.writes,
  };
  const buckets = throttleBucketsFor(`${options.clientId}/${options.tenantId}`, limits, clock, (grant) =>
    recordWriteGrant(options.tenantId, grant),
  );
  const authProvider = new TokenCredentialAuthenticationProvider(credential, { scopes: [scope] });

  // Our chain replaces the SDK's default one (its RetryHandler: see retry.ts; its RedirectHandler is
  // not needed, Graph's JSON API does not redirect). Retry sits outside the throttle so that every
  // retry waits for quota like any request; the request id sits outside both so that retries of one
  // call share one client-request-id.
  const sdk = Client.initWithMiddleware({
    baseUrl: `${graphBaseUrl}/`,
    // The AuthenticationHandler adds the token only for Graph's public hosts and these.
    customHosts: new Set([new URL(graphBaseUrl).hostname]),
    middleware: [
      new AuthenticationHandler(authProvider),
      new ClientRequestIdMiddleware(),
      new RetryMiddleware({ ...defaultRetryPolicy, ...options.retry }, clock),
      new ThrottleMiddleware(buckets, clock, (s, ms) => recordClientWait(options.tenantKey, s, ms)),
      new MetricsMiddleware(options.tenantKey, counter, clock),
      new TimeoutMiddleware(
        options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
        options.cancellation ?? (() => undefined),
      ),
      new HTTPMessageHandler(),
    ],
  });

  async function send<T>(
    method: GraphMethod,
    url: string,
    body?: unknown,
    callOptions: GraphCallOptions = {},
  ): Promise<GraphResponse<T>> {
    let request = sdk
      .api(url)
      .responseType(ResponseType.RAW)
      .headers({ 'User-Agent': USER_AGENT, ...callOptions.headers });
    if (callOptions.version) request = request.version(callOptions.version);
    const middlewareOptions = [
      ...(callOptions.retryPostOnServerError ? [new RetryUnsafeOptions(true)] : []),
      ...(callOptions.pacing ? [new WritePacingOptions(callOptions.pacing)] : []),
    ];
    if (middlewareOptions.length > 0) request = request.middlewareOptions(middlewareOptions);
    const signal = joined(callOptions.signal, options.cancellation?.());
    if (signal) request = request.option('signal', signal);
    let response: Response;
    let parsed: unknown;
    try {
      response = (await dispatch(request, method, body)) as Response;
      // The attempt's deadline and the caller's cancellation hold while the body streams in too.
      parsed = await readBody(response);
    } catch (err) {
      throw new GraphRequestError(toGraphErrorInfo(err, secrets, signal));
    }
    if (!response.ok) {
      const info = parseGraphError(response.status, parsed, response.headers.get('request-id') ?? undefined);
      const retryAfter = parseRetryAfter(response.headers.get('Retry-After'), clock.now());
      throw new GraphRequestError(
        retryAfter === undefined ? info : { ...info, retryAfterSeconds: retryAfter },
      );
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  const client: GraphClient = {
    tenantKey: options.tenantKey,
    tenantId: options.tenantId,
    graphBaseUrl,
    send,
    get: async <T>(url: string, callOptions?: GraphCallOptions) =>
      (await send<T>('GET', url, undefined, callOptions)).body,
    acquireToken: () => acquireToken(credential, scope, secrets),
    stats: () => counter.snapshot(),
    track: (fn) => counter.track(fn),
    countInnerThrottle: (headers) => {
      recordInnerThrottle(options.tenantKey, headers);
      counter.recordInnerThrottle();
    },
  };
  pacers.set(client, buckets.pacer);
  return client;
}
