import { GRAPH_CONTRACT } from '../../graph/contract/index.js';

// What a TenantLink needs granted comes from the Graph contract: each resource names the requests it makes
// through the link, and each request lists the application permissions that allow it (least privileged first).

/** The contract entries each kind of use of a link sends. */
export const LINK_REQUESTS = {
  tenantLink: ['organization.list'],
  syncSource: ['users.delta', 'users.get'],
  syncSourceGroups: ['groups.delta', 'groups.members', 'groups.transitiveMembers'],
  syncSourceLifecycleInfo: ['users.delta.lifecycleInfo'],
  syncTarget: [
    'batch',
    'users.delta',
    'users.get',
    'users.list',
    'users.update',
    'users.delete',
    'users.manager.set',
    'users.manager.remove',
    'invitations.create',
    'deletedItems.listUsers',
    'deletedItems.get',
    'deletedItems.restore',
  ],
  syncTargetPurge: ['deletedItems.delete'],
  syncTargetGroups: [
    'groups.delta',
    'groups.create',
    'groups.update',
    'groups.delete',
    'groups.members.add',
    'groups.members.remove',
  ],
  syncTargetExtensionAnchor: ['directoryObjects.getAvailableExtensionProperties'],
  syncTargetLifecycleInfo: ['users.update.lifecycleInfo'],
  accessPackages: [
    'catalogs.list',
    'catalogs.create',
    'catalogs.update',
    'catalogs.get',
    'connectedOrganizations.list',
    'connectedOrganizations.create',
    'accessPackages.get',
    'accessPackages.create',
    'accessPackages.update',
    'accessPackages.delete',
    'assignmentPolicies.create',
    'assignmentPolicies.replace',
    'assignmentPolicies.delete',
    'assignments.list',
    'assignmentRequests.list',
    'assignmentRequests.create',
  ],
  accessPackageResources: [
    'groups.get',
    'groups.list',
    'catalogs.resources',
    'resourceRequests.create',
    'resourceRoleScopes.create',
    'resourceRoleScopes.delete',
  ],
  reviews: [
    'reviews.list',
    'reviews.get',
    'reviews.create',
    'reviews.replace',
    'reviews.delete',
    'reviews.instances',
    'reviews.decisions',
  ],
  reviewExclusions: ['users.get', 'deletedItems.get'],
  workflows: [
    'workflows.list',
    'workflows.get',
    'workflows.create',
    'workflows.update',
    'workflows.createNewVersion',
    'workflows.delete',
    'workflows.runs',
    'workflows.userProcessingResults',
    'workflows.taskProcessingResults',
  ],
  // A SyncScope's preflight reads the cross-tenant access settings in both tenants and, in the target, who may invite.
  syncPreflightSource: ['crossTenantAccess.default.get', 'crossTenantAccess.partners.get'],
  syncPreflightTarget: [
    'crossTenantAccess.default.get',
    'crossTenantAccess.partners.get',
    'authorizationPolicy.get',
  ],
  relationshipPairs: [
    'crossTenantAccess.default.get',
    'crossTenantAccess.partners.get',
    'crossTenantAccess.partners.create',
    'crossTenantAccess.partners.update',
    'crossTenantAccess.partners.delete',
    'crossTenantAccess.identitySync.get',
    'crossTenantAccess.identitySync.create',
    'crossTenantAccess.identitySync.update',
    'crossTenantAccess.identitySync.delete',
  ],
  multiTenantOrganization: [
    'multiTenantOrganization.get',
    'multiTenantOrganization.create',
    'multiTenantOrganization.update',
    'multiTenantOrganization.tenants.list',
    'multiTenantOrganization.tenants.add',
    'multiTenantOrganization.joinRequest.get',
    'multiTenantOrganization.joinRequest.update',
  ],
  // engine: Entra, in the source tenant: the configuration from its gallery template (an app of the operator's own,
  // so OwnedBy suffices), the job and its schema, the assignments, the provisioning log, provision-now's user read.
  entraSource: [
    'users.get',
    'synchronization.template.instantiate',
    'synchronization.servicePrincipals.get',
    'synchronization.servicePrincipals.list',
    'synchronization.secrets.put',
    'synchronization.jobs.list',
    'synchronization.jobs.create',
    'synchronization.jobs.get',
    'synchronization.jobs.start',
    'synchronization.jobs.pause',
    'synchronization.jobs.restart',
    'synchronization.jobs.validateCredentials',
    'synchronization.schema.get',
    'synchronization.schema.update',
    'synchronization.schema.filterOperators',
    'synchronization.schema.functions',
    'synchronization.jobs.provisionOnDemand',
    'synchronization.appRoleAssignedTo.list',
    'synchronization.appRoleAssignedTo.create',
    'synchronization.appRoleAssignedTo.delete',
    'synchronization.provisioningLogs.list',
  ],
  // engine: Entra, in the target tenant: the partner's identity synchronization policy allowing the sync.
  entraTarget: ['crossTenantAccess.identitySync.get', 'crossTenantAccess.identitySync.create'],
} as const satisfies Record<string, readonly string[]>;

/** A kind of use of a TenantLink. */
export type GraphCapability = keyof typeof LINK_REQUESTS;

/** Every permission group of the contract by `<entry id>` (or `<entry id>#n` for an entry's later groups). */
export const PERMISSION_ALTERNATIVES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  GRAPH_CONTRACT.flatMap((entry) =>
    entry.permissions.map((group, n) => [n === 0 ? entry.id : `${entry.id}#${n}`, group] as const),
  ),
);
