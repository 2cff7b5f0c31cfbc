import type {
  AccessPackagePolicySpec,
  LifecycleWorkflowSpec,
  ReviewScheduleSpec,
  SyncScopeSpec,
  TenantRelationshipSpec,
} from '../api/index.js';

// Graph's permission reference lists, per call, the application permissions that allow it, least
// privileged first; a grant of any of them is enough. https://learn.microsoft.com/graph/permissions-reference

/** Application permissions any one of which allows a kind of Graph call (least privileged first). */
export const PERMISSION_ALTERNATIVES = {
  readOrganization: [
    'Organization.Read.All',
    'Organization.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  readUsers: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  readGroupMembers: [
    'GroupMember.Read.All',
    'Group.Read.All',
    'GroupMember.ReadWrite.All',
    'Group.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  writeUsers: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
  inviteUsers: ['User.Invite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
  entitlementManagement: ['EntitlementManagement.ReadWrite.All'],
  // Adding a group to a catalog as a resource needs write access to the group (or ownership of it).
  writeGroups: ['Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  accessReviews: ['AccessReview.ReadWrite.All'],
  lifecycleWorkflows: ['LifecycleWorkflows.ReadWrite.All'],
  // A SyncScope's preflight reads cross-tenant access settings in both tenants and, in the target, who may
  // invite (authorizationPolicy); Policy.Read.All covers both reads.
  readCrossTenantAccess: ['Policy.Read.All', 'Policy.ReadWrite.CrossTenantAccess'],
  readAuthorizationPolicy: ['Policy.Read.All', 'Policy.ReadWrite.Authorization'],
  writeCrossTenantAccess: ['Policy.ReadWrite.CrossTenantAccess'],
  multiTenantOrganization: ['MultiTenantOrganization.ReadWrite.All'],
  // engine: Entra, in the source tenant: the configuration from its gallery template (an app of its own, so
  // OwnedBy suffices), the job and its schema, the assignments and the provisioning log.
  configureApplications: ['Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All'],
  synchronization: ['Synchronization.ReadWrite.All'],
  assignAppRoles: ['AppRoleAssignment.ReadWrite.All'],
  readProvisioningLogs: ['AuditLog.Read.All'],
} as const satisfies Record<string, readonly string[]>;

/** A kind of Graph call. */
export type GraphCapability = keyof typeof PERMISSION_ALTERNATIVES;

/** A resource that uses a TenantLink, reduced to what decides the permissions it needs there. */
export type LinkUse =
  | {
      kind: 'SyncScope';
      name: string;
      spec: Pick<SyncScopeSpec, 'source' | 'target' | 'scope'> & Partial<Pick<SyncScopeSpec, 'engine'>>;
    }
  | {
      kind: 'AccessPackagePolicy';
      name: string;
      spec: Pick<AccessPackagePolicySpec, 'tenantLinkRef' | 'resources'>;
    }
  | {
      kind: 'ReviewSchedule';
      name: string;
      spec: Pick<ReviewScheduleSpec, 'tenantLinkRef'> & Partial<Pick<ReviewScheduleSpec, 'onDeny'>>;
    }
  | { kind: 'LifecycleWorkflow'; name: string; spec: Pick<LifecycleWorkflowSpec, 'tenantLinkRef'> }
  | {
      kind: 'TenantRelationship';
      name: string;
      spec: Partial<Pick<TenantRelationshipSpec, 'pairs' | 'multiTenantOrganization'>>;
    };

/** What a TenantLink needs granted and what of it is missing. */
export interface PermissionCheck {
  /** The least-privileged permission of each capability needed, sorted. */
  required: string[];
  /** The least-privileged permission of each needed capability that no grant covers, sorted. */
  missing: string[];
}

/** A SyncScope on engine Entra: configuring the job in the source, allowing the sync in the target. */
function entraCapabilities(
  spec: Pick<SyncScopeSpec, 'source' | 'target'>,
  linkName: string,
): GraphCapability[] {
  const needs: GraphCapability[] = [];
  if (spec.source.tenantLinkRef === linkName)
    needs.push(
      'readUsers',
      'configureApplications',
      'synchronization',
      'assignAppRoles',
      'readProvisioningLogs',
    );
  if (spec.target.tenantLinkRef === linkName) needs.push('writeCrossTenantAccess');
  return needs;
}

/** The Graph calls `use` makes through the TenantLink `linkName`. */
export function capabilitiesOf(use: LinkUse, linkName: string): GraphCapability[] {
  switch (use.kind) {
    case 'SyncScope': {
      if (use.spec.engine === 'Entra') return entraCapabilities(use.spec, linkName);
      const needs: GraphCapability[] = [];
      if (use.spec.source.tenantLinkRef === linkName) {
        needs.push('readUsers', 'readCrossTenantAccess');
        if ((use.spec.scope.groups?.length ?? 0) > 0) needs.push('readGroupMembers');
      }
      if (use.spec.target.tenantLinkRef === linkName) {
        needs.push(
          'readUsers',
          'writeUsers',
          'inviteUsers',
          'readCrossTenantAccess',
          'readAuthorizationPolicy',
        );
      }
      return needs;
    }
    case 'AccessPackagePolicy':
      if (use.spec.tenantLinkRef !== linkName) return [];
      return (use.spec.resources ?? []).length > 0
        ? ['entitlementManagement', 'writeGroups']
        : ['entitlementManagement'];
    case 'ReviewSchedule':
      if (use.spec.tenantLinkRef !== linkName) return [];
      // Excluding denied users from sync reads each one's anchor in the target.
      return use.spec.onDeny === 'ExcludeFromSync' ? ['accessReviews', 'readUsers'] : ['accessReviews'];
    case 'LifecycleWorkflow':
      return use.spec.tenantLinkRef === linkName ? ['lifecycleWorkflows'] : [];
    case 'TenantRelationship': {
      // Only what is declared: partner settings in the tenants of a pair, the organization in its tenants.
      const needs: GraphCapability[] = [];
      if ((use.spec.pairs ?? []).some((p) => p.source === linkName || p.target === linkName))
        needs.push('writeCrossTenantAccess');
      const organization = use.spec.multiTenantOrganization;
      if (organization && [organization.owner, ...organization.members].includes(linkName))
        needs.push('multiTenantOrganization');
      return needs;
    }
  }
}

/** Whether `granted` covers `capability`: any of its alternatives, compared case-insensitively as Entra does. */
export function isCovered(capability: GraphCapability, granted: readonly string[]): boolean {
  const have = new Set(granted.map((permission) => permission.toLowerCase()));
  return PERMISSION_ALTERNATIVES[capability].some((permission) => have.has(permission.toLowerCase()));
}

/**
 * Compares the permissions a TenantLink's token carries with what it and the resources using it need; the
 * link itself always reads /organization.
 */
export function checkPermissions(
  linkName: string,
  uses: readonly LinkUse[],
  granted: readonly string[],
): PermissionCheck {
  const needed = new Set<GraphCapability>(['readOrganization']);
  for (const use of uses) for (const capability of capabilitiesOf(use, linkName)) needed.add(capability);
  const required = new Set<string>();
  const missing = new Set<string>();
  for (const capability of needed) {
    const leastPrivileged = PERMISSION_ALTERNATIVES[capability][0];
    required.add(leastPrivileged);
    if (!isCovered(capability, granted)) missing.add(leastPrivileged);
  }
  return { required: [...required].sort(), missing: [...missing].sort() };
}
