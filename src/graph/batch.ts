import type { GraphClient } from './client.js';
import type { WritePacing } from './write-pacer.js';
import { realClock, type Clock } from '../time/clock.js';
import { parseGraphError, type GraphErrorInfo } from './errors.js';
import { backoffDelayMs, defaultRetryPolicy, isRetriable, parseRetryAfter } from './retry.js';

/** Graph takes at most 20 requests in one JSON batch (Graph's JSON batching page). */
export const MAX_BATCH_SIZE = 20;

/** One request inside a `$batch`; `url` is relative to the version (`/users/abc`). */
export interface BatchRequest {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Ids in the same batch that must succeed first; a failed dependency gives 424. */
  dependsOn?: string[];
}

/** The answer to one request of a batch; `error` is set for status >= 400. */
export interface BatchResult {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  error?: GraphErrorInfo;
}

/** Options of a batch call. */
export interface BatchOptions {
  /** The caller made its POSTs idempotent: they may be re-sent after a 503/504. */
  retryPostOnServerError?: boolean;
  /** Rounds of re-sending throttled inner requests before giving their 429 back. */
  maxRounds?: number;
  /** Whose writes these are and how urgent, for the tenant's write pacer. */
  pacing?: WritePacing;
  clock?: Clock;
}

interface RawBatchResponse {
  responses?: { id: string; status: number; headers?: Record<string, string>; body?: unknown }[];
}

function checkBatch(requests: readonly BatchRequest[]): void {
  if (requests.length > MAX_BATCH_SIZE) {
    throw new RangeError(`A $batch takes at most ${MAX_BATCH_SIZE} requests, got ${requests.length}`);
  }
  const ids = new Set(requests.map((r) => r.id));
  // Graph rejects the whole batch with 400 for duplicate ids; say so before sending it.
  if (ids.size !== requests.length) throw new RangeError('Request ids in a $batch must be unique');
}

function toWire(request: BatchRequest, pending: ReadonlySet<string>): Record<string, unknown> {
  const hasBody = request.body !== undefined;
  const headers = { ...(hasBody ? { 'Content-Type': 'application/json' } : {}), ...request.headers };
  const dependsOn = request.dependsOn?.filter((id) => pending.has(id));
  return {
    id: request.id,
    method: request.method,
    url: request.url.startsWith('/') ? request.url : `/${request.url}`,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    ...(hasBody ? { body: request.body } : {}),
    ...(dependsOn && dependsOn.length > 0 ? { dependsOn } : {}),
  };
}

function toResult(raw: NonNullable<RawBatchResponse['responses']>[number]): BatchResult {
  const headers = raw.headers ?? {};
  const result: BatchResult = { id: raw.id, status: raw.status, headers, body: raw.body };
  if (raw.status >= 400) result.error = parseGraphError(raw.status, raw.body, headers['request-id']);
  return result;
}

/**
 * Sends up to 20 requests as one JSON `$batch` and returns one result per request. Graph throttles
 * each inner request on its own, so inner 429s (and the 424s of requests that depended on them) are
 * sent again after the longest Retry-After among them, for a bounded number of rounds.
 */
export async function executeBatch(
  client: GraphClient,
  requests: readonly BatchRequest[],
  options: BatchOptions = {},
): Promise<BatchResult[]> {
  checkBatch(requests);
  const clock = options.clock ?? realClock;
  const maxRounds = options.maxRounds ?? defaultRetryPolicy.maxRetries + 1;
  const postSafe = options.retryPostOnServerError ?? false;
  const results = new Map<string, BatchResult>();
  let pending = [...requests];
  for (let round = 1; pending.length > 0; round++) {
    const pendingIds = new Set(pending.map((r) => r.id));
    const outerSafe = postSafe || pending.every((r) => r.method !== 'POST');
    const response = await client.send<RawBatchResponse>(
      'POST',
      '/$batch',
      { requests: pending.map((r) => toWire(r, pendingIds)) },
      { retryPostOnServerError: outerSafe, ...(options.pacing ? { pacing: options.pacing } : {}) },
    );
    for (const raw of response.body?.responses ?? []) {
      results.set(raw.id, toResult(raw));
      if (raw.status === 429) client.countInnerThrottle(raw.headers ?? {});
    }
    const again = toResend(pending, results, postSafe);
    if (again.length === 0 || round >= maxRounds) break;
    await clock.sleep(waitBeforeResend(again, results, round, clock.now()));
    pending = again;
  }
  return requests.map((r) => results.get(r.id) ?? missing(r.id));
}

/**
 * The requests to send again: those Graph throttled or could not serve (as far as their method
 * allows), and those that got 424 only because a dependency is being sent again.
 */
