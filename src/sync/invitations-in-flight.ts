// Invitations the operator has sent, or is about to send, whose user does not carry its anchor yet. They are
// recorded durably (the SyncScope's status) before they are sent, so that after a crash the operator knows
// which unanchored users are its own half-finished creates instead of guessing from the users' state.

/** An invitation recorded for a source user: the address and when it was recorded (ISO). */
export interface InFlightInvitation {
  email: string;
  since: string;
}

/** Source user id -> its recorded invitation. */
export type InFlightInvitations = Map<string, InFlightInvitation>;
export type ReadonlyInFlight = ReadonlyMap<string, InFlightInvitation>;

/** One in-flight invitation as the SyncScope's status keeps it. */
export interface InFlightRecord extends InFlightInvitation {
  sourceUser: string;
}

/**
 * How long a recorded invitation whose user cannot be found is given before it is sent again: Graph's list
 * users page warns that recently created users may be missing from lists for a while (replication delay).
 */
export const INVITATION_SETTLE_MS = 60_000;

/**
 * In-flight invitations kept at most: a chunk of creates is recorded at once, and entries leave as soon as
 * their anchor is written. Should more be left over, the oldest go first: a user whose record is lost is
 * reported as a conflict, never adopted or invited twice.
 */
export const MAX_IN_FLIGHT = 1_000;

/** The in-flight invitations a status recorded (after a restart). */
export function inFlightFromRecords(records: readonly InFlightRecord[] | undefined): InFlightInvitations {
  return new Map((records ?? []).map((r) => [r.sourceUser, { email: r.email, since: r.since }]));
}

/** The in-flight invitations as status records, the newest `MAX_IN_FLIGHT`. */
export function inFlightRecords(inFlight: ReadonlyInFlight): InFlightRecord[] {
  const records = [...inFlight].map(([sourceUser, { email, since }]) => ({ sourceUser, email, since }));
  return records.slice(Math.max(0, records.length - MAX_IN_FLIGHT));
}

/** Whether the operator recorded an invitation of `address` for this source user. */
export function isOwnInFlight(
  inFlight: ReadonlyInFlight | undefined,
  sourceUserId: string,
  address: unknown,
): boolean {
  const recorded = inFlight?.get(sourceUserId)?.email;
  return (
    recorded !== undefined && typeof address === 'string' && recorded.toLowerCase() === address.toLowerCase()
  );
}

/**
 * Drops the entries that are settled (the user carries its anchor, or a complete read found the source user
 * gone, so nothing will finish its create) and returns the source users whose unfinished create is due to
 * be planned again: present in the source, and recorded long enough ago to have replicated.
 */
export function settleInFlight(
  inFlight: InFlightInvitations,
  at: { anchored: (id: string) => boolean; gone: (id: string) => boolean; complete: boolean; now: Date },
): string[] {
  const due: string[] = [];
  for (const [id, { since }] of [...inFlight]) {
    if (at.anchored(id) || (at.complete && at.gone(id))) inFlight.delete(id);
    else if (!at.gone(id) && at.now.getTime() - Date.parse(since) >= INVITATION_SETTLE_MS) due.push(id);
  }
  return due;
}

/** The status field that records `inFlight`: absent when nothing is in flight. */
export function inFlightStatus(inFlight: ReadonlyInFlight): {
  invitationsInFlight?: InFlightRecord[];
} {
  return inFlight.size > 0 ? { invitationsInFlight: inFlightRecords(inFlight) } : {};
}

/** `status` with its record of in-flight invitations replaced by `inFlight`. */
export function withInFlightStatus<S extends { invitationsInFlight?: InFlightRecord[] }>(
  status: S | undefined,
  inFlight: ReadonlyInFlight,
): S {
  const { invitationsInFlight: _replaced, ...rest } = status ?? ({} as S);
  return { ...rest, ...inFlightStatus(inFlight) } as S;
}
