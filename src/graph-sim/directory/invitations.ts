import { randomUUID } from 'node:crypto';
import { badRequest, type GraphResult } from '../http/errors.js';
import type { Router } from '../http/router.js';
import type { GraphCall, GraphRoute } from '../module.js';
import { assertAppMayInvite, redeemsAutomatically } from '../policies/invitation-rules.js';
import type { TenantState } from '../store/tenant.js';
import type { Props, UserRecord } from '../store/types.js';
import { requireUser } from './render.js';
import { ROLES } from './roles.js';

const ALLOWED = new Set([
  'invitedUserEmailAddress',
  'inviteRedirectUrl',
  'invitedUserDisplayName',
  'sendInvitationMessage',
  'invitedUserType',
  'invitedUserMessageInfo',
  'resetRedemption',
  'invitedUser',
]);

/** `alias_theirdomain#EXT#@<default domain>`, with a number added if that UPN is taken. */
export function b2bPrincipalName(tenant: TenantState, address: string): { upn: string; nickname: string } {
  const nickname = `${address.replace('@', '_')}#EXT#`;
  let upn = `${nickname}@${tenant.info.defaultDomain}`;
  for (let n = 1; tenant.upnTaken(upn); n++)
    upn = `${address.replace('@', `${n}_`)}#EXT#@${tenant.info.defaultDomain}`;
  return { upn, nickname };
}

function validate(body: unknown): Props {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('Empty Payload. JSON content expected.', 'BadRequest');
  const props = body as Props;
  for (const name of Object.keys(props)) {
    if (!ALLOWED.has(name) && !name.startsWith('@odata.')) {
      throw badRequest(
        `Property '${name}' does not exist as a declared property or extension property.`,
        'BadRequest',
      );
    }
  }
  const address = props['invitedUserEmailAddress'];
  if (typeof address !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) {
    throw badRequest(
      "The property 'invitedUserEmailAddress' is missing or is not a valid email address.",
      'BadRequest',
    );
  }
  if (typeof props['inviteRedirectUrl'] !== 'string')
    throw badRequest("The property 'inviteRedirectUrl' is required.", 'BadRequest');
  const type = props['invitedUserType'];
  if (type !== undefined && type !== 'Guest' && type !== 'Member')
    throw badRequest("Invalid value for 'invitedUserType'.", 'BadRequest');
  return props;
}

/**
 * The user a reset of redemption names (`resetRedemption` with `invitedUser.id`, which the invitation page
 * requires), or undefined for a plain invitation.
 */
function userToReset(tenant: TenantState, body: Props): UserRecord | undefined {
  if (body['resetRedemption'] !== true) return undefined;
  const id = (body['invitedUser'] as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string')
    throw badRequest("'invitedUser/id' is required when 'resetRedemption' is true.", 'BadRequest');
  return requireUser(tenant, id);
}

/**
 * POST /invitations: creates the B2B user for an address; no mail is ever sent. The invitation page says an
 * invitation creates a user and documents acting on an existing one only through `resetRedemption`; what
 * inviting an address that already has a user does is not stated, so the simulator takes the stricter
 * reading and creates another user, which a client that relied on getting the first back would notice.
 */
function invite(call: GraphCall): GraphResult {
  const body = validate(call.body);
  const address = body['invitedUserEmailAddress'] as string;
  const { tenant } = call;
  assertAppMayInvite(tenant);
  if (tenant.ownsDomain(address.slice(address.lastIndexOf('@') + 1))) {
    throw badRequest(
      'The invited user already exists in the directory as an internal user: use a different address.',
      'BadRequest',
    );
  }
  const redeemed = redeemsAutomatically(call.store, tenant, address);
  const now = tenant.clock.isoNow();
  let user = userToReset(tenant, body);
  if (user) {
    user.props['externalUserState'] = redeemed ? 'Accepted' : 'PendingAcceptance';
    user.props['externalUserStateChangeDateTime'] = now;
  } else {
    const { upn, nickname } = b2bPrincipalName(tenant, address);
    const home = call.store.tenantOfAddress(address);
    user = tenant.addUser({
      accountEnabled: true,
      displayName:
        (body['invitedUserDisplayName'] as string | undefined) ?? address.slice(0, address.indexOf('@')),
      userPrincipalName: upn,
      mailNickname: nickname,
      mail: address,
      otherMails: [address],
      userType: (body['invitedUserType'] as string | undefined) ?? 'Guest',
      creationType: 'Invitation',
      // Automatic redemption set both ways spares the user the consent prompt: Entra redeems at once.
      externalUserState: redeemed ? 'Accepted' : 'PendingAcceptance',
      externalUserStateChangeDateTime: now,
      showInAddressList: null,
      deletedDateTime: null,
      identities: home
        ? [{ signInType: 'federated', issuer: 'ExternalAzureAD', issuerAssignedId: null }]
        : [{ signInType: 'federated', issuer: 'mail', issuerAssignedId: address }],
    });
  }
  const id = randomUUID();
  const state = user.props['externalUserState'];
  return {
    status: 201,
    body: {
      '@odata.context': `${call.baseUrl}/v1.0/$metadata#invitations/$entity`,
      id,
      inviteRedeemUrl: `${call.baseUrl}/redeem/?rd=${id}&tenant=${tenant.info.id}`,
      invitedUserDisplayName: user.props['displayName'],
      invitedUserEmailAddress: address,
      invitedUserType: user.props['userType'],
      inviteRedirectUrl: body['inviteRedirectUrl'],
      resetRedemption: body['resetRedemption'] ?? false,
      sendInvitationMessage: body['sendInvitationMessage'] ?? false,
      invitedUserMessageInfo: body['invitedUserMessageInfo'] ?? {
        messageLanguage: null,
        customizedMessageBody: null,
        ccRecipients: [],
      },
      status: state === 'Accepted' || state === null ? 'Completed' : 'PendingAcceptance',
      invitedUser: { id: user.id },
    },
  };
}

/** Registers POST /invitations. */
export function invitationRoutes(router: Router<GraphRoute>): void {
  router.add('POST', '/invitations', { roles: ROLES.invite, handle: invite });
}
