// Cross-tenant access settings and the authorization policy: what decides whether B2B users of one tenant
// can be invited into another and redeem without a prompt. Graph v1.0: crossTenantAccessPolicy (default,
// partners, identitySynchronization) and authorizationPolicy.
import type { GraphClient } from './client.js';
import { unlessNotFound } from './errors.js';
import { segment } from './url.js';

/** One B2B target: a user, group or application id, or AllUsers / AllApplications. */
export interface B2BTarget {
  target: string;
  targetType: string;
}

/** Who may or may not use B2B (crossTenantAccessPolicyTargetConfiguration). */
export interface B2BTargetConfiguration {
  accessType: 'allowed' | 'blocked' | string;
  targets: B2BTarget[];
}

/** crossTenantAccessPolicyB2BSetting. */
export interface B2BSetting {
  usersAndGroups?: B2BTargetConfiguration | null;
  applications?: B2BTargetConfiguration | null;
}

/** crossTenantAccessPolicyInboundTrust. */
export interface InboundTrust {
  isMfaAccepted?: boolean | null;
  isCompliantDeviceAccepted?: boolean | null;
  isHybridAzureADJoinedDeviceAccepted?: boolean | null;
}

/** inboundOutboundPolicyConfiguration, as automaticUserConsentSettings uses it. */
export interface InboundOutbound {
  inboundAllowed?: boolean | null;
  outboundAllowed?: boolean | null;
}

/** The settings a default and a partner configuration share; null on a partner means "inherit the default". */
export interface CrossTenantAccessSettings {
  b2bCollaborationInbound?: B2BSetting | null;
  b2bCollaborationOutbound?: B2BSetting | null;
  inboundTrust?: InboundTrust | null;
  automaticUserConsentSettings?: InboundOutbound | null;
}

/** crossTenantAccessPolicyConfigurationPartner (the properties this operator reads or writes). */
export interface PartnerConfiguration extends CrossTenantAccessSettings {
  tenantId: string;
  isInMultiTenantOrganization?: boolean | null;
}

/** crossTenantAccessPolicyConfigurationDefault (the properties this operator reads). */
export interface DefaultConfiguration extends CrossTenantAccessSettings {
  isServiceDefault?: boolean | null;
}

/** crossTenantIdentitySyncPolicyPartner. */
export interface IdentitySyncPolicy {
  tenantId?: string;
  displayName?: string | null;
  userSyncInbound?: { isSyncAllowed?: boolean | null } | null;
}

/** Who may invite guests (authorizationPolicy.allowInvitesFrom). */
export type AllowInvitesFrom =
  'none' | 'adminsAndGuestInviters' | 'adminsGuestInvitersAndAllMembers' | 'everyone' | string;

const PARTNERS = '/policies/crossTenantAccessPolicy/partners';

function partnerPath(partnerTenantId: string): string {
  return `${PARTNERS}/${segment(partnerTenantId)}`;
}

/** `GET /policies/crossTenantAccessPolicy/default`; Policy.Read.All. */
export function getDefaultConfiguration(client: GraphClient): Promise<DefaultConfiguration> {
  return client.get<DefaultConfiguration>('/policies/crossTenantAccessPolicy/default');
}

/** `GET .../partners/{tenantId}`; undefined when the tenant has no configuration for that partner. */
export function getPartnerConfiguration(
  client: GraphClient,
  partnerTenantId: string,
): Promise<PartnerConfiguration | undefined> {
  return unlessNotFound(client.get<PartnerConfiguration>(partnerPath(partnerTenantId)), undefined);
}

/** `POST .../partners`; Policy.ReadWrite.CrossTenantAccess. */
export async function createPartnerConfiguration(
  client: GraphClient,
  body: PartnerConfiguration,
): Promise<void> {
  await client.send('POST', PARTNERS, body);
}

/** `PATCH .../partners/{tenantId}` with only the properties to change; Policy.ReadWrite.CrossTenantAccess. */
export async function updatePartnerConfiguration(
  client: GraphClient,
  partnerTenantId: string,
  changes: CrossTenantAccessSettings,
): Promise<void> {
  await client.send('PATCH', partnerPath(partnerTenantId), changes);
}

/** `DELETE .../partners/{tenantId}` (already gone counts as done); Policy.ReadWrite.CrossTenantAccess. */
export async function deletePartnerConfiguration(
  client: GraphClient,
  partnerTenantId: string,
): Promise<void> {
  await unlessNotFound(client.send('DELETE', partnerPath(partnerTenantId)), undefined);
}

/** `GET .../partners/{tenantId}/identitySynchronization`; undefined when there is none. */
export function getIdentitySyncPolicy(
  client: GraphClient,
  partnerTenantId: string,
): Promise<IdentitySyncPolicy | undefined> {
  return unlessNotFound(
    client.get<IdentitySyncPolicy>(`${partnerPath(partnerTenantId)}/identitySynchronization`),
    undefined,
  );
}

/**
 * Creates the identity synchronization policy of a partner (`PUT`, as Graph documents its creation) or changes
 * one that exists (`PATCH`, keeping properties not sent); Policy.ReadWrite.CrossTenantAccess.
 */
export async function writeIdentitySyncPolicy(
  client: GraphClient,
  partnerTenantId: string,
  method: 'PUT' | 'PATCH',
  body: IdentitySyncPolicy,
): Promise<void> {
  await client.send(method, `${partnerPath(partnerTenantId)}/identitySynchronization`, body);
}

/** `DELETE .../partners/{tenantId}/identitySynchronization` (already gone counts as done). */
export async function deleteIdentitySyncPolicy(client: GraphClient, partnerTenantId: string): Promise<void> {
  await unlessNotFound(
    client.send('DELETE', `${partnerPath(partnerTenantId)}/identitySynchronization`),
    undefined,
  );
}

/** `GET /policies/authorizationPolicy`; Policy.Read.All. */
export async function getAllowInvitesFrom(client: GraphClient): Promise<AllowInvitesFrom> {
  const policy = await client.get<{ allowInvitesFrom?: string | null }>('/policies/authorizationPolicy');
  // An absent value is read as the strictest: nobody may invite.
  return policy.allowInvitesFrom ?? 'none';
}
