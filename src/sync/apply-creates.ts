// The creates of an apply, chunk by chunk: look each address up, record the invitations about to be sent,
// send them, then write every new user's attributes and anchor in one PATCH.
import type { BatchResult, GraphClient } from '../graph/index.js';
import { withQuery } from '../graph/index.js';
import { toGraphPatch } from './desired.js';
import {
  INVITATION_SETTLE_MS,
  isOwnInFlight,
  type InFlightInvitations,
  type ReadonlyInFlight,
} from './invitations-in-flight.js';
import { selectName } from './mapping/compile.js';
import { pathReader } from './mapping/values.js';
import type { SyncAction } from './plan.js';
import { Patches, req, runWrites, type FailActions, type Write, type WriteOptions } from './writes.js';

type CreateAction = Extract<SyncAction, { kind: 'create' }>;

const INVITATIONS_PER_WAVE = 100;

/** What the create phase needs from its apply. */
export interface CreatePhase {
  client: GraphClient;
  actions: readonly SyncAction[];
  options: WriteOptions & {
    redirectUrl: string;
    anchorAttribute: string;
    inFlight: InFlightInvitations;
    recordInFlight?: (inFlight: ReadonlyInFlight) => Promise<void>;
    invitationSettleMs?: number;
    now?: () => Date;
  };
  fail: FailActions;
  /** Sets what a create made: the target user and whether its invitation awaits redemption. */
  created: (i: number, targetUserId: string, invitationPending: boolean) => void;
  isOk: (i: number) => boolean;
  /** Leaves a create for a later cycle without counting it failed (see unsettled). */
  hold: (i: number, reason: string) => void;
}

interface FoundUser {
  id: string;
  externalUserState?: string | null;
  [property: string]: unknown;
}

/** OData string literal: a quote inside is doubled. */
function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Applies one chunk of creates. Graph does not document what inviting an address that already has a user
 * does, so an invitation is sent only for an address no user has (`mail eq`, documented for users), after it
 * is recorded as in flight. A user found at the address is one of ours only when this source user's
 * invitation of that address is recorded and the user carries no other anchor: the create then resumes
 * with its PATCH. Any other user there is a conflict for the next cycle to report; it is never taken over.
 */
