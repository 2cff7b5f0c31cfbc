import type { DeltaRemoval, GraphClient, GraphUser } from '../graph/index.js';
import { listGroupUserIds, usersDelta } from '../graph/index.js';
import type { SourceUser } from './types.js';

/** What to read from the source tenant. */
export interface SourceReadOptions {
  /** Properties the mapping and the scoping filters need (`id` is always read). */
  select: readonly string[];
  /** The deltaLink of the previous read; absent for a full read. */
  deltaLink?: string;
  /** Assigned groups whose members are in scope; absent for `allUsers`. */
  groups?: readonly string[];
  transitive?: boolean;
}

/** Users changed since the last read (all users on a full read), users removed, and group members now. */
export interface SourceRead {
  /** Every user was read: source users not listed are gone. */
  full: boolean;
  users: SourceUser[];
  /** Ids of users deleted in the source (soft or hard: both leave scope). */
  removed: string[];
  deltaLink: string;
  /** Users that are members of an assigned group right now; undefined for `allUsers`. */
  groupMembers?: Set<string>;
}

/** Turns a Graph user into the engine's shape; `manager@delta` carries the manager's id when `manager` is selected. */
export function toSourceUser(user: GraphUser): SourceUser {
  const { id, 'manager@delta': managerDelta, ...attributes } = user;
  const manager = Array.isArray(managerDelta) ? (managerDelta[0] as { id?: string } | undefined) : undefined;
  return manager?.id ? { id, attributes, managerId: manager.id } : { id, attributes };
}

/**
 * Reads the source tenant: users through `/users/delta` (from the kept deltaLink, or from the start
 * when there is none or Graph expired it: 410 or syncStateNotFound), and for group scopes the
 * members of each assigned group, listed every cycle because a membership change does not change
 * the user object and so never appears in the users delta.
 */
export async function readSource(client: GraphClient, options: SourceReadOptions): Promise<SourceRead> {
  const select = [...new Set(['id', ...options.select])];
  let full = options.deltaLink === undefined;
  let result = await usersDelta(
    client,
    options.deltaLink !== undefined ? { deltaLink: options.deltaLink } : { select },
  );
  if (result.kind === 'expired') {
    full = true;
    result = await usersDelta(client, { select });
    if (result.kind === 'expired') throw new Error(`a fresh users delta expired: ${result.error.message}`);
  }
  const groupMembers = options.groups
    ? await membersOf(client, options.groups, options.transitive)
    : undefined;
  return {
    full,
    users: result.items.map(toSourceUser),
    removed: result.removed.map((r: DeltaRemoval) => r.id),
    deltaLink: result.deltaLink,
    ...(groupMembers ? { groupMembers } : {}),
  };
}

async function membersOf(
  client: GraphClient,
  groups: readonly string[],
  transitive = false,
): Promise<Set<string>> {
  const members = new Set<string>();
  for (const group of groups) {
    for (const id of await listGroupUserIds(client, group, { transitive })) members.add(id);
  }
  return members;
}
