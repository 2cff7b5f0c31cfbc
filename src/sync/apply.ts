import type { GraphClient } from '../graph/index.js';
import { segment } from '../graph/index.js';
import { DEFAULT_ANCHOR_ATTRIBUTE } from '../api/sync-scope.js';
import { applyCreateChunk } from './apply-creates.js';
import { toGraphPatch } from './desired.js';
import type { InFlightInvitations, ReadonlyInFlight } from './invitations-in-flight.js';
import type { SyncAction } from './plan.js';
import { Patches, req, runWrites, type Write } from './writes.js';

/** How to apply a plan. */
export interface ApplyOptions {
  /** Where a B2B user lands after redemption, e.g. `https://myapplications.microsoft.com/?tenantid=<target>`. */
  redirectUrl: string;
  /** Rounds of re-sending a PATCH that met replication lag after a create. */
  lagRetries?: number;
  lagDelayMs?: number;
  /** Creates applied together (look-ups, invitations, then their PATCHes); default 500. */
  createsPerChunk?: number;
  /**
   * Told how far the creates are when they take more than one chunk: before the first and after each chunk
   * but the last. Awaited, so that what it writes is in place before the apply goes on.
   */
  onCreateProgress?: (progress: CreateProgress) => Promise<void>;
  /** Who writes (a SyncScope's `namespace/name`): the target's write pacer shares its quota between writers. */
  writer?: string;
  /** The attribute that carries the anchor; the SyncScope's default when absent. */
  anchorAttribute?: string;
  /** Invitations recorded and not yet anchored, by source user id: apply adds and removes entries. */
  inFlight?: InFlightInvitations;
  /** Keeps `inFlight` durably; awaited before each chunk's invitations are sent, none are sent if it fails. */
  recordInFlight?: (inFlight: ReadonlyInFlight) => Promise<void>;
  /** How long a recorded invitation whose user is not found waits before it is sent again; INVITATION_SETTLE_MS. */
  invitationSettleMs?: number;
  now?: () => Date;
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
  /** The target user acted on (for a create: the one its invitation made). */
  targetUserId?: string;
  error?: string;
  /** No answer said what the write did (a `$batch` that failed in transport): re-plan from a fresh read. */
  unknown?: boolean;
  /** A create left for when its recorded invitation may have replicated: planned again only then. */
  held?: boolean;
  /** A create whose invitation Graph reported as not yet redeemed (its `status` other than `Completed`). */
  invitationPending?: boolean;
}

const CREATES_PER_CHUNK = 500;

/**
 * Applies a plan's actions to the target tenant in JSON `$batch`es of 20, in an order that makes every
 * step safe to repeat after a crash: restores; then deletes; then the PATCHes of disables, updates and
 * adoptions; then creates, 500 at a time (see applyCreateChunk: each address looked up, the invitations
 * recorded as in flight, sent, then one PATCH per user with attributes and anchor); then managers.
 * Deprovisions and updates go before the creates, as the target's write pacer orders the writes of all
 * SyncScopes: a leaver is disabled without waiting for a cycle's bulk creates. Chunks keep what a large
 * initial sync holds in memory bounded, and keep few users invited but not yet anchored when the operator
 * stops, while leaving seconds between an invitation and its PATCH. The Graph client keeps the per-tenant
 * write budget and honours Retry-After; a PATCH that meets a 404 just after its invitation is replication
 * lag and is sent again.
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
      patches.add(i, a.targetUserId, toGraphPatch(a.attributes), 'update');
    if (a.kind === 'update' && a.changes.length > 0)
      patches.add(
        i,
        a.targetUserId,
        toGraphPatch({ ...a.unchanged, ...Object.fromEntries(a.changes.map((c) => [c.attribute, c.to])) }),
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
  const phase = {
    client,
    actions,
    options: {
      ...options,
      anchorAttribute: options.anchorAttribute ?? DEFAULT_ANCHOR_ATTRIBUTE,
      inFlight: options.inFlight ?? new Map(),
    },
    fail,
    isOk: (i: number) => (outcomes[i] as ActionOutcome).ok,
    hold: (i: number, reason: string) =>
      Object.assign(outcomes[i] as ActionOutcome, { ok: false, error: reason, unknown: true, held: true }),
    created: (i: number, targetUserId: string, invitationPending: boolean) => {
      Object.assign(outcomes[i] as ActionOutcome, { targetUserId, invitationPending });
      createdBySource.set((actions[i] as SyncAction).sourceUserId, targetUserId);
    },
  };
  for (let start = 0; start < creates.length; start += perChunk) {
    const chunk = creates.slice(start, start + perChunk);
    await applyCreateChunk(phase, chunk);
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
