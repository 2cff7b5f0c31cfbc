import { classifyTokenError } from './token.js';

/** A failed Graph call as plain data; `status` 0 means no HTTP answer (sign-in or network failure). */
export interface GraphErrorInfo {
  status: number;
  /**
   * Graph's error code (`Request_ResourceNotFound`), or `CredentialsInvalid` / `TenantUnreachable` /
   * `NetworkError` / `RequestTimeout` / `MalformedResponse` / `Cancelled` when no usable answer came.
   */
  code: string;
  message: string;
  requestId?: string;
  /** The AADSTS code when signing in failed. */
  aadsts?: string;
  /** Graph's Retry-After on a 429/503 that outlasted the retries: when the caller may try again. */
  retryAfterSeconds?: number;
}

/** Thrown by every call in graph/ that fails; `info` is the value callers put into conditions. */
export class GraphRequestError extends Error {
  constructor(readonly info: GraphErrorInfo) {
    super(`${info.code}: ${info.message}`);
    this.name = 'GraphRequestError';
  }
}

/** Whether an error is Graph's "no such object" (404). */
export function isNotFound(err: unknown): boolean {
  return err instanceof GraphRequestError && err.info.status === 404;
}

/** Awaits a call and gives `fallback` instead when Graph answers 404; other failures pass through. */
export async function unlessNotFound<T, F>(call: Promise<T>, fallback: F): Promise<T | F> {
  try {
    return await call;
  } catch (err) {
    if (isNotFound(err)) return fallback;
    throw err;
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Reads Graph's error body `{"error": {"code", "message", "innerError": {"request-id"}}}`; a body that
 * is not one (a gateway's HTML page) still gives the status and a request id from the headers.
 */
export function parseGraphError(status: number, body: unknown, headerRequestId?: string): GraphErrorInfo {
  const parsed = typeof body === 'string' ? safeJson(body) : body;
  const error = record(record(parsed)?.error);
  const inner = record(error?.innerError) ?? record(error?.innererror);
  const requestId = text(inner?.['request-id']) ?? headerRequestId;
  return {
    status,
    code: text(error?.code) ?? `Http${status}`,
    message: text(error?.message) ?? `Graph answered HTTP ${status}`,
    ...(requestId ? { requestId } : {}),
  };
}

function safeJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

const IDENTITY_ERRORS = new Set([
  'AuthenticationRequiredError',
  'CredentialUnavailableError',
  'AuthenticationError',
  'AggregateAuthenticationError',
]);

/**
 * Turns what a Graph SDK call threw (no HTTP answer was read) into a value. The SDK wraps sign-in
 * failures and network errors into a GraphError whose `code` is the original error's name.
 */
export function toGraphErrorInfo(
  err: unknown,
  secrets: readonly string[] = [],
  signal?: AbortSignal,
): GraphErrorInfo {
  if (err instanceof GraphRequestError) return err.info;
  if (signal?.aborted)
    return { status: 0, code: 'Cancelled', message: `the call was cancelled: ${messageOf(signal.reason)}` };
  const name = text(record(err)?.code) ?? (err instanceof Error ? err.name : 'Error');
  if (name === 'TimeoutError')
    return { status: 0, code: 'RequestTimeout', message: 'Graph did not answer within the request timeout' };
  if (IDENTITY_ERRORS.has(name)) {
    const failure = classifyTokenError(Object.assign(new Error(messageOf(err)), { name }), secrets);
    return {
      status: 0,
      code: failure.reason,
      message: failure.message,
      ...(failure.code ? { aadsts: failure.code } : {}),
    };
  }
  return { status: 0, code: 'NetworkError', message: messageOf(err) };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
