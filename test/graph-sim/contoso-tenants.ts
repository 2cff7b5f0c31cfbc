// The tenants of the default Contoso seed, in a module of their own: a process that only talks to a
// simulator (the sync benchmark's engine) imports them without the simulator's code.

/** Tenant ids and operator app credentials of the default Contoso seed. */
export const CONTOSO = {
  tenantId: '6f1c2e8a-3b4d-4c5e-9f60-7a8b9c0d1e2f',
  clientId: '3c1d6f0e-8a2b-4c7d-9e5f-0a1b2c3d4e5f',
  secret: 'contoso-demo-secret',
  domain: 'contoso.com',
};
/** The application permissions the seed grants the operator's app in Contoso. */
export const CONTOSO_ROLES = [
  'AccessReview.ReadWrite.All',
  'EntitlementManagement.ReadWrite.All',
  'Group.Read.All',
  'Group.ReadWrite.All',
  'LifecycleWorkflows.ReadWrite.All',
  'MultiTenantOrganization.ReadWrite.All',
  'Organization.Read.All',
  'Policy.Read.All',
  'Policy.ReadWrite.CrossTenantAccess',
  'User.Invite.All',
  'User.ReadWrite.All',
];
export const EMEA = {
  tenantId: '2b7d9e41-5c6a-4f3b-8d2e-1a0b9c8d7e6f',
  clientId: '7e2f4a6c-9b1d-4e3f-8a5c-6b7d8e9f0a1b',
  secret: 'emea-demo-secret',
  domain: 'emea.contoso.com',
};
export const US = {
  tenantId: '9a3e5c7b-1d2f-4e6a-8b0c-3d4e5f6a7b8c',
  clientId: '5d8b0c2e-4f6a-4b1c-9d3e-2f4a6b8c0d1e',
  secret: 'us-demo-secret',
  domain: 'us.contoso.com',
};
