// Reading cross-tenant access settings by meaning: what a B2B setting allows, and what a partner
// configuration inherits from the tenant's default where it leaves a property null.
import type {
  B2BSetting,
  B2BTargetConfiguration,
  DefaultConfiguration,
  PartnerConfiguration,
} from '../graph/index.js';

/** Allowed or blocked for all users and applications, as a TenantRelationship pair declares it. */
export type B2BAccess = 'Allowed' | 'Blocked';

const ALL_USERS = 'AllUsers';
const ALL_APPLICATIONS = 'AllApplications';

/** The B2B setting that allows or blocks every user and every application. */
export function b2bSettingFor(access: B2BAccess): B2BSetting {
  const accessType = access === 'Allowed' ? 'allowed' : 'blocked';
  return {
    usersAndGroups: { accessType, targets: [{ target: ALL_USERS, targetType: 'user' }] },
    applications: { accessType, targets: [{ target: ALL_APPLICATIONS, targetType: 'application' }] },
  };
}

function coversAll(
  config: B2BTargetConfiguration | null | undefined,
  all: string,
  accessType: string,
): boolean {
  if (!config || config.accessType.toLowerCase() !== accessType) return false;
  return config.targets.length === 1 && config.targets[0]?.target.toLowerCase() === all.toLowerCase();
}

/** Whether `setting` is exactly what `access` declares (for users and applications). */
export function b2bSettingIs(setting: B2BSetting | null | undefined, access: B2BAccess): boolean {
  const accessType = access === 'Allowed' ? 'allowed' : 'blocked';
  return (
    coversAll(setting?.usersAndGroups, ALL_USERS, accessType) &&
    coversAll(setting?.applications, ALL_APPLICATIONS, accessType)
  );
}

/**
 * Whether the users-and-groups part of a setting lets every user through. A list of some users or groups
 * may leave out those we synchronize, so only "allowed: AllUsers" counts (the stricter reading).
 */
export function allowsAllUsers(config: B2BTargetConfiguration | null | undefined): boolean {
  return coversAll(config, ALL_USERS, 'allowed');
}

/** Which side of B2B collaboration. */
export type Direction = 'Inbound' | 'Outbound';

/**
 * The users-and-groups part of B2B collaboration in effect for a partner: its own where set, else the
 * default's (partners inherit per property). With neither, Entra's service default allows all users.
 */
export function effectiveB2BUsers(
  direction: Direction,
  partner: PartnerConfiguration | undefined,
  fallback: DefaultConfiguration,
): B2BTargetConfiguration {
  const key = direction === 'Inbound' ? 'b2bCollaborationInbound' : 'b2bCollaborationOutbound';
  return (
    partner?.[key]?.usersAndGroups ??
    fallback[key]?.usersAndGroups ?? {
      accessType: 'allowed',
      targets: [{ target: ALL_USERS, targetType: 'user' }],
    }
  );
}

/**
 * Automatic redemption in effect for a partner. The default configuration's values are always false and
 * cannot be changed (Graph documents them as read-only), so only a partner configuration can turn it on.
 */
export function automaticRedemption(
  direction: Direction,
  partner: PartnerConfiguration | undefined,
): boolean {
  const settings = partner?.automaticUserConsentSettings;
  return (direction === 'Inbound' ? settings?.inboundAllowed : settings?.outboundAllowed) ?? false;
}
