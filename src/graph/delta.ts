import type { GraphClient } from './client.js';
import { GraphRequestError, type GraphErrorInfo } from './errors.js';
import { getPage } from './paging.js';
import type { GraphPage } from './types.js';

/** An object that left the delta's scope: `changed` is soft-deleted (restorable), `deleted` is gone. */
export interface DeltaRemoval {
  id: string;
  reason: 'changed' | 'deleted' | string;
}

/** Where a delta read starts: a fresh read with these properties, or a kept deltaLink. */
export type DeltaStart = { select: readonly string[] } | { deltaLink: string };

/** The outcome of one delta read. */
export type DeltaResult<T> =
  | { kind: 'changes'; items: T[]; removed: DeltaRemoval[]; deltaLink: string }
  /** The token is no longer valid: read everything again from the initial delta path. */
  | { kind: 'expired'; error: GraphErrorInfo };

// Directory delta tokens expire after 7 days, and Graph may also drop the sync state earlier:
// it answers 410 Gone (with a Location to start over) or 400 with one of these codes (Graph's "use delta query" page).
const EXPIRED_CODES =
  /^(syncStateNotFound|syncStateInvalid|resyncRequired|resyncApplyDifferences|fullSyncRequired|Request_DeltaTokenExpired|InvalidDeltaToken|expiredToken)$/i;

/** Whether a failed delta read means the token must be thrown away. */
export function isDeltaExpired(error: GraphErrorInfo): boolean {
  return (
    error.status === 410 ||
    EXPIRED_CODES.test(error.code) ||
    /delta ?token.*expired|sync ?state/i.test(error.message)
  );
}

interface DeltaEntry {
  id: string;
  '@removed'?: { reason?: string };
}

/**
 * How the entries of one object are turned into what the caller keeps and folded together: `project`
 * runs as each page arrives, so a read of 100,000 users never holds them all in Graph's shape.
 */
export interface DeltaFold<T, R> {
  project(item: T): R;
  /** `after` over `before`, both about one object; after a removal the object starts again. */
  merge(before: R, after: R): R;
}

/** Graph's objects as they come: later properties win, and `…@delta` lists (members@delta) add up. */
const FLAT_FOLD: DeltaFold<Record<string, unknown>, Record<string, unknown>> = {
  project: (item) => item,
  merge(before, after) {
    const merged: Record<string, unknown> = { ...before, ...after };
    // `members@delta` lists only what changed in that page: two pages about one group add up.
    for (const [key, value] of Object.entries(after)) {
      const earlier = before[key];
      if (key.endsWith('@delta') && Array.isArray(value) && Array.isArray(earlier))
        merged[key] = [...earlier, ...value];
    }
    return merged;
  },
};

/**
 * Reads a delta from its initial path (`/users/delta?$select=...`) or a kept deltaLink to the next
 * deltaLink. Pages may be empty before the end and the same object may come back more than once
 * (Graph's "use delta query" page), so every nextLink is followed and entries for one id are folded in order: later
 * properties win, a removal wins until the object comes back.
 */
export async function readDelta<T extends { id: string }, R extends { id: string } = T>(
  client: GraphClient,
  pathOrDeltaLink: string,
  fold: DeltaFold<T, R> = FLAT_FOLD as unknown as DeltaFold<T, R>,
): Promise<DeltaResult<R>> {
  const latest = new Map<string, { item: R } | { removal: DeltaRemoval }>();
  let next: string | undefined = pathOrDeltaLink;
  try {
    for (;;) {
      const page: GraphPage<T & DeltaEntry> = await getPage<T & DeltaEntry>(client, next);
      for (const entry of page.value) {
        if (typeof entry.id !== 'string') throw malformedEntry(next);
        foldEntry(latest, entry, fold);
      }
      if (page['@odata.nextLink']) {
        next = page['@odata.nextLink'];
        continue;
      }
      const deltaLink = page['@odata.deltaLink'];
      // A read that ends any other way than Graph documents is incomplete: never taken as the whole change.
      if (!deltaLink)
        throw new GraphRequestError({
          status: 200,
          code: 'MalformedResponse',
          message: `Graph ended a delta with neither a nextLink nor a deltaLink at ${next.replace(/\?.*$/, '')}`,
        });
      return collect(latest, deltaLink);
    }
  } catch (err) {
    if (err instanceof GraphRequestError && isDeltaExpired(err.info))
      return { kind: 'expired', error: err.info };
    throw err;
  }
}

function malformedEntry(url: string): GraphRequestError {
  return new GraphRequestError({
    status: 200,
    code: 'MalformedResponse',
    message: `a delta page held an entry without an id at ${url.replace(/\?.*$/, '')}`,
  });
}

function foldEntry<T extends { id: string }, R extends { id: string }>(
  latest: Map<string, { item: R } | { removal: DeltaRemoval }>,
  entry: T & DeltaEntry,
  fold: DeltaFold<T, R>,
): void {
  const removed = entry['@removed'];
  const previous = latest.get(entry.id);
  // Map order is first insertion; deleting first keeps the result in the order of the last change.
  if (previous) latest.delete(entry.id);
  if (removed) {
    latest.set(entry.id, { removal: { id: entry.id, reason: removed.reason ?? 'deleted' } });
    return;
  }
  const item = fold.project(entry);
  latest.set(entry.id, { item: previous && 'item' in previous ? fold.merge(previous.item, item) : item });
}

function collect<T extends { id: string }>(
  latest: Map<string, { item: T } | { removal: DeltaRemoval }>,
  deltaLink: string,
): DeltaResult<T> {
  const items: T[] = [];
  const removed: DeltaRemoval[] = [];
  for (const entry of latest.values()) {
    if ('item' in entry) items.push(entry.item);
    else removed.push(entry.removal);
  }
  return { kind: 'changes', items, removed, deltaLink };
}

/** A deltaLink from now on without reading current state (`$deltatoken=latest`). */
export async function latestDeltaLink(client: GraphClient, deltaPath: string): Promise<string> {
  const url = `${deltaPath}${deltaPath.includes('?') ? '&' : '?'}$deltatoken=latest`;
  const result = await readDelta<{ id: string }>(client, url);
  if (result.kind === 'expired') throw new GraphRequestError(result.error);
  return result.deltaLink;
}
