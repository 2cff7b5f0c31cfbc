import type { GraphCallOptions, GraphClient } from './client.js';
import { readDelta, type DeltaFold, type DeltaResult, type DeltaStart } from './delta.js';
import { unlessNotFound } from './errors.js';
import { pages, readAll } from './paging.js';
import type { GraphPage, GraphUser } from './types.js';
import { segment, withQuery } from './url.js';

/** What to read from `/users`. */
export interface UserQuery {
  select: readonly string[];
  filter?: string;
  /** Page size, up to 999 (Graph's default is 100). */
  top?: number;
  /**
   * `ne`, `not`, `endsWith`, `$count` need `ConsistencyLevel: eventual` and `$count=true`; without
   * them Graph answers 400 (Graph's "advanced query capabilities on directory objects" page).
   */
  advanced?: boolean;
}

function usersPath(query: UserQuery): { url: string; options: GraphCallOptions } {
  const url = withQuery('/users', {
    $select: query.select,
    $filter: query.filter,
    $top: query.top,
    $count: query.advanced ? true : undefined,
  });
  return { url, options: query.advanced ? { headers: { ConsistencyLevel: 'eventual' } } : {} };
}

/** Every user matching the query. */
export function listUsers(client: GraphClient, query: UserQuery): Promise<GraphUser[]> {
  const { url, options } = usersPath(query);
  return readAll<GraphUser>(client, url, options);
}

/** The users matching the query page by page, for reads too big to hold at once. */
export function userPages(
  client: GraphClient,
  query: UserQuery,
): AsyncGenerator<GraphPage<GraphUser>, void, undefined> {
  const { url, options } = usersPath(query);
  return pages<GraphUser>(client, url, options);
}

/** One user by id or UPN; undefined when Graph has no such user. */
export function getUser(
  client: GraphClient,
  idOrUpn: string,
  select?: readonly string[],
): Promise<GraphUser | undefined> {
  return unlessNotFound(
    client.get<GraphUser>(withQuery(`/users/${segment(idOrUpn)}`, { $select: select })),
    undefined,
  );
}

/** Changes the given properties of a user (only those: Graph leaves the rest alone). */
export async function updateUser(
  client: GraphClient,
  id: string,
  changes: Record<string, unknown>,
): Promise<void> {
  await client.send('PATCH', `/users/${segment(id)}`, changes);
}

/** Soft-deletes a user (restorable for 30 days); `notFound` when it was already gone. */
export async function deleteUser(client: GraphClient, id: string): Promise<'deleted' | 'notFound'> {
  // A retried DELETE whose first attempt went through also answers 404: the outcome is the same.
  const sent = client.send('DELETE', `/users/${segment(id)}`).then(() => 'deleted' as const);
  return unlessNotFound(sent, 'notFound' as const);
}

/** Sets a user's manager; both users must be in this tenant. */
export async function setManager(client: GraphClient, userId: string, managerId: string): Promise<void> {
  const ref = { '@odata.id': `${client.graphBaseUrl}/v1.0/users/${segment(managerId)}` };
  await client.send('PUT', `/users/${segment(userId)}/manager/$ref`, ref);
}

/** Removes a user's manager; succeeds when there was none. */
export async function removeManager(client: GraphClient, userId: string): Promise<void> {
  await unlessNotFound(client.send('DELETE', `/users/${segment(userId)}/manager/$ref`), undefined);
}

/** Reads users changed since the deltaLink (or all users, from a fresh start), each kept as `fold` projects it. */
export function usersDelta(client: GraphClient, start: DeltaStart): Promise<DeltaResult<GraphUser>>;
export function usersDelta<R extends { id: string }>(
  client: GraphClient,
  start: DeltaStart,
  fold: DeltaFold<GraphUser, R>,
): Promise<DeltaResult<R>>;
export function usersDelta<R extends { id: string }>(
  client: GraphClient,
  start: DeltaStart,
  fold?: DeltaFold<GraphUser, R>,
): Promise<DeltaResult<R | GraphUser>> {
  const url = 'deltaLink' in start ? start.deltaLink : withQuery('/users/delta', { $select: start.select });
  return fold ? readDelta(client, url, fold) : readDelta<GraphUser>(client, url);
}
