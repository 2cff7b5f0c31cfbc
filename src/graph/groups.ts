import type { GraphClient } from './client.js';
import { readDelta, type DeltaResult, type DeltaStart } from './delta.js';
import { readAll } from './paging.js';
import type { GraphGroup, GroupMember } from './types.js';
import { segment, withQuery } from './url.js';
import { unlessNotFound } from './errors.js';
import { literal } from './governance/odata.js';

/** One group by id; undefined when Graph has no such group. */
export function getGroup(
  client: GraphClient,
  id: string,
  select: readonly string[] = ['id', 'displayName'],
): Promise<GraphGroup | undefined> {
  return unlessNotFound(
    client.get<GraphGroup>(withQuery(`/groups/${segment(id)}`, { $select: select })),
    undefined,
  );
}

/** Every group of the tenant with the properties in `select` (`GET /groups`, paged). */
export function listGroups(
  client: GraphClient,
  select: readonly string[],
): Promise<(Record<string, unknown> & { id: string })[]> {
  return readAll(client, withQuery('/groups', { $select: select }));
}

/** The groups whose property (a directory extension holding an anchor, say) equals `value`. */
export function findGroupsWith(
  client: GraphClient,
  property: string,
  value: string,
  select: readonly string[],
): Promise<(GraphGroup & Record<string, unknown>)[]> {
  return readAll(
    client,
    withQuery('/groups', { $filter: `${property} eq ${literal(value)}`, $select: select }),
  );
}

function memberType(odataType: unknown): string {
  return typeof odataType === 'string' ? odataType.replace(/^#?microsoft\.graph\./, '') : 'unknown';
}

/**
 * The members of a group: direct ones (`members`, Entra's scoping for cross-tenant sync) or,
 * with `transitive`, those of nested groups too (`transitiveMembers`, five times the cost).
 */
export async function listGroupMembers(
  client: GraphClient,
  groupId: string,
  options: { transitive?: boolean } = {},
): Promise<GroupMember[]> {
  const relation = options.transitive ? 'transitiveMembers' : 'members';
  // $top=999 keeps the page count (each page costs resource units) as low as Graph allows.
  const url = withQuery(`/groups/${segment(groupId)}/${relation}`, { $select: ['id'], $top: 999 });
  const members = await readAll<{ id: string; '@odata.type'?: string }>(client, url);
  return members.map((m) => ({ id: m.id, type: memberType(m['@odata.type']) }));
}

/** The ids of the users among a group's members. */
export async function listGroupUserIds(
  client: GraphClient,
  groupId: string,
  options: { transitive?: boolean } = {},
): Promise<string[]> {
  const members = await listGroupMembers(client, groupId, options);
  return members.filter((m) => m.type === 'user').map((m) => m.id);
}

/** The most groups one groups delta may track by id (Graph's "group: delta" page). */
export const GROUPS_DELTA_ID_LIMIT = 50;

/** Where a groups delta starts: a kept deltaLink, or a fresh read of these properties, of the named groups only. */
export type GroupsDeltaStart = DeltaStart | { select: readonly string[]; ids: readonly string[] };

/**
 * The one `$filter` a groups delta takes: `id eq '…'` joined by `or`, for 1 to 50 groups. Graph's delta
 * pages document no other form, so nothing else is ever sent.
 */
export function groupsDeltaIdFilter(ids: readonly string[]): string {
  if (ids.length === 0 || ids.length > GROUPS_DELTA_ID_LIMIT)
    throw new RangeError(
      `a groups delta tracks 1 to ${GROUPS_DELTA_ID_LIMIT} groups by id, not ${ids.length}`,
    );
  return ids.map((id) => `id eq '${id.replace(/'/g, "''")}'`).join(' or ');
}

/**
 * Reads groups changed since the deltaLink; `members@delta` on each group lists members added and,
 * with `@removed`, members that left. A fresh start selects `members` so that it is tracked, and with `ids`
 * tracks only those groups: the deltaLink Graph returns keeps the filter.
 */
export function groupsDelta(client: GraphClient, start: GroupsDeltaStart): Promise<DeltaResult<GraphGroup>> {
  if ('deltaLink' in start) return readDelta<GraphGroup>(client, start.deltaLink);
  const url = withQuery('/groups/delta', {
    $select: [...new Set([...start.select, 'members'])],
    $filter: 'ids' in start ? groupsDeltaIdFilter(start.ids) : undefined,
  });
  return readDelta<GraphGroup>(client, url);
}
