// The provisioning-log cursor of a SyncScope on engine Entra. Graph's provisioning log is filtered on
// activityDateTime with `gt` and `lt` only, at one-second resolution, so reading `gt cursor` would miss an entry
// written in the cursor's own second after the last read. The read starts a second earlier instead, and the
// ids already reported in the cursor's second are skipped.
import { LOG_SEEN_LIMIT } from '../api/sync-scope-entra.js';

const second = (time: string): string => time.slice(0, 19);

/** The activityDateTime the next read filters with `gt`: the second before the cursor's, in Graph's form. */
export function logReadSince(cursor: string): string {
  const start = Date.parse(`${second(cursor)}Z`) - 1000;
  return new Date(start).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The entries of a read not reported before, and the cursor and reported ids of the cursor's second after them. */
export function unreportedEntries<T extends { id: string; activityDateTime: string }>(
  entries: readonly T[],
  cursor: string,
  seen: readonly string[],
): { fresh: T[]; cursor: string; seen: string[] } {
  const reported = new Set(seen);
  const fresh = entries.filter((e) => second(e.activityDateTime) >= second(cursor) && !reported.has(e.id));
  const newest = [cursor, ...fresh.map((e) => e.activityDateTime)].reduce((a, b) =>
    second(b) > second(a) ? b : a,
  );
  const inNewestSecond = (e: T) => second(e.activityDateTime) === second(newest);
  const carried = second(newest) === second(cursor) ? seen : [];
  const ids = [...carried, ...fresh.filter(inNewestSecond).map((e) => e.id)];
  return { fresh, cursor: `${second(newest)}Z`, seen: ids.slice(-LOG_SEEN_LIMIT) };
}