function toResend(
  pending: readonly BatchRequest[],
  results: ReadonlyMap<string, BatchResult>,
  postSafe: boolean,
): BatchRequest[] {
  const ids = new Set(
    pending
      .filter((r) => {
        const status = results.get(r.id)?.status;
        return status !== undefined && isRetriable(status, r.method, postSafe);
      })
      .map((r) => r.id),
  );
  for (let grew = ids.size > 0; grew;) {
    grew = false;
    for (const r of pending) {
      if (ids.has(r.id) || results.get(r.id)?.status !== 424) continue;
      if ((r.dependsOn ?? []).some((d) => ids.has(d))) {
        ids.add(r.id);
        grew = true;
      }
    }
  }
  return pending.filter((r) => ids.has(r.id));
}

function waitBeforeResend(
  again: readonly BatchRequest[],
  results: ReadonlyMap<string, BatchResult>,
  round: number,
  now: number,
): number {
  const afters = again.map((r) => parseRetryAfter(headerOf(results.get(r.id)?.headers, 'Retry-After'), now));
  const known = afters.filter((s): s is number => s !== undefined);
  if (known.length > 0) return Math.max(...known) * 1000;
  return backoffDelayMs(round, defaultRetryPolicy);
}

function headerOf(headers: Record<string, string> | undefined, name: string): string | undefined {
  const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers?.[key];
}

function missing(id: string): BatchResult {
  const error = {
    status: 0,
    code: 'MissingBatchResponse',
    message: `Graph's $batch answer had no response for ${id}`,
  };
  return { id, status: 0, headers: {}, body: undefined, error };
}

/**
 * Runs any number of requests in batches of 20, in order. A request whose dependency ran in an
 * earlier batch runs only if that dependency succeeded (otherwise it gets 424, as Graph would). A batch
 * call that gets no answer ends the run: its requests get `OutcomeUnknown`, the later ones `NotSent`.
 */
export async function executeBatches(
  client: GraphClient,
  requests: readonly BatchRequest[],
  options: BatchOptions = {},
): Promise<BatchResult[]> {
  const done = new Map<string, BatchResult>();
  for (let start = 0; start < requests.length; start += MAX_BATCH_SIZE) {
    const chunk = requests.slice(start, start + MAX_BATCH_SIZE);
    const inChunk = new Set(chunk.map((r) => r.id));
    const runnable: BatchRequest[] = [];
    for (const request of chunk) {
      const failed = (request.dependsOn ?? []).find((d) => !inChunk.has(d) && failedResult(done.get(d)));
      if (failed) done.set(request.id, failedDependency(request.id, failed));
      else runnable.push({ ...request, dependsOn: request.dependsOn?.filter((d) => inChunk.has(d)) });
    }
    if (runnable.length === 0) continue;
    try {
      for (const result of await executeBatch(client, runnable, options)) done.set(result.id, result);
    } catch (err) {
      if (err instanceof RangeError) throw err;
      // No answer: what this call's requests did is unknown, and the later ones were not sent. The results
      // already in are kept; these are the caller's to re-plan from a fresh read, not failures.
      const message = err instanceof Error ? err.message : String(err);
      for (const r of runnable) done.set(r.id, unknownOutcome(r.id, 'OutcomeUnknown', message));
      for (const r of requests.slice(start + MAX_BATCH_SIZE))
        done.set(r.id, unknownOutcome(r.id, 'NotSent', `not sent after a $batch failed: ${message}`));
      break;
    }
  }
  return requests.map((r) => done.get(r.id) ?? missing(r.id));
}

/** Codes of batch results whose request may or may not have run: not failures, re-plan them. */
export const UNKNOWN_OUTCOME_CODES: ReadonlySet<string> = new Set(['OutcomeUnknown', 'NotSent']);

/** Whether a batch result says nothing of what its request did (see UNKNOWN_OUTCOME_CODES). */
export function isUnknownOutcome(result: BatchResult): boolean {
  return result.error !== undefined && UNKNOWN_OUTCOME_CODES.has(result.error.code);
}

function unknownOutcome(id: string, code: string, message: string): BatchResult {
  return { id, status: 0, headers: {}, body: undefined, error: { status: 0, code, message } };
}

function failedResult(result: BatchResult | undefined): boolean {
  return result !== undefined && (result.status === 0 || result.status >= 400);
}

function failedDependency(id: string, dependency: string): BatchResult {
  const error = {
    status: 424,
    code: 'FailedDependency',
    message: `Request ${dependency}, which this one depends on, failed`,
  };
  return { id, status: 424, headers: {}, body: undefined, error };
}
