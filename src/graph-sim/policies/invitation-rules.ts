// What the tenant relationship decides about an invitation: whether the tenant lets an app invite at all,
// and whether the invited user redeems automatically or waits at PendingAcceptance.
import { GraphError, badRequest } from '../http/errors.js';
import type { Router } from '../http/router.js';
import type { GraphRoute } from '../module.js';
import type { SimStore } from '../store/store.js';
import type { TenantState } from '../store/tenant.js';
import type { Props } from '../store/types.js';
import { POLICY_ROLES } from './roles.js';
import { policyState } from './state.js';

// Graph's invitation reference: app-only invitations do not work when invitations are turned off or limited
// to administrators (adminsAndGuestInviters lets only admins and the Guest Inviter role invite).
const APP_MAY_INVITE = new Set(['adminsGuestInvitersAndAllMembers', 'everyone']);

const INVITES_FROM = ['none', 'adminsAndGuestInviters', 'adminsGuestInvitersAndAllMembers', 'everyone'];

/** Throws Graph's refusal when `tenant` does not let an application invite guests. */
export function assertAppMayInvite(tenant: TenantState): void {
  const allowed = policyState(tenant).authorization['allowInvitesFrom'] as string;
  if (!APP_MAY_INVITE.has(allowed)) {
    throw new GraphError(
      403,
      'Authorization_RequestDenied',
      'Guest invitations not allowed for your company. Contact your company administrator for more details.',
    );
  }
}

function redemption(settings: unknown, side: 'inboundAllowed' | 'outboundAllowed'): boolean {
  return (settings as Props | null | undefined)?.[side] === true;
}

/**
 * Whether a user of `home` invited into `resource` is redeemed at once: Entra's automatic redemption needs
 * the resource tenant's inbound and the home tenant's outbound setting for each other.
 */
export function redeemsAutomatically(store: SimStore, resource: TenantState, address: string): boolean {
  const home = store.tenantOfAddress(address);
  if (!home) return false;
  const inbound = policyState(resource).partners.get(home.info.id.toLowerCase());
  const outbound = policyState(home).partners.get(resource.info.id.toLowerCase());
  return (
    redemption(inbound?.['automaticUserConsentSettings'], 'inboundAllowed') &&
    redemption(outbound?.['automaticUserConsentSettings'], 'outboundAllowed')
  );
}

/** Registers GET and PATCH /policies/authorizationPolicy. */
export function authorizationPolicyRoutes(router: Router<GraphRoute>): void {
  router
    .add('GET', '/policies/authorizationPolicy', {
      roles: POLICY_ROLES.readAuthorization,
      handle: (call) => ({
        status: 200,
        body: {
          '@odata.context': `${call.baseUrl}/v1.0/$metadata#policies/authorizationPolicy/$entity`,
          ...policyState(call.tenant).authorization,
        },
      }),
    })
    .add('PATCH', '/policies/authorizationPolicy', {
      roles: POLICY_ROLES.writeAuthorization,
      handle: (call) => {
        const value = (call.body as Props | null)?.['allowInvitesFrom'];
        if (typeof value !== 'string' || !INVITES_FROM.includes(value))
          throw badRequest("Invalid value for 'allowInvitesFrom'.", 'BadRequest');
        policyState(call.tenant).authorization['allowInvitesFrom'] = value;
        return { status: 204 };
      },
    });
}
