import { GraphError } from './http/errors.js';
import type { GraphInput, GraphOutput } from './http/exchange.js';

const MAX_REQUESTS = 20;

interface BatchStep {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

/** One answered step of a batch. */
export interface BatchResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

function bad(message: string): GraphError {
  return new GraphError(400, 'BadRequest', message);
}

function parseStep(raw: unknown): BatchStep {
  if (typeof raw !== 'object' || raw === null) throw bad('Invalid batch payload format.');
  const r = raw as Record<string, unknown>;
  if (typeof r['id'] !== 'string' || r['id'] === '') throw bad('Id is required for each request in a batch.');
  if (typeof r['method'] !== 'string' || typeof r['url'] !== 'string')
    throw bad(`Request id : ${r['id']} is missing its method or url.`);
  const headers: Record<string, string> = {};
  if (typeof r['headers'] === 'object' && r['headers'] !== null) {
    for (const [k, v] of Object.entries(r['headers'] as Record<string, unknown>))
      headers[k.toLowerCase()] = String(v);
  }
  if (r['body'] !== undefined && headers['content-type'] === undefined) {
    throw bad(`Write request id : ${r['id']} does not contain Content-Type header or body.`);
  }
  const dependsOn = Array.isArray(r['dependsOn']) ? r['dependsOn'].map(String) : [];
  return {
    id: r['id'],
    method: r['method'].toUpperCase(),
    url: r['url'],
    headers,
    body: r['body'],
    dependsOn,
  };
}

/** Parses a $batch body and orders its steps so each runs after its dependencies (JSON batching rules). */
export function parseBatch(body: unknown): BatchStep[] {
  const requests =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['requests'] : undefined;
  if (!Array.isArray(requests)) throw bad('Invalid batch payload format.');
  if (requests.length > MAX_REQUESTS)
    throw bad(`The number of requests in the batch exceeds the limit of ${MAX_REQUESTS}.`);
  const steps = requests.map(parseStep);
  const ids = new Set<string>();
  for (const step of steps) {
    if (ids.has(step.id)) throw bad(`Batch request contains duplicate id '${step.id}'.`);
    ids.add(step.id);
  }
  for (const step of steps) {
    for (const dep of step.dependsOn)
      if (!ids.has(dep)) throw bad(`Request id : ${step.id} depends on unknown request id : ${dep}.`);
  }
  const ordered: BatchStep[] = [];
  const placed = new Set<string>();
  while (ordered.length < steps.length) {
    const next = steps.find((s) => !placed.has(s.id) && s.dependsOn.every((d) => placed.has(d)));
    if (!next) throw bad('The dependsOn references of the batch form a cycle.');
    ordered.push(next);
    placed.add(next.id);
  }
  return ordered;
}

/** Runs the steps of a batch one by one through `execute`; a step whose dependency failed answers 424. */
export async function runBatch(
  steps: BatchStep[],
  outer: GraphInput,
  execute: (input: GraphInput) => Promise<GraphOutput>,
): Promise<BatchResponse[]> {
  const statusById = new Map<string, number>();
  const responses: BatchResponse[] = [];
  for (const step of steps) {
    const failed = step.dependsOn.find((d) => (statusById.get(d) ?? 0) >= 400);
    if (failed !== undefined) {
      statusById.set(step.id, 424);
      responses.push({
        id: step.id,
        status: 424,
        headers: { 'content-type': 'application/json' },
        body: {
          error: {
            code: 'FailedDependency',
            message: `The request depends on request '${failed}', which failed.`,
          },
        },
      });
      continue;
    }
    const headers = { ...step.headers };
    for (const name of ['authorization', 'client-request-id', 'user-agent']) {
      const value = outer.headers[name];
      if (value !== undefined) headers[name] ??= value;
    }
    const target = step.url.startsWith('/') ? step.url : `/${step.url}`;
    const out = await execute({
      method: step.method,
      target,
      headers,
      body: step.body,
      baseUrl: outer.baseUrl,
      inBatch: true,
    });
    statusById.set(step.id, out.status);
    const respHeaders = { ...out.headers };
    if (out.body !== undefined) respHeaders['content-type'] = 'application/json';
    responses.push({
      id: step.id,
      status: out.status,
      headers: respHeaders,
      ...(out.body === undefined ? {} : { body: out.body }),
    });
  }
  return responses;
}
