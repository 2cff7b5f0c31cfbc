/** Application permissions of this module's calls, as Graph's reference lists them (least privileged first). */
export const POLICY_ROLES = {
  readCrossTenantAccess: ['Policy.Read.All', 'Policy.ReadWrite.CrossTenantAccess'],
  writeCrossTenantAccess: ['Policy.ReadWrite.CrossTenantAccess'],
  readAuthorization: ['Policy.Read.All', 'Policy.ReadWrite.Authorization'],
  writeAuthorization: ['Policy.ReadWrite.Authorization'],
  readOrganization: ['MultiTenantOrganization.Read.All', 'MultiTenantOrganization.ReadWrite.All'],
  writeOrganization: ['MultiTenantOrganization.ReadWrite.All'],
} as const;
