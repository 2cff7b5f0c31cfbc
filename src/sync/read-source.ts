import type { DeltaRemoval, GraphClient } from '../graph/index.js';
import { listGroupUserIds, usersDelta } from '../graph/index.js';
import { followGroups } from './group-membership.js';
import type { SourceUser } from './types.js';
import { sourceUserFold } from './user-records.js';
import type { ValuePool } from './value-pool.js';

/** What to read from the source tenant. */
export interface SourceReadOptions {
  /** Properties the mapping and the scoping filters need (`id` is always read). */
  select: readonly string[];
  /** The deltaLink of the previous read; absent for a full read. */
  deltaLink?: string;
  /** Assigned groups whose members are in scope; absent for `allUsers`. */
  groups?: readonly string[];
  transitive?: boolean;
  /** The groups deltaLinks of the previous read and the membership it left (direct membership only). */
  groupsDeltaLinks?: readonly string[];
  groupMembership?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Shares equal values between the users read and those kept from earlier reads. */
  pool?: ValuePool;
  /**
   * The id string of a user kept from earlier reads, if known: the ids of group members and managers,
   * parsed from other responses, are replaced by it, so that 100,000s of users do not hold their ids twice.
   */
  knownId?: (id: string) => string | undefined;
}

/** Users changed since the last read (all users on a full read), users removed, and group members now. */
export interface SourceRead {
  /** Every user was read: source users not listed are gone. */
  full: boolean;
  users: SourceUser[];
  /** On a full read, the users read by id: the cycle's new source records. */
  byId?: Map<string, SourceUser>;
  /** Ids of users deleted in the source (soft or hard: both leave scope). */
  removed: string[];
  deltaLink: string;
  /** Users that are members of an assigned group right now; undefined for `allUsers`. */
  groupMembers?: Set<string>;
  /** Members of each assigned group, and the groups deltaLinks to follow them from (direct membership). */
  groupMembership?: Map<string, Set<string>>;
  groupsDeltaLinks?: string[];
  /** Users the groups delta reported leaving an assigned group (`members@delta` `@removed`, or the group gone). */
  membershipRemoved?: Set<string>;
}

/**
 * Reads the source tenant: users through `/users/delta` (from the kept deltaLink, or from the start
 * when there is none or Graph expired it: 410 or syncStateNotFound), and for group scopes the
 * members of each assigned group, read every cycle (followGroups) because a membership change does
 * not change the user object and so never appears in the users delta.
 */
export async function readSource(client: GraphClient, options: SourceReadOptions): Promise<SourceRead> {
  const select = [...new Set(['id', ...options.select])];
  let full = options.deltaLink === undefined;
  const fold = sourceUserFold(options.pool);
  let result = await usersDelta(
    client,
    options.deltaLink !== undefined ? { deltaLink: options.deltaLink } : { select },
    fold,
  );
  if (result.kind === 'expired') {
    full = true;
    result = await usersDelta(client, { select }, fold);
    if (result.kind === 'expired') throw new Error(`a fresh users delta expired: ${result.error.message}`);
  }
  const byId = full ? new Map(result.items.map((u) => [u.id, u])) : undefined;
  // Ids of managers and group members, parsed from other responses, take the string the records hold.
  const internId = (id: string) => byId?.get(id)?.id ?? options.knownId?.(id) ?? id;
  for (const user of result.items) if (user.managerId) user.managerId = internId(user.managerId);
  const base = {
    full,
    users: result.items,
    ...(byId ? { byId } : {}),
    removed: result.removed.map((r: DeltaRemoval) => r.id),
    deltaLink: result.deltaLink,
  };
  if (!options.groups) return base;
  if (options.transitive) {
    return { ...base, groupMembers: await transitiveMembersOf(client, options.groups, internId) };
  }
  const followed = await followGroups(client, options.groups, { ...options, internId });
  const groupMembers = union(followed.membership);
  return {
    ...base,
    groupMembers,
    groupMembership: followed.membership,
    groupsDeltaLinks: followed.deltaLinks,
    ...(followed.removed ? { membershipRemoved: followed.removed } : {}),
  };
}

/** Members of any of the groups; with one group (the usual case), its own set rather than a copy. */
function union(membership: ReadonlyMap<string, Set<string>>): Set<string> {
  if (membership.size === 1) return membership.values().next().value as Set<string>;
  const members = new Set<string>();
  for (const group of membership.values()) for (const id of group) members.add(id);
  return members;
}

async function transitiveMembersOf(
  client: GraphClient,
  groups: readonly string[],
  internId: (id: string) => string,
): Promise<Set<string>> {
  const members = new Set<string>();
  for (const group of groups) {
    for (const id of await listGroupUserIds(client, group, { transitive: true })) members.add(internId(id));
  }
  return members;
}
