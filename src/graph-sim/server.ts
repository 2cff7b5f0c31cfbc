import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { executeGraph } from './graph-pipeline.js';
import type { GraphOutput } from './http/exchange.js';
import { errorBody, GraphError, type GraphResult } from './http/errors.js';
import { handleAuthority } from './identity/authority.js';
import type { SimRuntime } from './runtime.js';
import type { ServerCertificate } from './tls.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const MAX_BODY = 50 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY)
        reject(new GraphError(413, 'Request_EntityTooLarge', 'The request body is too large.'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: unknown,
  raw?: GraphResult['raw'],
): void {
  const payload = raw ? raw.text : body === undefined ? '' : JSON.stringify(body);
  const out: Record<string, string | number> = { ...headers, 'content-length': Buffer.byteLength(payload) };
  if (raw) out['content-type'] = raw.contentType;
  else if (body !== undefined)
    out['content-type'] =
      'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
  res.writeHead(status, out);
  res.end(payload);
}

function headerMap(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Parses a JSON body; Graph answers 400 BadRequest to a payload it cannot read. */
export function parseJsonBody(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new GraphError(
      400,
      'BadRequest',
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    );
  }
}

async function handleAdmin(
  runtime: SimRuntime,
  req: IncomingMessage,
  url: URL,
  raw: string,
): Promise<GraphResult> {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? ''))
    throw new GraphError(403, 'Forbidden', 'The admin API answers loopback callers only.');
  const path = url.pathname.slice('/_sim'.length) || '/';
  const match = runtime.adminRouter.match(req.method ?? 'GET', path);
  if (!match) throw new GraphError(404, 'NotFound', `No admin endpoint ${path}.`);
  if ('methodNotAllowed' in match)
    throw new GraphError(405, 'MethodNotAllowed', `${req.method} is not allowed on ${path}.`);
  return match.handler({
    params: match.params,
    query: url.searchParams,
    body: parseJsonBody(raw),
    store: runtime.store,
  });
}

async function route(runtime: SimRuntime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const baseUrl = `https://${req.headers.host ?? 'localhost'}`;
  const url = new URL(req.url ?? '/', baseUrl);
  const method = req.method ?? 'GET';
  const headers = headerMap(req);
  const raw = await readBody(req);
  if (url.pathname.startsWith('/_sim/') || url.pathname === '/_sim') {
    const result = await handleAdmin(runtime, req, url, raw);
    send(res, result.status, result.headers ?? {}, result.body);
    return;
  }
  if (url.pathname.startsWith('/v1.0/') || url.pathname === '/v1.0') {
    const out: GraphOutput = await executeGraph(runtime, {
      method,
      target: url.pathname.slice('/v1.0'.length) + url.search,
      headers,
      body: parseJsonBody(raw),
      baseUrl,
      inBatch: false,
    });
    if (out.reset) req.socket.destroy();
    else send(res, out.status, out.headers, out.body, out.raw);
    return;
  }
  const correlation = url.searchParams.get('client-request-id') ?? headers['client-request-id'];
  const started = performance.now();
  const identity = await handleAuthority(
    runtime.store,
    runtime.keys,
    method,
    url.pathname,
    raw,
    baseUrl,
    correlation,
  );
  if (identity) {
    const tenant = runtime.store.resolve(decodeURIComponent(url.pathname.split('/')[1] ?? ''));
    const clientId = url.pathname.endsWith('/token') ? new URLSearchParams(raw).get('client_id') : null;
    runtime.log.add({
      time: new Date(runtime.store.clock.now()).toISOString(),
      method,
      path: url.pathname,
      ...(tenant ? { tenant: tenant.info.id } : {}),
      ...(clientId ? { app: clientId } : {}),
      status: identity.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
    send(
      res,
      identity.status,
      { 'cache-control': 'no-store, no-cache', ...(identity.headers ?? {}) },
      identity.body,
    );
    return;
  }
  throw new GraphError(404, 'NotFound', `No endpoint ${url.pathname}.`);
}

/** Creates the HTTPS server that serves the authority, Graph and the admin API on one port. */
export function createSimServer(runtime: SimRuntime, tls: ServerCertificate): Server {
  const server = createServer({ cert: tls.cert, key: tls.key, keepAliveTimeout: 30_000 }, (req, res) => {
    route(runtime, req, res).catch((err: unknown) => {
      const requestId = randomUUID();
      const date = runtime.store.clock.isoNow();
      const clientRequestId = req.headers['client-request-id'] as string | undefined;
      if (err instanceof GraphError) {
        send(
          res,
          err.status,
          { ...err.headers, 'request-id': requestId },
          errorBody(err.code, err.message, requestId, clientRequestId, date),
        );
      } else {
        const message = err instanceof Error ? err.message : String(err);
        send(
          res,
          500,
          { 'request-id': requestId },
          errorBody('generalException', message, requestId, clientRequestId, date),
        );
      }
    });
  });
  return server;
}
