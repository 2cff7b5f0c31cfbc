// The cross-tenant access settings, authorization policy and multitenant organization of one simulated
// tenant. Graph-shaped values live in Props; the fields beside them are the simulator's bookkeeping.
import type { TenantState } from '../store/tenant.js';
import type { Props } from '../store/types.js';

/** A tenant's multitenant organization as it sees it. */
export interface OrganizationState {
  /** The organization object (state active) once created here or joined. */
  organization?: Props;
  /** The owner's list of tenants, kept in the owner tenant only. */
  tenants: Map<string, Props>;
  /** This tenant's join request. */
  joinRequest: Props;
  /** When the pending join was requested (simulator ms), until Entra completes it. */
  joinRequestedMs?: number;
}

/** Everything this module holds in one tenant. */
export interface PolicyState {
  defaults: Props;
  /** Partner configurations by lower-cased partner tenant id. */
  partners: Map<string, Props>;
  /** Identity synchronization policies by lower-cased partner tenant id. */
  identitySync: Map<string, Props>;
  authorization: Props;
  mto: OrganizationState;
}

const ALL_USERS = { target: 'AllUsers', targetType: 'user' };
const ALL_APPLICATIONS = { target: 'AllApplications', targetType: 'application' };

function b2b(accessType: 'allowed' | 'blocked'): Props {
  return {
    usersAndGroups: { accessType, targets: [ALL_USERS] },
    applications: { accessType, targets: [ALL_APPLICATIONS] },
  };
}

/** Entra's service default, as the documented GET example shows it: B2B collaboration allowed, direct connect blocked. */
export function serviceDefault(): Props {
  return {
    isServiceDefault: true,
    inboundTrust: {
      isMfaAccepted: false,
      isCompliantDeviceAccepted: false,
      isHybridAzureADJoinedDeviceAccepted: false,
    },
    automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: false },
    b2bCollaborationOutbound: b2b('allowed'),
    b2bCollaborationInbound: b2b('allowed'),
    b2bDirectConnectOutbound: b2b('blocked'),
    b2bDirectConnectInbound: b2b('blocked'),
  };
}

/** A partner configuration where every setting is inherited from the default (null). */
export function emptyPartner(tenantId: string): Props {
  return {
    tenantId,
    isServiceProvider: null,
    isInMultiTenantOrganization: false,
    inboundTrust: null,
    automaticUserConsentSettings: { inboundAllowed: null, outboundAllowed: null },
    b2bCollaborationOutbound: null,
    b2bCollaborationInbound: null,
    b2bDirectConnectOutbound: null,
    b2bDirectConnectInbound: null,
  };
}

/** The properties a default or partner configuration accepts in a write. */
export const SETTINGS = [
  'inboundTrust',
  'automaticUserConsentSettings',
  'b2bCollaborationOutbound',
  'b2bCollaborationInbound',
  'b2bDirectConnectOutbound',
  'b2bDirectConnectInbound',
] as const;

const NO_TENANT = '00000000-0000-0000-0000-000000000000';

/** The tenant's state of this module (created with Entra's defaults on first use). */
export function policyState(tenant: TenantState): PolicyState {
  return tenant.slot<PolicyState>('tenantRelationships', () => ({
    defaults: serviceDefault(),
    partners: new Map(),
    identitySync: new Map(),
    authorization: {
      id: 'authorizationPolicy',
      displayName: 'Authorization Policy',
      description: 'Used to manage authorization related settings across the company.',
      // Entra's default: anyone in the organization, guests included, can invite.
      allowInvitesFrom: 'everyone',
      allowedToUseSSPR: true,
      allowEmailVerifiedUsersToJoinOrganization: false,
      blockMsolPowerShell: false,
      guestUserRoleId: '10dae51f-b6af-4016-8d66-8c2a99b929b3',
    },
    mto: {
      tenants: new Map(),
      joinRequest: { addedByTenantId: NO_TENANT, memberState: null, role: 'member', transitionDetails: null },
    },
  }));
}
