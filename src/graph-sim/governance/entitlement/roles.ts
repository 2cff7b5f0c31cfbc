/** Base path of entitlement management under /v1.0. */
export const EM = '/identityGovernance/entitlementManagement';

/** Application permissions that allow reading entitlement management (Graph's lifecycle workflows reference). */
export const READ = ['EntitlementManagement.Read.All', 'EntitlementManagement.ReadWrite.All'] as const;

/** Application permissions that allow writing entitlement management (Graph's lifecycle workflows reference). */
export const WRITE = ['EntitlementManagement.ReadWrite.All'] as const;
