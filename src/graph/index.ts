// The one door to Microsoft Graph: controllers and the sync engine import from here only.
export { executeBatch, executeBatches, isUnknownOutcome, MAX_BATCH_SIZE } from './batch.js';
export type { BatchOptions, BatchRequest, BatchResult } from './batch.js';
export { createGraphClient, writeShareOf } from './client.js';
export type {
  GraphCallOptions,
  GraphClient,
  GraphClientOptions,
  GraphMethod,
  GraphResponse,
} from './client.js';
export type { CredentialMaterial } from './credentials.js';
export {
  createPartnerConfiguration,
  deleteIdentitySyncPolicy,
  deletePartnerConfiguration,
  getAllowInvitesFrom,
  getDefaultConfiguration,
  getIdentitySyncPolicy,
  getPartnerConfiguration,
  updatePartnerConfiguration,
  writeIdentitySyncPolicy,
} from './cross-tenant-access.js';
export type {
  AllowInvitesFrom,
  B2BSetting,
  B2BTargetConfiguration,
  CrossTenantAccessSettings,
  DefaultConfiguration,
  IdentitySyncPolicy,
  InboundOutbound,
  InboundTrust,
  PartnerConfiguration,
} from './cross-tenant-access.js';
export { isDeltaExpired, latestDeltaLink, readDelta } from './delta.js';
export type { DeltaFold, DeltaRemoval, DeltaResult, DeltaStart } from './delta.js';
export { getDeletedUser, listDeletedUsers, permanentlyDeleteUser, restoreDeletedUser } from './directory.js';
export { graphScope, resolveEndpoints } from './endpoints.js';
export type { GraphCloud, GraphEndpoints } from './endpoints.js';
export { GraphRequestError, isNotFound, unlessNotFound } from './errors.js';
export type { GraphErrorInfo } from './errors.js';
export {
  findGroupsWith,
  getGroup,
  GROUPS_DELTA_ID_LIMIT,
  groupsDelta,
  groupsDeltaIdFilter,
  listGroupMembers,
  listGroupUserIds,
  listGroups,
  type GroupsDeltaStart,
} from './groups.js';
export { createInvitation } from './invitations.js';
export type { InvitationRequest } from './invitations.js';
export type { GraphCallStats } from './metrics.js';
export {
  addMultiTenantOrganizationTenant,
  createMultiTenantOrganization,
  getJoinRequest,
  getMultiTenantOrganization,
  joinMultiTenantOrganization,
  listMultiTenantOrganizationTenants,
  updateMultiTenantOrganization,
} from './multi-tenant-organization.js';
export type {
  JoinRequest,
  MultiTenantOrganization,
  MultiTenantOrganizationMember,
} from './multi-tenant-organization.js';
export { getOrganization } from './organization.js';
export { availableExtensionProperties } from './extensions.js';
export type { ExtensionPropertyInfo } from './extensions.js';
export { pages, readAll } from './paging.js';
export type { RetryPolicy } from './retry.js';
export { defaultThrottleLimits } from './throttle.js';
export type { Quota, ThrottleLimits } from './throttle.js';
export type { TokenClaims, TokenFailure, TokenResult } from './token.js';
export type { WritePacing } from './write-pacer.js';
export { WRITE_LANES } from './write-schedule.js';
export type { WriteLane } from './write-schedule.js';
export type { WriteShare } from './write-share.js';
export type * from './types.js';
export {
  deleteUser,
  getUser,
  listUsers,
  removeManager,
  setManager,
  updateUser,
  userPages,
  usersDelta,
} from './users.js';
export type { UserQuery } from './users.js';
export { segment, withQuery } from './url.js';
export type { GraphQuery } from './url.js';
