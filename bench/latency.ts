// Change-to-target latency, shared by the benchmarks: a change made in a source tenant, timed until the
// target shows it.
import { MAX_BATCH_SIZE, executeBatch, type GraphClient } from '../src/graph/index.js';

/** One change: a PATCH of a source user, and the target user that shows it once its properties match. */
export interface TimedChange {
  source: string;
  target: string;
  patch: Record<string, unknown>;
}

/** The value at percentile `p` of ascending `sorted`. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** `n` rounded to `digits` decimals. */
export const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Makes the changes in the source, one every `spacingMs`, and times each until the target shows it; the
 * latencies (ms) come back in the order they were seen. A change not seen after five minutes counts as lost.
 */
export async function changeLatencies(
  source: GraphClient,
  target: GraphClient,
  changes: readonly TimedChange[],
  spacingMs: number,
): Promise<number[]> {
  const pending = new Map<string, { patch: Record<string, unknown>; at: number }>();
  const latencies: number[] = [];
  let polling = true;
  const deadline = Date.now() + 300_000;
  const select = [...new Set(['id', ...changes.flatMap((c) => Object.keys(c.patch))])].join(',');
  const poller = (async () => {
    while ((polling || pending.size > 0) && Date.now() < deadline) {
      // Reads by id in a $batch: a $filter would make the simulator scan every user, slowing the engine's cycles.
      const batch = [...pending.keys()].slice(0, MAX_BATCH_SIZE);
      const answers = await executeBatch(
        target,
        batch.map((id) => ({ id, method: 'GET' as const, url: `/users/${id}?$select=${select}` })),
      );
      for (const answer of answers) {
        const change = pending.get(answer.id);
        const body = (answer.body ?? {}) as Record<string, unknown>;
        if (change && Object.entries(change.patch).every(([key, value]) => body[key] === value)) {
          latencies.push(performance.now() - change.at);
          pending.delete(answer.id);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  for (const change of changes) {
    const at = performance.now();
    await source.send('PATCH', `/users/${change.source}`, change.patch);
    pending.set(change.target, { patch: change.patch, at });
    await new Promise((resolve) => setTimeout(resolve, spacingMs));
  }
  polling = false;
  await poller;
  return latencies;
}
