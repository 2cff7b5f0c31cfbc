// Graph users turned into the records the engine keeps between cycles: only what scope, mapping and
// the target index read, with equal values shared (value-pool.ts), built page by page as a delta read
// arrives so that a read of 100,000 users never holds them all in Graph's shape.
import type { DeltaFold, GraphUser } from '../graph/index.js';
import { readPath } from './mapping/values.js';
import type { TargetUserRecord } from './target-index.js';
import type { SourceUser } from './types.js';
import type { ValuePool } from './value-pool.js';

/** The manager's id in `manager@delta`, present when `manager` is selected. */
function managerIdOf(user: GraphUser): string | undefined {
  const managerDelta = user['manager@delta'];
  const manager = Array.isArray(managerDelta) ? (managerDelta[0] as { id?: string } | undefined) : undefined;
  return manager?.id;
}

/** Identities cut to what scope and adoption read: who signs the user in, not the per-user id. */
function identitiesForScope(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((identity: unknown) => {
    const i = (identity ?? {}) as Record<string, unknown>;
    return { signInType: i['signInType'] ?? null, issuer: i['issuer'] ?? null };
  });
}

/**
 * Graph's object itself becomes the record's attributes, its values replaced in place: JSON.parse built it
 * in V8's compact shape, which an object filled key by key loses past a dozen properties (a hash table
 * several times larger), and deleting a key would lose it too, so `id` stays and `manager@delta` is emptied.
 */
function reuseAsAttributes(
  user: GraphUser,
  value: (key: string, value: unknown) => unknown,
): Record<string, unknown> {
  const attributes: Record<string, unknown> = user;
  for (const key of Object.keys(user)) {
    if (key === 'id') continue;
    attributes[key] = key === 'manager@delta' ? undefined : value(key, attributes[key]);
  }
  return attributes;
}

/** Turns a Graph user, which it takes over, into the engine's shape; `pool` shares equal values with other records. */
export function toSourceUser(user: GraphUser, pool?: ValuePool): SourceUser {
  const managerId = managerIdOf(user);
  const attributes = reuseAsAttributes(user, (key, value) => {
    const kept = key === 'identities' ? identitiesForScope(value) : value;
    return pool ? pool.share(key, kept) : kept;
  });
  return managerId ? { id: user.id, attributes, managerId } : { id: user.id, attributes };
}

/** `after` over `before`, one user's record: delta items may carry only the changed properties. */
function merged(before: SourceUser, after: SourceUser): SourceUser {
  const managerId = after.managerId ?? before.managerId;
  return {
    id: after.id,
    attributes: { ...before.attributes, ...after.attributes },
    ...(managerId ? { managerId } : {}),
  };
}

/** A source user as a delta reports it, over what was known. */
export function mergeSource(before: SourceUser | undefined, after: SourceUser): SourceUser {
  return before ? merged(before, after) : after;
}

/** Folds a users delta of the source into SourceUser records as the pages arrive. */
export function sourceUserFold(pool?: ValuePool): DeltaFold<GraphUser, SourceUser> {
  return { project: (user) => toSourceUser(user, pool), merge: mergeSource };
}

/** What a target record keeps, beyond the `$select`ed top-level properties. */
export interface TargetRecordShape {
  /** Attribute paths read from target users (the anchor, mapped targets): a nested object keeps only these keys. */
  paths: readonly string[];
  anchorAttribute: string;
  pool?: ValuePool;
  /** The source user an anchor names, if known: its equal strings are shared with the target's. */
  sourceOf?: (anchor: string) => SourceUser | undefined;
}

/** Per top-level property, the keys a nested object keeps; absent: the whole value is kept. */
function nestedKeys(paths: readonly string[]): Map<string, Set<string>> {
  const whole = new Set(paths.filter((p) => !p.includes('.')));
  const keys = new Map<string, Set<string>>();
  for (const path of paths) {
    const dot = path.indexOf('.');
    if (dot < 0) continue;
    const top = path.slice(0, dot);
    if (whole.has(top)) continue;
    let set = keys.get(top);
    if (!set) keys.set(top, (set = new Set()));
    set.add(path.slice(dot + 1).split('.')[0] as string);
  }
  return keys;
}

function pick(value: unknown, keys: ReadonlySet<string>): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (key in value) picked[key] = (value as Record<string, unknown>)[key];
  return picked;
}

/** Turns Graph users of the target, which it takes over, into TargetUserRecords shaped by `shape`. */
export function targetRecordMaker(
  shape?: TargetRecordShape,
): (user: GraphUser, deleted: boolean) => TargetUserRecord {
  const nested = nestedKeys(shape?.paths ?? []);
  return (user, deleted) => {
    const anchor = shape ? readPath(user, shape.anchorAttribute) : undefined;
    const source = typeof anchor === 'string' ? shape?.sourceOf?.(anchor)?.attributes : undefined;
    const managerId = managerIdOf(user);
    const attributes = reuseAsAttributes(user, (key, value) => {
      const keep = nested.get(key);
      const kept = key === 'identities' ? identitiesForScope(value) : keep ? pick(value, keep) : value;
      const same = source?.[key];
      if (typeof kept === 'string' && kept === same) return same;
      return shape?.pool ? shape.pool.share(key, kept) : kept;
    });
    return { id: user.id, attributes, deleted, ...(managerId ? { managerId } : {}) };
  };
}

/** A target user as a delta reports it, over what was known: a user in the delta is live. */
export function mergeTarget(before: TargetUserRecord | undefined, after: TargetUserRecord): TargetUserRecord {
  return before ? { ...merged(before, after), deleted: false } : after;
}
