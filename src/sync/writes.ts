// The writes an apply sends: requests tied to the actions they serve, PATCH bodies merged per user, and the
// loop that sends them in `$batch`es and retries the PATCHes that meet replication lag.
import type { BatchRequest, BatchResult, GraphClient, WriteLane } from '../graph/index.js';
import { WRITE_LANES, executeBatches, isUnknownOutcome, segment } from '../graph/index.js';
import { realClock } from '../time/clock.js';

/** One request and the actions it serves. */
export interface Write {
  request: BatchRequest;
  /** How urgent the write is for the tenant's write pacer. */
  lane: WriteLane;
  /** Indexes into the action list of the actions this write serves. */
  actions: number[];
  /** 404 here is replication lag of a user created moments ago: retry. */
  justCreated?: boolean;
  /** 404 is success: the object is already in the state the write asks for. */
  notFoundOk?: boolean;
}

/** How writes are retried. */
export interface WriteOptions {
  /** Rounds of re-sending a PATCH that met replication lag after a create. */
  lagRetries?: number;
  lagDelayMs?: number;
  /** Who writes (a SyncScope's `namespace/name`): the target's write pacer shares its quota between writers. */
  writer?: string;
}

/** Marks actions failed; `unknown` when no answer said what the write did; `status` Graph's answer, if any. */
export type FailActions = (indexes: number[], error: string, unknown?: boolean, status?: number) => void;

/** A request of a `$batch`, its id the index of the action it serves. */
export function req(i: number, method: BatchRequest['method'], url: string, body?: unknown): BatchRequest {
  return body === undefined ? { id: String(i), method, url } : { id: String(i), method, url, body };
}

function describe(result: BatchResult): string {
  return result.error ? `${result.error.code}: ${result.error.message}` : `HTTP ${result.status}`;
}

/**
 * Sends writes in batches, the most urgent lane first, each batch queued in its lane of the target's write
 * pacer; retries lagging PATCHes of new users; returns the successful results by action index. `postSafe`:
 * every POST among the writes may be re-sent after a 503/504 (a restore may, an invitation may not: Graph
 * does not document what a second invitation to the same address does).
 */
export async function runWrites(
  client: GraphClient,
  writes: Write[],
  options: WriteOptions,
  fail: FailActions,
  postSafe = true,
): Promise<Map<number, BatchResult>> {
  const done = new Map<number, BatchResult>();
  for (const lane of WRITE_LANES) {
    const inLane = writes.filter((w) => w.lane === lane);
    if (inLane.length === 0) continue;
    const pacing = { lane, flow: options.writer ?? '' };
    for (const [first, result] of await runLane(client, inLane, { pacing, options, fail, postSafe }))
      done.set(first, result);
  }
  return done;
}

async function runLane(
  client: GraphClient,
  writes: Write[],
  how: {
    pacing: { lane: WriteLane; flow: string };
    options: WriteOptions;
    fail: FailActions;
    postSafe: boolean;
  },
): Promise<Map<number, BatchResult>> {
  const { pacing, options, fail } = how;
  const done = new Map<number, BatchResult>();
  const rounds = options.lagRetries ?? 6;
  let pending = writes;
  for (let round = 0; pending.length > 0; round++) {
    let results: BatchResult[];
    try {
      results = await executeBatches(
        client,
        pending.map((w) => w.request),
        { retryPostOnServerError: how.postSafe, pacing },
      );
    } catch (err) {
      for (const w of pending) fail(w.actions, err instanceof Error ? err.message : String(err));
      return done;
    }
    const lagging: Write[] = [];
    results.forEach((result, n) => {
      const write = pending[n] as Write;
      const first = write.actions[0] as number;
      if (result.status >= 200 && result.status < 300) done.set(first, result);
      else if (result.status === 404 && write.notFoundOk) done.set(first, result);
      else if (result.status === 404 && write.justCreated && round < rounds) lagging.push(write);
      else fail(write.actions, describe(result), isUnknownOutcome(result), result.status);
    });
    if (lagging.length > 0) await realClock.sleep((options.lagDelayMs ?? 500) * 2 ** Math.min(round, 4));
    pending = lagging;
  }
  return done;
}

/** Merges one more PATCH body into another, nested objects (onPremisesExtensionAttributes) included. */
function mergeBodies(into: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(from)) {
    const existing = into[key];
    if (isObject(existing) && isObject(value)) mergeBodies(existing, value);
    else into[key] = value;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** PATCH bodies merged per target user. */
export class Patches {
  private readonly byTarget = new Map<
    string,
    { body: Record<string, unknown>; actions: number[]; lane: WriteLane }
  >();

  /** Adds the changes action `i` asks of `target`; a PATCH serving several actions goes in the most urgent lane. */
  add(i: number, target: string, body: Record<string, unknown>, lane: WriteLane): void {
    const entry = this.byTarget.get(target) ?? { body: {}, actions: [], lane };
    mergeBodies(entry.body, body);
    entry.actions.push(i);
    if (WRITE_LANES.indexOf(lane) < WRITE_LANES.indexOf(entry.lane)) entry.lane = lane;
    this.byTarget.set(target, entry);
  }

  /** One PATCH per target user; those of users created in this cycle may meet replication lag. */
  writes(): Write[] {
    return [...this.byTarget].map(([target, p]) => ({
      request: req(p.actions[0] as number, 'PATCH', `/users/${segment(target)}`, p.body),
      lane: p.lane,
      actions: p.actions,
      justCreated: p.lane === 'create',
    }));
  }
}
