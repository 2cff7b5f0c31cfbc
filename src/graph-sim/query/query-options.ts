import { badRequest, GraphError } from '../http/errors.js';
import type { GraphCall } from '../module.js';
import type { Props } from '../store/types.js';

const MAX_TOP = 999;
const DEFAULT_TOP = 100;

/** `$top`: 100 by default, 1..999 (Graph's directory page sizes). */
export function pageSize(query: URLSearchParams): number {
  const raw = query.get('$top');
  if (raw === null) return DEFAULT_TOP;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_TOP) {
    throw badRequest(`Invalid page size specified: '${raw}'. Must be between 1 and ${MAX_TOP} inclusive.`);
  }
  return n;
}

/** Whether the caller asked for an advanced query (ConsistencyLevel: eventual and $count=true). */
export function isAdvancedQuery(call: GraphCall): boolean {
  return (
    call.headers['consistencylevel']?.toLowerCase() === 'eventual' && call.query.get('$count') === 'true'
  );
}

/** Validates `$count`: Graph counts directory objects only with ConsistencyLevel: eventual. */
export function wantsCount(call: GraphCall): boolean {
  const raw = call.query.get('$count');
  if (raw === null || raw === 'false') return false;
  if (raw !== 'true') throw badRequest(`Invalid value '${raw}' for $count.`);
  if (call.headers['consistencylevel']?.toLowerCase() !== 'eventual') {
    throw new GraphError(
      400,
      'Request_BadRequest',
      "$count is not currently supported without the 'ConsistencyLevel: eventual' header. Refer to https://aka.ms/graph-docs/advanced-queries for more information",
    );
  }
  return true;
}

/** The `$select` list, validated against the properties the type knows (`known` returns false for unknown). */
export function selectedProperties(
  query: URLSearchParams,
  typeName: string,
  known: (name: string) => boolean,
): string[] | undefined {
  const raw = query.get('$select');
  if (raw === null || raw.trim() === '') return undefined;
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!known(name))
      throw badRequest(`Could not find a property named '${name}' on type 'microsoft.graph.${typeName}'.`);
  }
  return names;
}

/** Projects stored props onto the selected names (id always included; unset properties come back null). */
export function project(props: Props, names: readonly string[]): Props {
  const out: Props = { id: props['id'] };
  for (const name of names) out[name] = props[name] ?? null;
  return out;
}

interface SkipToken {
  o: number;
}

/** Decodes a `$skiptoken` made by `pageLink`; a bad token is a 400 like Graph's. */
export function skipOffset(query: URLSearchParams): number {
  const raw = query.get('$skiptoken') ?? query.get('$skipToken');
  if (raw === null) return 0;
  try {
    const token = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as SkipToken;
    if (Number.isInteger(token.o) && token.o >= 0) return token.o;
  } catch {
    // fall through to the error below
  }
  throw badRequest('Invalid paging token.', 'Directory_InvalidPagingToken');
}

/** Serialises query options the way Graph writes its links: `$` and `,` stay literal. */
export function queryString(query: URLSearchParams): string {
  const parts: string[] = [];
  for (const [key, value] of query) {
    parts.push(`${key}=${encodeURIComponent(value).replace(/%24/g, '$').replace(/%2C/gi, ',')}`);
  }
  return parts.join('&');
}

/** The absolute `@odata.nextLink` for the page that starts at `offset`, keeping the other query options. */
export function pageLink(call: GraphCall, offset: number): string {
  const query = new URLSearchParams(call.query);
  query.delete('$skipToken');
  query.set(
    '$skiptoken',
    Buffer.from(JSON.stringify({ o: offset } satisfies SkipToken)).toString('base64url'),
  );
  return `${call.baseUrl}/v1.0${call.path}?${queryString(query)}`;
}

/** Directory collections have no `$skip` (Graph answers 400); `$orderby` and `$search` are not simulated. */
function refuseUnsupportedOptions(query: URLSearchParams): void {
  if (query.has('$skip')) throw badRequest("'$skip' is not supported by the service.");
  for (const option of ['$orderby', '$search']) {
    if (query.has(option))
      throw badRequest(`'${option}' is not supported by the Graph simulator.`, 'Request_UnsupportedQuery');
  }
}

/** A collection response page: `value`, and `@odata.nextLink` / `@odata.count` when they apply. */
export function collectionPage<T>(
  call: GraphCall,
  contextPath: string,
  items: readonly T[],
  render: (item: T) => Props,
): Props {
  refuseUnsupportedOptions(call.query);
  const count = wantsCount(call);
  const top = pageSize(call.query);
  const offset = skipOffset(call.query);
  const page = items.slice(offset, offset + top).map(render);
  const body: Props = { '@odata.context': `${call.baseUrl}/v1.0/$metadata#${contextPath}` };
  if (count) body['@odata.count'] = items.length;
  if (offset + top < items.length) body['@odata.nextLink'] = pageLink(call, offset + top);
  body['value'] = page;
  return body;
}
