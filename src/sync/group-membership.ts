import type { DeltaRemoval, GraphClient } from '../graph/index.js';
import { groupsDelta, latestDeltaLink, listGroupUserIds } from '../graph/index.js';
import { readSourceGroups, sourceReadPlan } from './groups/read.js';

/** Direct members of each assigned group, the groups deltaLinks to follow them from, and who left a group. */
export interface FollowedGroups {
  membership: Map<string, Set<string>>;
  deltaLinks: string[];
  /** Users a read of changes saw leave an assigned group; absent on a fresh read. */
  removed?: Set<string>;
}

/** The membership and links of the previous read, and how member ids are interned. */
export interface FollowFrom {
  groupMembership?: ReadonlyMap<string, ReadonlySet<string>>;
  groupsDeltaLinks?: readonly string[];
  internId: (id: string) => string;
}

/** One group's entry of a groups delta: its id and the members it lists (`members@delta`). */
interface GroupEntry {
  id: string;
  [key: string]: unknown;
}

/**
 * Direct members of the assigned groups, followed through groups delta (`members@delta`). Up to
 * 50 × MAX_FILTERED_SOURCE_READS groups are read with deltas filtered by id, so only their changes cross
 * the wire: a fresh filtered read is the delta's initial round, which lists every member of each group
 * (Graph documents no `$deltatoken=latest` together with `$filter`, so none is asked for). Past that,
 * one delta of the whole tenant is followed from a `$deltatoken=latest` link taken before the members
 * are listed, so a change made during the listing comes again in the next delta rather than being lost.
 * Without links, when Graph expired one (410 or syncStateNotFound), or when the assigned groups
 * changed, everything is read afresh. Transitive membership has no delta.
 */
export async function followGroups(
  client: GraphClient,
  groups: readonly string[],
  from: FollowFrom,
): Promise<FollowedGroups> {
  const assigned = [...new Set(groups)].sort();
  const before = from.groupMembership;
  const same = before?.size === assigned.length && assigned.every((g) => before.has(g));
  const links = same ? from.groupsDeltaLinks : undefined;
  const plan = sourceReadPlan(assigned);
  if (plan.length === 1 && plan[0] === undefined) return followTenant(client, assigned, from, links?.[0]);
  const read = await readSourceGroups(client, [], assigned, links);
  const membership = new Map<string, Set<string>>(
    read.full || !before
      ? assigned.map((g) => [g, new Set()])
      : assigned.map((g) => [g, new Set(before.get(g))]),
  );
  const removed = applyMemberChanges(membership, read.items, read.removed, from.internId);
  return { membership, deltaLinks: read.deltaLinks, ...(read.full ? {} : { removed }) };
}

/** Too many groups for filtered reads: one delta of every group in the tenant, and the members listed afresh. */
async function followTenant(
  client: GraphClient,
  assigned: readonly string[],
  from: FollowFrom,
  link: string | undefined,
): Promise<FollowedGroups> {
  const before = from.groupMembership;
  if (link !== undefined && before) {
    const changes = await groupsDelta(client, { deltaLink: link });
    if (changes.kind === 'changes') {
      const membership = new Map(assigned.map((g) => [g, new Set(before.get(g))]));
      const removed = applyMemberChanges(membership, changes.items, changes.removed, from.internId);
      return { membership, deltaLinks: [changes.deltaLink], removed };
    }
  }
  const deltaLink = await latestDeltaLink(client, '/groups/delta?$select=members');
  const membership = new Map<string, Set<string>>();
  for (const group of assigned) {
    membership.set(group, new Set((await listGroupUserIds(client, group)).map(from.internId)));
  }
  return { membership, deltaLinks: [deltaLink] };
}

/**
 * Applies a groups delta to the membership of the assigned groups (others are ignored): users added join,
 * members with `@removed` and all members of a group gone leave. Returns the users seen leaving.
 */
export function applyMemberChanges(
  membership: Map<string, Set<string>>,
  items: readonly GroupEntry[],
  gone: readonly DeltaRemoval[],
  internId: (id: string) => string,
): Set<string> {
  // Object ids compare without case: the spec may name a group in capitals, Graph answers in lower case.
  const keys = new Map([...membership.keys()].map((g) => [g.toLowerCase(), g]));
  const of = (id: string) => membership.get(keys.get(id.toLowerCase()) ?? id);
  const removed = new Set<string>();
  for (const group of items) {
    const members = of(group.id);
    if (!members) continue;
    for (const m of memberChanges(group)) {
      if (m.removed) {
        members.delete(m.id);
        removed.add(m.id);
      } else if (m.user) members.add(internId(m.id));
    }
  }
  for (const r of gone) {
    for (const id of of(r.id) ?? []) removed.add(id);
    of(r.id)?.clear();
  }
  return removed;
}

function memberChanges(group: GroupEntry): { id: string; user: boolean; removed: boolean }[] {
  const entries = group['members@delta'];
  if (!Array.isArray(entries)) return [];
  return entries.flatMap((e: unknown) => {
    const m = (e ?? {}) as { id?: unknown; '@odata.type'?: unknown; '@removed'?: unknown };
    if (typeof m.id !== 'string') return [];
    return [
      { id: m.id, user: m['@odata.type'] === '#microsoft.graph.user', removed: m['@removed'] !== undefined },
    ];
  });
}
