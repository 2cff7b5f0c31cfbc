import type { GraphCallOptions, GraphClient } from './client.js';
import type { GraphPage } from './types.js';

/**
 * Yields each page of a collection, following `@odata.nextLink` to the end. Graph has no `$skip` for
 * directory objects: the nextLink (with its opaque `$skiptoken`) is the only way on (reference §10).
 */
export async function* pages<T>(
  client: GraphClient,
  url: string,
  options?: GraphCallOptions,
): AsyncGenerator<GraphPage<T>, void, undefined> {
  let next: string | undefined = url;
  while (next !== undefined) {
    const page: GraphPage<T> = await client.get<GraphPage<T>>(next, options);
    yield { ...page, value: page.value ?? [] };
    next = page['@odata.nextLink'];
  }
}

/** Reads every item of a collection. */
export async function readAll<T>(client: GraphClient, url: string, options?: GraphCallOptions): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pages<T>(client, url, options)) items.push(...page.value);
  return items;
}
