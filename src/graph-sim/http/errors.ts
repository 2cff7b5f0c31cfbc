/** A Graph response before serialisation. */
export interface GraphResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Bytes sent instead of `body` as JSON (an injected fault's broken answer). */
  raw?: { text: string; contentType: string };
}

/** Thrown by handlers to answer with a Graph error body. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** 400 Request_BadRequest, the code Graph's directory uses for invalid bodies and queries. */
export function badRequest(message: string, code = 'Request_BadRequest'): GraphError {
  return new GraphError(400, code, message);
}

/** 404 Request_ResourceNotFound with Graph's wording. */
export function notFound(id: string): GraphError {
  return new GraphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

/** 403 Authorization_RequestDenied with Graph's wording. */
export function forbidden(): GraphError {
  return new GraphError(
    403,
    'Authorization_RequestDenied',
    'Insufficient privileges to complete the operation.',
  );
}

/** Graph's error body with innerError date, request-id and client-request-id. */
export function errorBody(
  code: string,
  message: string,
  requestId: string,
  clientRequestId: string | undefined,
  date: string,
): unknown {
  return {
    error: {
      code,
      message,
      innerError: { date, 'request-id': requestId, 'client-request-id': clientRequestId ?? requestId },
    },
  };
}