export async function applyCreateChunk(phase: CreatePhase, chunk: readonly number[]): Promise<void> {
  const { client, actions, options, fail } = phase;
  const inFlight = options.inFlight;
  const anchorOf = pathReader(options.anchorAttribute);
  const select = ['id', 'mail', 'externalUserState', selectName(options.anchorAttribute)];
  const lookups = await runWrites(
    client,
    chunk.map((i) => {
      const filter = `mail eq ${literal((actions[i] as CreateAction).invitation.email)}`;
      return {
        request: req(i, 'GET', withQuery('/users', { $filter: filter, $select: select })),
        lane: 'create' as const,
        actions: [i],
      };
    }),
    options,
    fail,
  );
  const patches = new Patches();
  const toInvite: number[] = [];
  for (const i of chunk) {
    if (!phase.isOk(i)) continue;
    const action = actions[i] as CreateAction;
    const found = ((lookups.get(i)?.body as { value?: FoundUser[] } | undefined)?.value ?? []).filter(
      (u) => typeof u.id === 'string',
    );
    if (found.length === 0) {
      const held = unsettled(phase, action);
      if (held) phase.hold(i, held);
      else toInvite.push(i);
      continue;
    }
    const user = found[0] as FoundUser;
    const anchor = anchorOf(user);
    const ours =
      found.length === 1 &&
      isOwnInFlight(inFlight, action.sourceUserId, action.invitation.email) &&
      (anchor === undefined ||
        anchor === null ||
        anchor === '' ||
        anchor === action.attributes[options.anchorAttribute]);
    if (!ours) {
      const message = `target user ${user.id} already has mail ${action.invitation.email}; set adoptExisting to match it`;
      fail([i], `TargetUserExists: ${message}`);
      continue;
    }
    phase.created(i, user.id, user.externalUserState === 'PendingAcceptance');
    patches.add(i, user.id, toGraphPatch(action.attributes), 'create');
  }

  // Recorded and sent a wave at a time: a crash leaves at most a wave recorded but never sent, and those
  // wait out the replication delay before they are sent again.
  const recorded: number[] = [];
  const invited = new Map<number, BatchResult>();
  const failedWith = new Map<number, number | undefined>();
  for (let start = 0; start < toInvite.length; start += INVITATIONS_PER_WAVE) {
    const wave = await record(phase, toInvite.slice(start, start + INVITATIONS_PER_WAVE));
    recorded.push(...wave);
    const results = await runWrites(
      client,
      wave.map((i) => invitation(actions[i] as CreateAction, i, options.redirectUrl)),
      options,
      (indexes, error, unknown, status) => {
        fail(indexes, error, unknown, status);
        for (const i of indexes) failedWith.set(i, unknown ? undefined : status);
      },
      false,
    );
    for (const [i, result] of results) invited.set(i, result);
  }
  for (const i of recorded) {
    const action = actions[i] as CreateAction;
    if (!phase.isOk(i)) {
      // A refusal created nothing; a 5xx or a lost answer may have: the record stays for the next cycle.
      const status = failedWith.get(i);
      if (status !== undefined && status < 500) inFlight.delete(action.sourceUserId);
      continue;
    }
    const body = (invited.get(i) as BatchResult).body as { invitedUser?: { id?: string }; status?: string };
    const id = body.invitedUser?.id;
    if (!id) {
      fail([i], 'the invitation named no invited user');
      continue;
    }
    // Graph's invitation says Completed when the user is redeemed at once (automatic redemption both ways).
    phase.created(i, id, body.status !== 'Completed');
    patches.add(i, id, toGraphPatch(action.attributes), 'create');
  }
  await runWrites(client, patches.writes(), options, fail);
  for (const i of chunk) if (phase.isOk(i)) inFlight.delete((actions[i] as CreateAction).sourceUserId);
}

/**
 * Why a create whose recorded invitation's user is not found waits rather than invites again: the invitation
 * may have landed and not be listed yet (replication delay), and a second one would make a second user.
 */
function unsettled(phase: CreatePhase, action: CreateAction): string | undefined {
  const recorded = phase.options.inFlight.get(action.sourceUserId);
  if (!recorded || !isOwnInFlight(phase.options.inFlight, action.sourceUserId, action.invitation.email))
    return undefined;
  const settleMs = phase.options.invitationSettleMs ?? INVITATION_SETTLE_MS;
  const nowMs = (phase.options.now?.() ?? new Date()).getTime();
  if (nowMs - Date.parse(recorded.since) >= settleMs) return undefined;
  return `the invitation of ${action.invitation.email} recorded at ${recorded.since} has no user yet; it is looked up again before another is sent`;
}

/** Records the invitations about to be sent; those that could not be recorded are not sent. */
async function record(phase: CreatePhase, toInvite: number[]): Promise<number[]> {
  if (toInvite.length === 0) return toInvite;
  const { inFlight, recordInFlight } = phase.options;
  const creates = toInvite.map((i) => phase.actions[i] as CreateAction);
  const previous = creates.map((a) => [a.sourceUserId, inFlight.get(a.sourceUserId)] as const);
  const since = (phase.options.now?.() ?? new Date()).toISOString();
  for (const a of creates) inFlight.set(a.sourceUserId, { email: a.invitation.email, since });
  try {
    await recordInFlight?.(inFlight);
    return toInvite;
  } catch (err) {
    for (const [id, recorded] of previous) {
      if (recorded === undefined) inFlight.delete(id);
      else inFlight.set(id, recorded);
    }
    phase.fail(toInvite, `the invitations could not be recorded before sending them: ${String(err)}`, true);
    return [];
  }
}

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
