// Graph's identity and access throttling charges resource units per request (Graph's throttling limits page):
// GET users 2, groups/{id}/members 3, transitiveMembers 5, directoryObjects/getByIds 5, any other
// GET 1; every POST/PATCH/PUT/DELETE 1 unit and 1 write. $select -1, $expand +1, $top < 20 -1, min 1.
// https://learn.microsoft.com/graph/throttling-limits#identity-and-access-service-limits

/** What one request costs against the app+tenant quotas. */
export interface RequestCost {
  resourceUnits: number;
  writes: number;
}

const BASE_COSTS: readonly [RegExp, number][] = [
  [/^users(\/delta)?$/i, 2],
  [/^groups\/[^/]+\/members(\/.*)?$/i, 3],
  [/^groups\/[^/]+\/transitiveMembers(\/.*)?$/i, 5],
  [/^directoryObjects\/getByIds$/i, 5],
];

/** The path below the version segment (`users/abc`) and the query of an absolute or relative Graph URL. */
function splitGraphUrl(url: string): { path: string; query: URLSearchParams } {
  const parsed = new URL(url, 'https://graph.invalid/v1.0/');
  const path = parsed.pathname
    .replace(/^\/+/, '')
    .replace(/^(v1\.0|beta)\//i, '')
    .replace(/\/+$/, '');
  return { path: decodeURIComponent(path), query: parsed.searchParams };
}

/** The resource units and writes Graph will charge for one request. */
export function estimateCost(method: string, url: string): RequestCost {
  const { path, query } = splitGraphUrl(url);
  const upper = method.toUpperCase();
  if (upper !== 'GET' && !/^directoryObjects\/getByIds$/i.test(path)) return { resourceUnits: 1, writes: 1 };
  const base = BASE_COSTS.find(([pattern]) => pattern.test(path))?.[1] ?? 1;
  let units = base;
  if (query.has('$select')) units -= 1;
  if (query.has('$expand')) units += 1;
  const top = Number(query.get('$top'));
  if (query.has('$top') && top < 20) units -= 1;
  return { resourceUnits: Math.max(1, units), writes: 0 };
}

/** Sums two costs. */
export function addCosts(a: RequestCost, b: RequestCost): RequestCost {
  return { resourceUnits: a.resourceUnits + b.resourceUnits, writes: a.writes + b.writes };
}

function batchRequests(body: string): { method: string; url: string }[] {
  try {
    const parsed: unknown = JSON.parse(body);
    const requests = (parsed as { requests?: unknown }).requests;
    if (!Array.isArray(requests)) return [];
    return requests.flatMap((r: unknown) => {
      const { method, url } = (r ?? {}) as { method?: unknown; url?: unknown };
      return typeof method === 'string' && typeof url === 'string' ? [{ method, url }] : [];
    });
  } catch {
    return [];
  }
}

/** Whether a URL is the JSON batch endpoint. */
export function isBatchUrl(url: string): boolean {
  return splitGraphUrl(url).path === '$batch';
}

/** The cost of a request as sent: a $batch costs what its inner requests cost, each throttled on its own. */
export function estimateRequestCost(method: string, url: string, body: string | undefined): RequestCost {
  if (!isBatchUrl(url)) return estimateCost(method, url);
  const inner = batchRequests(body ?? '');
  return inner.reduce((sum, r) => addCosts(sum, estimateCost(r.method, r.url)), {
    resourceUnits: 0,
    writes: 0,
  });
}
