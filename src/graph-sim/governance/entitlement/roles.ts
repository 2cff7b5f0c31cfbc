/** Base path of entitlement management under /v1.0. */
export const EM = '/identityGovernance/entitlementManagement';

/** Application permissions that allow reading entitlement management (reference §D). */
export const READ = ['EntitlementManagement.Read.All', 'EntitlementManagement.ReadWrite.All'] as const;

/** Application permissions that allow writing entitlement management (reference §D). */
export const WRITE = ['EntitlementManagement.ReadWrite.All'] as const;
