import { randomUUID } from 'node:crypto';
import { parseBatch, runBatch } from './batch.js';
import { errorBody, GraphError, type GraphResult } from './http/errors.js';
import type { GraphInput, GraphOutput } from './http/exchange.js';
import { corruptBody, hangWhile, injectFault, injectLatency, matchFaultRule } from './realism/faults.js';
import type { FaultRule } from './store/types.js';
import { requestCost, resourceUnitLimitFor } from './realism/throttle.js';
import type { GraphCall } from './module.js';
import type { SimRuntime } from './runtime.js';
import type { TenantState } from './store/tenant.js';

interface Caller {
  tenant: TenantState;
  appId: string;
  roles: string[];
}

/** Validates the bearer token: 401 InvalidAuthenticationToken like Graph when absent, bad or expired. */
export async function authenticate(runtime: SimRuntime, authorization: string | undefined): Promise<Caller> {
  const token = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : '';
  if (token === '') throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
  const check = await runtime.keys.check(token);
  if (!check.ok) throw new GraphError(401, 'InvalidAuthenticationToken', check.message);
  const tenant = runtime.store.tenants.get(check.claims.tid);
  if (!tenant)
    throw new GraphError(
      401,
      'InvalidAuthenticationToken',
      'Access token validation failure. Invalid tenant.',
    );
  return { tenant, appId: check.claims.appid, roles: check.claims.roles };
}

function throttleLimits(tenant: TenantState): { resourceUnitsPer10s: number; writesPer150s: number } {
  const t = tenant.realism.throttling;
  return {
    resourceUnitsPer10s: t.resourceUnitsPer10s ?? resourceUnitLimitFor(tenant.users.size),
    writesPer150s: t.writesPer150s ?? 3_000,
  };
}

async function run(
  runtime: SimRuntime,
  input: GraphInput,
  path: string,
  query: URLSearchParams,
  caller: Caller,
): Promise<GraphResult> {
  const match = runtime.graphRouter.match(input.method, path);
  if (!match) {
    const segment = path.split('/').filter(Boolean).pop() ?? '';
    throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
  }
  if ('methodNotAllowed' in match) {
    throw new GraphError(
      405,
      'Request_BadRequest',
      'Specified HTTP method is not allowed for the request target.',
    );
  }
  const route = match.handler;
  if (!route.roles.some((role) => caller.roles.includes(role))) {
    throw new GraphError(
      403,
      'Authorization_RequestDenied',
      'Insufficient privileges to complete the operation.',
    );
  }
  const { tenant } = caller;
  const isWrite = route.write ?? input.method !== 'GET';
  const cost = requestCost(isWrite, route.cost ?? 1, query);
  const headers: Record<string, string> = { 'x-ms-resource-unit': String(cost.resourceUnits) };
  if (tenant.realism.throttling.enabled) {
    const verdict = runtime.throttler.charge(
      caller.appId,
      tenant.info.id,
      cost,
      throttleLimits(tenant),
      runtime.store.clock.now(),
    );
    if (!verdict.ok) {
      throw new GraphError(429, 'TooManyRequests', 'Too many requests.', {
        ...headers,
        'retry-after': String(verdict.retryAfterS),
        'x-ms-throttle-scope': verdict.scope,
        'x-ms-throttle-information': verdict.information,
      });
    }
    if (verdict.usedFraction >= 0.8)
      headers['x-ms-throttle-limit-percentage'] = verdict.usedFraction.toFixed(1);
  }
  await injectLatency(tenant.realism);
  injectFault(tenant.realism);
  const call: GraphCall = {
    method: input.method,
    path,
    params: match.params,
    query,
    headers: input.headers,
    body: input.body,
    tenant,
    store: runtime.store,
    appId: caller.appId,
    baseUrl: input.baseUrl,
  };
  const result = await route.handle(call);
  if (isWrite && result.status < 400)
    for (const module of runtime.modules) module.onGraphWrite?.(tenant, runtime.store);
  return { ...result, headers: { ...headers, ...result.headers } };
}

/** Runs one Graph request through authentication, routing, permissions, throttling and faults, and logs it. */
export async function executeGraph(runtime: SimRuntime, input: GraphInput): Promise<GraphOutput> {
  const started = performance.now();
  const requestId = randomUUID();
  const clientRequestId = input.headers['client-request-id'];
  const url = new URL(input.target, 'https://graph.invalid');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  let caller: Caller | undefined;
  let rule: FaultRule | undefined;
  let result: GraphResult;
  try {
    caller = await authenticate(runtime, input.headers['authorization']);
    // Fault rules act on what crosses the wire: whole requests, a $batch as one.
    rule = input.inBatch ? undefined : matchFaultRule(caller.tenant.realism, input.method, input.target);
    if (rule?.effect === 'hang') await hangWhile(caller.tenant.realism, rule);
    if (path === '/$batch' && !input.inBatch) {
      if (input.method !== 'POST')
        throw new GraphError(
          405,
          'Request_BadRequest',
          'Specified HTTP method is not allowed for the request target.',
        );
      const responses = await runBatch(parseBatch(input.body), input, (inner) =>
        executeGraph(runtime, inner),
      );
      result = { status: 200, body: { responses } };
    } else {
      result = await run(runtime, input, path, url.searchParams, caller);
    }
  } catch (err) {
    if (!(err instanceof GraphError)) throw err;
    const date = runtime.store.clock.isoNow();
    result = {
      status: err.status,
      headers: err.headers,
      body: errorBody(err.code, err.message, requestId, clientRequestId, date),
    };
  }
  const headers: Record<string, string> = {
    ...result.headers,
    'request-id': requestId,
    'client-request-id': clientRequestId ?? requestId,
  };
  runtime.log.add({
    time: new Date(runtime.store.clock.now()).toISOString(),
    method: input.method,
    path: url.pathname + url.search,
    tenant: caller?.tenant.info.id,
    app: caller?.appId,
    status: result.status,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
    ...(input.inBatch ? { inBatch: true } : {}),
    ...(clientRequestId ? { clientRequestId } : {}),
    ...(input.headers['user-agent'] ? { userAgent: input.headers['user-agent'] } : {}),
  });
  return { status: result.status, headers, body: result.body, ...brokenAnswer(rule, result.body) };
}

/** What a fault rule makes of an answer: a broken body, or a connection reset instead of any answer. */
function brokenAnswer(rule: FaultRule | undefined, body: unknown): Pick<GraphOutput, 'raw' | 'reset'> {
  if (rule?.effect === 'reset') return { reset: true };
  if (rule === undefined || rule.effect === 'hang') return {};
  const contentType = rule.effect === 'malformed' ? 'text/html' : 'application/json';
  return { raw: { text: corruptBody(rule.effect, body), contentType } };
}
