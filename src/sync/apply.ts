import type { BatchRequest, BatchResult, GraphClient, WriteLane } from '../graph/index.js';
import { WRITE_LANES, executeBatches, isUnknownOutcome, segment } from '../graph/index.js';
import { realClock } from '../time/clock.js';
import { toGraphPatch } from './desired.js';
import type { SyncAction } from './plan.js';
import type { AttributeValue } from './types.js';

/** How to apply a plan. */
export interface ApplyOptions {
  /** Where a B2B user lands after redemption, e.g. `https://myapplications.microsoft.com/?tenantid=<target>`. */
  redirectUrl: string;
  /** Rounds of re-sending a PATCH that met replication lag after a create. */
  lagRetries?: number;
  lagDelayMs?: number;
  /** Creates applied together (invitations, then their PATCHes); default 2,000. */
  createsPerChunk?: number;
  /**
   * Told how far the creates are when they take more than one chunk: before the first and after each chunk
   * but the last. Awaited, so that what it writes is in place before the apply goes on.
   */
  onCreateProgress?: (progress: CreateProgress) => Promise<void>;
  /** Who writes (a SyncScope's `namespace/name`): the target's write pacer shares its quota between writers. */
  writer?: string;
}

/** Creates of a cycle so far: done (successfully or not) out of planned. */
export interface CreateProgress {
  done: number;
  planned: number;
}

/** What became of one action. */
export interface ActionOutcome {
  action: SyncAction;
  ok: boolean;
  /** The target user acted on (for a create: the one the invitation made or found). */
  targetUserId?: string;
  error?: string;
  /** No answer said what the write did (a `$batch` that failed in transport): re-plan from a fresh read. */
  unknown?: boolean;
  /** A create whose invitation Graph reported as not yet redeemed (its `status` other than `Completed`). */
  invitationPending?: boolean;
}

