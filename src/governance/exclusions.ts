// onDeny: ExcludeFromSync. The ReviewSchedule controller records, on its own resource, the source users its
// denials took out of sync; the SyncScope controller reads them with syncExclusionsFor and keeps those users
// out of scope. An exclusion lasts while the ReviewSchedule exists with onDeny ExcludeFromSync and lists it,
// unless lifted: a user sets `"lifted": true` on its entry. The entry stays (so the decision that made it
// does not write it back), and only a denial in a later review instance excludes the user again.
import type { ReviewSchedule, SyncScope } from '../api/index.js';

/** Annotation of a ReviewSchedule holding its recorded exclusions as JSON (status has no field for them). */
export const SYNC_EXCLUSIONS_ANNOTATION = 'crosstenant.io/sync-exclusions';

/** One source user a ReviewSchedule excluded from one SyncScope. */
export interface RecordedExclusion {
  syncScope: string;
  sourceUserId: string;
  targetUserId: string;
  since: string;
  /** The access review instance whose denial made it; absent on entries recorded before it was kept. */
  instance?: string;
  /** Set by a user to let the source user back in until a later review instance denies it again. */
  lifted?: boolean;
}

/** A SyncScope's exclusion, as its status lists it. */
export interface SyncExclusion {
  sourceUserId: string;
  reviewSchedule: string;
  since: string;
}

function isRecorded(value: unknown): value is RecordedExclusion {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    ['syncScope', 'sourceUserId', 'targetUserId', 'since'].every((key) => typeof v[key] === 'string') &&
    (v['instance'] === undefined || typeof v['instance'] === 'string') &&
    (v['lifted'] === undefined || typeof v['lifted'] === 'boolean')
  );
}

/** The exclusions a ReviewSchedule recorded; a malformed annotation (edited by hand) counts as none. */
export function recordedExclusions(review: Pick<ReviewSchedule, 'metadata'>): RecordedExclusion[] {
  const text = review.metadata?.annotations?.[SYNC_EXCLUSIONS_ANNOTATION];
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter(isRecorded) : [];
  } catch {
    return [];
  }
}

/** The annotation value for a list of exclusions, sorted so that rewriting the same list changes nothing. */
export function formatExclusions(exclusions: readonly RecordedExclusion[]): string {
  const sorted = [...exclusions].sort(
    (a, b) => a.syncScope.localeCompare(b.syncScope) || a.sourceUserId.localeCompare(b.sourceUserId),
  );
  return JSON.stringify(sorted);
}

/** A SyncScope into the review's tenant: its name, source tenant and anchor attribute. */
export interface AnchoredScope {
  name: string;
  sourceTenantId: string;
  anchorAttribute: string;
}

function readPath(record: Readonly<Record<string, unknown>>, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => {
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }, record);
}

/**
 * Exclusions for denied target users: each user's anchor (`<sourceTenantId>:<sourceUserId>`) names the
 * SyncScope that provisions it. Users no SyncScope anchors (native users) are not synchronized and give none.
 */
export function exclusionsFromDenials(
  deniedUsers: readonly { id: string; attributes: Readonly<Record<string, unknown>> }[],
  syncScopes: readonly AnchoredScope[],
  now: Date,
  instance?: string,
): RecordedExclusion[] {
  const since = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const found: RecordedExclusion[] = [];
  for (const user of deniedUsers) {
    for (const scope of syncScopes) {
      const anchor = readPath(user.attributes, scope.anchorAttribute);
      if (typeof anchor !== 'string' || !anchor.startsWith(`${scope.sourceTenantId}:`)) continue;
      const sourceUserId = anchor.slice(scope.sourceTenantId.length + 1);
      if (sourceUserId)
        found.push({
          syncScope: scope.name,
          sourceUserId,
          targetUserId: user.id,
          since,
          ...(instance !== undefined ? { instance } : {}),
        });
    }
  }
  return found;
}

/**
 * `existing` plus the new exclusions in `added`; an exclusion recorded before keeps its first time. A lifted
 * one stays lifted against the decision that made it, and is replaced by a denial of another (later) instance.
 */
export function mergeExclusions(
  existing: readonly RecordedExclusion[],
  added: readonly RecordedExclusion[],
): RecordedExclusion[] {
  const byKey = new Map(existing.map((e) => [`${e.syncScope}/${e.sourceUserId}`, e]));
  for (const e of added) {
    const key = `${e.syncScope}/${e.sourceUserId}`;
    const before = byKey.get(key);
    if (!before) byKey.set(key, e);
    else if (before.lifted === true && e.instance !== undefined) {
      // An entry from before instances were kept is taken as the current instance's decision.
      if (before.instance === undefined) byKey.set(key, { ...before, instance: e.instance });
      else if (before.instance !== e.instance) byKey.set(key, e);
    }
  }
  return [...byKey.values()];
}

/**
 * The source users to keep out of `syncScope`: those recorded for it by ReviewSchedules of its namespace that
 * review its target tenant, still say onDeny ExcludeFromSync and are not being deleted. Sorted by user; a
 * user excluded by several schedules appears once, with the earliest time.
 */
export function syncExclusionsFor(
  syncScope: Pick<SyncScope, 'metadata' | 'spec'>,
  reviewSchedules: readonly Pick<ReviewSchedule, 'metadata' | 'spec'>[],
): SyncExclusion[] {
  const name = syncScope.metadata?.name;
  const namespace = syncScope.metadata?.namespace;
  const byUser = new Map<string, SyncExclusion>();
  for (const review of reviewSchedules) {
    if (review.metadata?.namespace !== namespace || review.metadata?.deletionTimestamp) continue;
    if (review.spec.onDeny !== 'ExcludeFromSync') continue;
    if (review.spec.tenantLinkRef !== syncScope.spec.target.tenantLinkRef) continue;
    for (const recorded of recordedExclusions(review)) {
      if (recorded.syncScope !== name || recorded.lifted === true) continue;
      const previous = byUser.get(recorded.sourceUserId);
      if (previous && previous.since <= recorded.since) continue;
      byUser.set(recorded.sourceUserId, {
        sourceUserId: recorded.sourceUserId,
        reviewSchedule: review.metadata?.name ?? '',
        since: recorded.since,
      });
    }
  }
  return [...byUser.values()].sort((a, b) => a.sourceUserId.localeCompare(b.sourceUserId));
}
