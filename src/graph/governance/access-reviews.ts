import type { GraphClient } from '../client.js';
import { unlessNotFound } from '../errors.js';
import { getPage } from '../paging.js';
import { segment, withQuery } from '../url.js';
import type { ReviewDecision, ReviewDefinition, ReviewDefinitionBody, ReviewInstance } from './types.js';

const AR = '/identityGovernance/accessReviews/definitions';
const PAGE = 100;

/**
 * Every item of an access reviews collection. Their list pages say to page with `$top` and `$skip` (at most
 * 100 a page) and promise no `@odata.nextLink` then, so the next window is asked for until one comes back short.
 */
async function readWindows<T>(client: GraphClient, path: string): Promise<T[]> {
  const items: T[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const page = await getPage<T>(client, withQuery(path, { $top: PAGE, $skip: skip }));
    items.push(...page.value);
    if (page.value.length < PAGE) return items;
  }
}

/**
 * One schedule definition; undefined when it no longer exists. The get page says the body is the definition,
 * but its example wraps it as `{"value": {…}}`: either is read.
 */
export async function getReviewDefinition(
  client: GraphClient,
  id: string,
): Promise<ReviewDefinition | undefined> {
  const body = await unlessNotFound(
    client.get<ReviewDefinition | { value: ReviewDefinition }>(`${AR}/${segment(id)}`),
    undefined,
  );
  return body && 'value' in body && !('id' in body) ? body.value : (body as ReviewDefinition | undefined);
}

/** Every schedule definition of the tenant (filtering by display name is not documented). */
export function listReviewDefinitions(client: GraphClient): Promise<ReviewDefinition[]> {
  return readWindows<ReviewDefinition>(client, AR);
}

/** Creates a schedule definition. */
export async function createReviewDefinition(
  client: GraphClient,
  body: ReviewDefinitionBody,
): Promise<ReviewDefinition> {
  return (await client.send<ReviewDefinition>('POST', AR, body)).body;
}

/** Replaces a schedule definition (v1.0 updates definitions with PUT; the scope cannot change). */
export async function replaceReviewDefinition(
  client: GraphClient,
  id: string,
  body: ReviewDefinitionBody,
): Promise<void> {
  await client.send('PUT', `${AR}/${segment(id)}`, { id, ...body });
}

/** Deletes a schedule definition and its instances; absent counts as done. */
export async function deleteReviewDefinition(client: GraphClient, id: string): Promise<void> {
  await unlessNotFound(client.send('DELETE', `${AR}/${segment(id)}`), undefined);
}

/** The instances of a definition. */
export function listReviewInstances(client: GraphClient, definitionId: string): Promise<ReviewInstance[]> {
  return readWindows<ReviewInstance>(client, `${AR}/${segment(definitionId)}/instances`);
}

/** The decisions of an instance, one per reviewed principal. */
export function listReviewDecisions(
  client: GraphClient,
  definitionId: string,
  instanceId: string,
): Promise<ReviewDecision[]> {
  const url = `${AR}/${segment(definitionId)}/instances/${segment(instanceId)}/decisions`;
  return readWindows<ReviewDecision>(client, url);
}