interface Write {
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

function patchOf(attributes: Readonly<Record<string, AttributeValue>>): Record<string, unknown> {
  return toGraphPatch(attributes);
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

function describe(result: BatchResult): string {
  return result.error ? `${result.error.code}: ${result.error.message}` : `HTTP ${result.status}`;
}

const CREATES_PER_CHUNK = 2_000;

/**
 * Applies a plan's actions to the target tenant in JSON `$batch`es of 20, in an order that makes every
 * step safe to repeat after a crash: restores; then deletes; then the PATCHes of disables, updates and
 * adoptions; then creates, 2,000 at a time, as invitations (inviting an address that already has a user returns
 * that user, so a repeat creates no duplicate) followed by one PATCH per user with attributes and anchor; then
 * managers. Deprovisions and updates go before the creates, as the target's write pacer orders the writes of
 * all SyncScopes: a leaver is disabled without waiting for a cycle's bulk creates. Chunks keep what a large initial sync holds in memory bounded, and keep few
 * users invited but not yet anchored when the operator stops, while leaving seconds between an invitation
 * and its PATCH. The Graph client keeps the per-tenant write budget and honours Retry-After; a PATCH that
 * meets a 404 just after its invitation is replication lag and is sent again.
 */
export async function applyActions(
  client: GraphClient,
  actions: readonly SyncAction[],
  options: ApplyOptions,
): Promise<ActionOutcome[]> {
  const outcomes: ActionOutcome[] = actions.map((action) => ({
    action,
    ok: true,
    ...('targetUserId' in action ? { targetUserId: action.targetUserId } : {}),
  }));
  const fail = (indexes: number[], error: string, unknown = false) => {
    for (const i of indexes)
      Object.assign(outcomes[i] as ActionOutcome, { ok: false, error, ...(unknown ? { unknown } : {}) });
  };
  const run = async (writes: Write[]) => runWrites(client, writes, options, fail);

  // Restores first: the update planned for the same user needs it back.
  await run(
    actions.flatMap((a, i): Write[] =>
      a.kind === 'restore'
        ? [
            {
              request: req(i, 'POST', `/directory/deletedItems/${segment(a.targetUserId)}/restore`),
              lane: 'update',
              actions: [i],
              notFoundOk: true,
            },
          ]
        : [],
    ),
  );
  // Taking access away and changing existing users go first: they wait behind none of the creates.
  await run(
    actions.flatMap((a, i): Write[] =>
      a.kind === 'deprovision' && a.how !== 'Disable'
        ? [
            {
              request: req(i, 'DELETE', `/users/${segment(a.targetUserId)}`),
              lane: 'deprovision',
              actions: [i],
              notFoundOk: true,
            },
          ]
        : [],
    ),
  );
  // Delete means gone for good: soft delete first (above), then empty it out of the recycle bin.
  await run(
    actions.flatMap((a, i): Write[] =>
      a.kind === 'deprovision' && a.how === 'Delete' && (outcomes[i] as ActionOutcome).ok
        ? [
            {
              request: req(i, 'DELETE', `/directory/deletedItems/${segment(a.targetUserId)}`),
              lane: 'deprovision',
              actions: [i],
              notFoundOk: true,
            },
          ]
        : [],
    ),
  );
  // Then disables (before updates, see runWrites) and updates: one PATCH per target user, whatever number
  // of actions asked for changes to it.
  const patches = new Patches();
  actions.forEach((a, i) => {
    if (!(outcomes[i] as ActionOutcome).ok) return;
    if (a.kind === 'adopt' && Object.keys(a.attributes).length > 0)
      patches.add(i, a.targetUserId, patchOf(a.attributes), 'update');
    if (a.kind === 'update' && a.changes.length > 0)
      patches.add(
        i,
        a.targetUserId,
        patchOf(Object.fromEntries(a.changes.map((c) => [c.attribute, c.to]))),
        'update',
      );
    if (a.kind === 'deprovision' && a.how === 'Disable')
      patches.add(i, a.targetUserId, { accountEnabled: false }, 'deprovision');
  });
  await run(patches.writes());

  const creates: number[] = [];
  actions.forEach((a, i) => a.kind === 'create' && creates.push(i));
  const createdBySource = new Map<string, string>();
  const perChunk = options.createsPerChunk ?? CREATES_PER_CHUNK;
  const progress = creates.length > perChunk ? options.onCreateProgress : undefined;
  await progress?.({ done: 0, planned: creates.length });
  for (let start = 0; start < creates.length; start += perChunk) {
    const chunk = creates.slice(start, start + perChunk);
    const invited = await run(
      chunk.map((i) => invitation(actions[i] as CreateAction, i, options.redirectUrl)),
    );
    const patches = new Patches();
    for (const i of chunk) {
      const outcome = outcomes[i] as ActionOutcome;
      const body = invited.get(i)?.body as { invitedUser?: { id?: string }; status?: string } | undefined;
      const id = body?.invitedUser?.id;
      if (!outcome.ok) continue;
      if (!id) {
        fail([i], 'the invitation named no invited user');
        continue;
      }
      outcome.targetUserId = id;
      // Graph's invitation says Completed when the user is redeemed at once (automatic redemption both ways).
      outcome.invitationPending = body?.status !== 'Completed';
      createdBySource.set(outcome.action.sourceUserId, id);
      patches.add(i, id, patchOf((actions[i] as CreateAction).attributes), 'create');
    }
    await run(patches.writes());
    const done = start + chunk.length;
    if (done < creates.length) await progress?.({ done, planned: creates.length });
  }

  await run(
    actions.flatMap((a, i): Write[] => {
      const outcome = outcomes[i] as ActionOutcome;
      if (!outcome.ok || a.kind === 'deprovision' || a.kind === 'restore' || !a.manager) return [];
      const managerId = a.manager.targetUserId ?? createdBySource.get(a.manager.sourceUserId);
      if (!managerId || !outcome.targetUserId) return [];
      const ref = { '@odata.id': `${client.graphBaseUrl}/v1.0/users/${segment(managerId)}` };
      const url = `/users/${segment(outcome.targetUserId)}/manager/$ref`;
      const justCreated = a.kind === 'create';
      return [
        {
          request: req(i, 'PUT', url, ref),
          lane: justCreated ? 'create' : 'update',
          actions: [i],
          justCreated,
        },
      ];
    }),
  );
  return outcomes;
}

type CreateAction = Extract<SyncAction, { kind: 'create' }>;

function invitation(a: CreateAction, i: number, redirectUrl: string): Write {
  return {
    request: req(i, 'POST', '/invitations', {
      invitedUserEmailAddress: a.invitation.email,
      invitedUserDisplayName: a.invitation.displayName,
      inviteRedirectUrl: redirectUrl,
      sendInvitationMessage: false,
      invitedUserType: a.invitation.userType,
    }),
    lane: 'create',
    actions: [i],
  };
}

/** PATCH bodies merged per target user. */
class Patches {
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

function req(i: number, method: BatchRequest['method'], url: string, body?: unknown): BatchRequest {
  return body === undefined ? { id: String(i), method, url } : { id: String(i), method, url, body };
}

/**
 * Sends writes in batches, the most urgent lane first, each batch queued in its lane of the target's write
 * pacer; retries lagging PATCHes of new users; returns the successful results by action index.
 */
async function runWrites(
  client: GraphClient,
  writes: Write[],
  options: ApplyOptions,
  fail: (indexes: number[], error: string, unknown?: boolean) => void,
): Promise<Map<number, BatchResult>> {
  const done = new Map<number, BatchResult>();
  for (const lane of WRITE_LANES) {
    const inLane = writes.filter((w) => w.lane === lane);
    if (inLane.length === 0) continue;
    const pacing = { lane, flow: options.writer ?? '' };
    for (const [first, result] of await runLane(client, inLane, pacing, options, fail))
      done.set(first, result);
  }
  return done;
}

async function runLane(
  client: GraphClient,
  writes: Write[],
  pacing: { lane: WriteLane; flow: string },
  options: ApplyOptions,
  fail: (indexes: number[], error: string, unknown?: boolean) => void,
): Promise<Map<number, BatchResult>> {
  const done = new Map<number, BatchResult>();
  const rounds = options.lagRetries ?? 6;
  let pending = writes;
  for (let round = 0; pending.length > 0; round++) {
    let results: BatchResult[];
    try {
      // Every POST here is safe to repeat: invitations find the existing user, restores answer 404.
      results = await executeBatches(
        client,
        pending.map((w) => w.request),
        { retryPostOnServerError: true, pacing },
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
      else fail(write.actions, describe(result), isUnknownOutcome(result));
    });
    if (lagging.length > 0) await realClock.sleep((options.lagDelayMs ?? 500) * 2 ** Math.min(round, 4));
    pending = lagging;
  }
  return done;
}
