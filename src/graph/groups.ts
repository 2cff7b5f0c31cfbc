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

/**
 * Reads groups changed since the deltaLink; `members@delta` on each group lists members added and,
 * with `@removed`, members that left. A fresh start selects `members` so that it is tracked.
 */
export function groupsDelta(client: GraphClient, start: DeltaStart): Promise<DeltaResult<GraphGroup>> {
  const select = 'select' in start ? [...new Set([...start.select, 'members'])] : [];
  const url = 'deltaLink' in start ? start.deltaLink : withQuery('/groups/delta', { $select: select });
  return readDelta<GraphGroup>(client, url);
}
