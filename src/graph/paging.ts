import type { GraphCallOptions, GraphClient } from './client.js';
import { GraphRequestError } from './errors.js';
import type { GraphPage } from './types.js';

/** Times a page that came back malformed is fetched again before the read fails (GET is safe to repeat). */
const MALFORMED_PAGE_RETRIES = 2;

/**
 * Why a 2xx body is not a page of a Graph collection, or undefined when it is one: a JSON object whose
 * `value` is an array and whose `@odata.nextLink` / `@odata.deltaLink`, when present, are URLs. A gateway's
 * HTML page or a body cut short parses as no such object, and must not be read as "the last page".
 */
export function malformedPage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return typeof body === 'string' ? 'the body is not JSON' : 'the body is not a JSON object';
  const page = body as Record<string, unknown>;
  if (!Array.isArray(page.value)) return 'the body has no value array';
  for (const link of ['@odata.nextLink', '@odata.deltaLink'])
    if (link in page && (typeof page[link] !== 'string' || page[link] === '')) return `${link} is not a link`;
  if (page.value.some((item) => typeof item !== 'object' || item === null))
    return 'the value array holds something other than objects';
  return undefined;
}

/**
 * GETs one page of a collection or delta, fetching it again when the answer is not a page, and failing
 * with `MalformedResponse` when it never is: the caller's read fails rather than ending early.
 */
export async function getPage<T>(
  client: GraphClient,
  url: string,
  options?: GraphCallOptions,
): Promise<GraphPage<T>> {
  for (let attempt = 0; ; attempt++) {
    const response = await client.send<unknown>('GET', url, undefined, options);
    const problem = malformedPage(response.body);
    if (problem === undefined) return response.body as GraphPage<T>;
    if (attempt >= MALFORMED_PAGE_RETRIES)
      throw new GraphRequestError({
        status: response.status,
        code: 'MalformedResponse',
        message: `Graph answered ${response.status} with something other than a page (${problem}) for ${pathOf(url)}`,
        ...(response.headers.get('request-id')
          ? { requestId: response.headers.get('request-id') as string }
          : {}),
      });
  }
}

function pathOf(url: string): string {
  // Links carry opaque skip and delta tokens: the path says which read failed without repeating them.
  return url.replace(/\?.*$/, '');
}

/**
 * Yields each page of a collection, following `@odata.nextLink` to the end: a well-formed page without
 * one. Graph has no `$skip` for directory objects: the nextLink (with its opaque `$skiptoken`) is the
 * only way on.
 */
export async function* pages<T>(
  client: GraphClient,
  url: string,
  options?: GraphCallOptions,
): AsyncGenerator<GraphPage<T>, void, undefined> {
  let next: string | undefined = url;
  while (next !== undefined) {
    const page: GraphPage<T> = await getPage<T>(client, next, options);
    yield page;
    next = page['@odata.nextLink'];
  }
}

/** Reads every item of a collection. */
export async function readAll<T>(client: GraphClient, url: string, options?: GraphCallOptions): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pages<T>(client, url, options)) items.push(...page.value);
  return items;
}
