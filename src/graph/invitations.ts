import type { GraphClient } from './client.js';
import type { Invitation } from './types.js';

/** Who to invite as a B2B user. */
export interface InvitationRequest {
  email: string;
  displayName?: string;
  /** Where redemption lands; Graph requires one even when no mail is sent. */
  redirectUrl: string;
  userType: 'Member' | 'Guest';
}

interface RawInvitation {
  id: string;
  status: string;
  inviteRedeemUrl?: string;
  invitedUser?: { id?: string };
}

/**
 * Creates the B2B user for an external identity through `POST /invitations` without sending mail,
 * as cross-tenant sync does. Graph does not document what inviting an address that already has a user
 * does, so the POST is not re-sent after a 5xx: the caller looks the address up instead.
 */
export async function createInvitation(client: GraphClient, request: InvitationRequest): Promise<Invitation> {
  const body = {
    invitedUserEmailAddress: request.email,
    inviteRedirectUrl: request.redirectUrl,
    sendInvitationMessage: false,
    invitedUserType: request.userType,
    ...(request.displayName ? { invitedUserDisplayName: request.displayName } : {}),
  };
  const { body: raw } = await client.send<RawInvitation>('POST', '/invitations', body);
  const invitedUserId = raw.invitedUser?.id;
  if (!invitedUserId) throw new Error(`Graph's invitation ${raw.id} names no invited user`);
  return {
    id: raw.id,
    invitedUserId,
    status: raw.status,
    ...(raw.inviteRedeemUrl ? { inviteRedeemUrl: raw.inviteRedeemUrl } : {}),
  };
}
