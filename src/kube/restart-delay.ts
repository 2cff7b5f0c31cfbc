// How long an informer waits before starting its list-watch again after an error.

const RESTART_BASE_MS = 800;
const RESTART_MAX_MS = 30_000;

/** The wait before the next start, and whether the error counts towards the growing backoff. */
export interface RestartDelay {
  delayMs: number;
  counts: boolean;
}

/**
 * Exponential backoff from 0.8 s to 30 s, except when the API server asks to come back later (429 with
 * Retry-After, as while it (re)initializes the storage of CRDs just applied): then its own delay, not
 * counted, so that a few seconds of "storage is (re)initializing" do not leave the cache empty for 30 s.
 */
export function restartDelay(err: unknown, failures: number): RestartDelay {
  const asked = retryAfterMs(err);
  if (asked !== undefined) return { delayMs: asked, counts: false };
  return { delayMs: Math.min(RESTART_MAX_MS, RESTART_BASE_MS * 2 ** failures), counts: true };
}

/** The Retry-After of a 429 from the API server (client-node's ApiException: `code`, `headers`), in ms. */
function retryAfterMs(err: unknown): number | undefined {
  const e = err as { code?: unknown; headers?: Record<string, string> } | null;
  if (typeof e !== 'object' || e === null || e.code !== 429) return undefined;
  const seconds = Number(e.headers?.['retry-after'] ?? e.headers?.['Retry-After']);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, RESTART_MAX_MS) : 1000;
}
