// Graph users turned into the records the engine keeps between cycles: only what scope, mapping and
// the target index read, with equal values shared (value-pool.ts), built page by page as a delta read
// arrives so that a read of 100,000 users never holds them all in Graph's shape.
import type { DeltaFold, GraphUser } from '../graph/index.js';
import { withWholeValuePaths } from './whole-values.js';
import { readPath } from './mapping/values.js';
import type { SourceUser, TargetUserRecord } from './types.js';
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

/**
 * Returns, for each string value of one user, an equal string seen before in that user if there is one:
 * mail and userPrincipalName are often the same address, parsed twice. Short strings are not worth it.
 */
function sameStringsShared(): (value: unknown) => unknown {
  const seen: string[] = [];
  return (value) => {
    if (typeof value !== 'string' || value.length < 16) return value;
    for (const s of seen) if (s === value) return s;
    seen.push(value);
    return value;
  };
}

/** Turns a Graph user, which it takes over, into the engine's shape; `pool` shares equal values with other records. */
export function toSourceUser(user: GraphUser, pool?: ValuePool): SourceUser {
  const managerId = managerIdOf(user);
  const shared = sameStringsShared();
  const attributes = reuseAsAttributes(user, (key, value) => {
    const kept = key === 'identities' ? identitiesForScope(value) : value;
    return pool ? pool.share(key, shared(kept)) : shared(kept);
  });
  return sourceRecord(user.id, attributes, managerId);
}

/**
 * Every source record gets the same slots, `inScope` too though the cycle sets it later: a property added
 * to an object after it was made lives in an array of its own, 40 bytes more per user.
 */
function sourceRecord(
  id: string,
  attributes: Record<string, unknown>,
  managerId: string | null | undefined,
): SourceUser {
  return { id, attributes, managerId: managerId ?? undefined, inScope: undefined };
}

/** `after` over `before`, one user's record: delta items may carry only the changed properties. */
function mergedAttributes(before: SourceUser, after: SourceUser): Record<string, unknown> {
  return { ...before.attributes, ...after.attributes };
}

/** A source user as a delta reports it, over what was known. */
export function mergeSource(before: SourceUser | undefined, after: SourceUser): SourceUser {
  if (!before) return after;
  return sourceRecord(after.id, mergedAttributes(before, after), after.managerId ?? before.managerId);
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

/** Properties read only to match unanchored B2B users for adoption (target-index.ts): an anchored user drops them. */
const MATCHING_ONLY: readonly string[] = [
  'userPrincipalName',
  'createdDateTime',
  'externalUserStateChangeDateTime',
];

/**
 * Where the anchor sits in a Graph user when records keep it split off their attributes: a top-level
 * property, or one key of a nested object (`otherKeys` are the keys that object keeps besides). Undefined
 * when it stays in the attributes: nested deeper, or kept whole because a mapping targets it.
 */
function anchorPlacement(shape: TargetRecordShape, nested: Map<string, Set<string>>) {
  const [top, key, ...deeper] = shape.anchorAttribute.split('.') as [string, ...string[]];
  // The paths list the anchor once for itself; a second time, a mapping targets it and compares its value.
  const mapped = shape.paths.filter((p) => p === shape.anchorAttribute).length > 1;
  if (deeper.length > 0 || mapped) return undefined;
  if (key === undefined) return { top, otherKeys: undefined };
  const keys = nested.get(top);
  return keys ? { top, key, otherKeys: new Set([...keys].filter((k) => k !== key)) } : undefined;
}

/** Splits anchors into their tenant, the same string for all users of a tenant, and the source object id. */
function anchorSplitter(): (anchor: unknown) => { tenant: string; sourceId: string } | null {
  let lastTenant = '';
  return (anchor) => {
    if (typeof anchor !== 'string') return null;
    const colon = anchor.indexOf(':');
    if (colon <= 0 || colon === anchor.length - 1) return null;
    if (colon !== lastTenant.length || !anchor.startsWith(lastTenant)) lastTenant = anchor.slice(0, colon);
    return { tenant: lastTenant, sourceId: anchor.slice(colon + 1) };
  };
}

/** Turns Graph users of the target, which it takes over, into TargetUserRecords shaped by `shape`. */
export function targetRecordMaker(
  shape?: TargetRecordShape,
): (user: GraphUser, deleted: boolean) => TargetUserRecord {
  // A property Graph replaces as a whole keeps all its values, so that an update can send back those it keeps.
  const nested = nestedKeys(withWholeValuePaths(shape?.paths ?? []));
  const matchingOnly = new Set(MATCHING_ONLY.filter((key) => !shape?.paths.includes(key)));
  const placement = shape && anchorPlacement(shape, nested);
  const split = anchorSplitter();
  return (user, deleted) => {
    const anchor = shape ? readPath(user, shape.anchorAttribute) : undefined;
    const anchored = typeof anchor === 'string' && anchor !== '';
    const sourceUser = typeof anchor === 'string' ? shape?.sourceOf?.(anchor) : undefined;
    const source = sourceUser?.attributes;
    const carried = placement !== undefined && placement.top in user;
    const parts = carried ? split(anchor) : null;
    const managerId = managerIdOf(user);
    const attributes = reuseAsAttributes(user, (key, value) => {
      if (anchored && matchingOnly.has(key)) return undefined;
      if (parts && key === placement?.top) {
        const others = placement.otherKeys;
        return others && others.size > 0 ? pick(value, others) : undefined;
      }
      const keep = nested.get(key);
      const kept = key === 'identities' ? identitiesForScope(value) : keep ? pick(value, keep) : value;
      const same = source?.[key];
      if (typeof kept === 'string' && kept === same) return same;
      return shape?.pool ? shape.pool.share(key, kept) : kept;
    });
    const anchorSourceId = parts ? (sourceUser?.id ?? parts.sourceId) : undefined;
    return targetRecord(
      user.id,
      attributes,
      deleted,
      managerId,
      carried ? (parts?.tenant ?? null) : undefined,
      anchorSourceId,
    );
  };
}

/**
 * Every target record gets the same slots, written out rather than spread in: properties added to an object
 * literal after its fixed ones live in an array of their own, 40 bytes more per user.
 */
function targetRecord(
  id: string,
  attributes: Record<string, unknown>,
  deleted: boolean,
  managerId: string | null | undefined,
  anchorTenant: string | null | undefined,
  anchorSourceId: string | undefined,
): TargetUserRecord {
  return { id, attributes, deleted, managerId: managerId ?? undefined, anchorTenant, anchorSourceId };
}

/** A target user as a delta reports it, over what was known: a user in the delta is live. */
export function mergeTarget(before: TargetUserRecord | undefined, after: TargetUserRecord): TargetUserRecord {
  if (!before) return after;
  // A delta item without the anchor's property leaves the anchor as it was.
  const anchor = after.anchorTenant !== undefined ? after : before;
  const attributes = mergedAttributes(before, after);
  const managerId = after.managerId ?? before.managerId;
  return targetRecord(after.id, attributes, false, managerId, anchor.anchorTenant, anchor.anchorSourceId);
}
