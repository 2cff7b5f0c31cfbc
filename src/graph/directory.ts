import type { GraphClient } from './client.js';
import { readAll } from './paging.js';
import type { GraphUser } from './types.js';
import { segment, withQuery } from './url.js';
import { unlessNotFound } from './errors.js';

/** Soft-deleted users (restorable for 30 days), with the properties asked for. */
export function listDeletedUsers(
  client: GraphClient,
  select: readonly string[] = ['id', 'deletedDateTime'],
): Promise<GraphUser[]> {
  const url = withQuery('/directory/deletedItems/microsoft.graph.user', {
    $select: [...new Set([...select, 'id', 'deletedDateTime'])],
  });
  return readAll<GraphUser>(client, url);
}

/** One soft-deleted user with the properties asked for; undefined when it is not in the recycle bin. */
export function getDeletedUser(
  client: GraphClient,
  id: string,
  select?: readonly string[],
): Promise<GraphUser | undefined> {
  const url = withQuery(`/directory/deletedItems/${segment(id)}`, { $select: select });
  return unlessNotFound(client.get<GraphUser>(url), undefined);
}

/** Brings a soft-deleted user back, with its id and properties as they were. */
export async function restoreDeletedUser(client: GraphClient, id: string): Promise<GraphUser> {
  const { body } = await client.send<GraphUser>('POST', `/directory/deletedItems/${segment(id)}/restore`);
  return body;
}

/** Deletes a soft-deleted user for good; `notFound` when it was not (or no longer) in the recycle bin. */
export function permanentlyDeleteUser(client: GraphClient, id: string): Promise<'deleted' | 'notFound'> {
  const sent = client.send('DELETE', `/directory/deletedItems/${segment(id)}`).then(() => 'deleted' as const);
  return unlessNotFound(sent, 'notFound' as const);
}
