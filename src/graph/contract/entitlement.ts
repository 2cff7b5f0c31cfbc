import { entry, EM } from './governance-entry.js';
import { ADD_GROUP_TO_CATALOG, READ_ENTITLEMENT, WRITE_ENTITLEMENT } from './permissions.js';
import type { ContractEntry } from './types.js';

/** Entitlement management: catalogs, access packages, resource role scopes, assignment policies, assignments. */
export const ENTITLEMENT_CONTRACT: readonly ContractEntry[] = [
  entry('catalogs.list', 'GET', `${EM}/catalogs`, 'entitlementmanagement-list-catalogs', READ_ENTITLEMENT, {
    query: ['$filter'],
    checked: 'page',
    note: 'The page lists `$filter` (its example filters on displayName); the catalog finder filters `displayName eq`.',
  }),
  entry(
    'catalogs.create',
    'POST',
    `${EM}/catalogs`,
    'entitlementmanagement-post-catalogs',
    WRITE_ENTITLEMENT,
    {
      body: 'accessPackageCatalog',
      checked: 'page',
      note: '201 with the catalog; the body properties are displayName, description, state, isExternallyVisible.',
    },
  ),
  entry('catalogs.update', 'PATCH', `${EM}/catalogs/{id}`, 'accesspackagecatalog-update', WRITE_ENTITLEMENT, {
    body: 'accessPackageCatalog',
    checked: 'page',
    note: 'The operator sets isExternallyVisible only (users of connected organizations request in such a catalog); 204.',
  }),
  entry(
    'catalogs.resources',
    'GET',
    `${EM}/catalogs/{id}/resources`,
    'accesspackagecatalog-list-resources',
    READ_ENTITLEMENT,
    {
      query: ['$expand'],
      checked: 'page',
      note: 'The page documents `$expand=roles,scopes`; a group resource has originId = the group id.',
    },
  ),
  entry('catalogs.get', 'GET', `${EM}/catalogs/{id}`, 'accesspackagecatalog-get', READ_ENTITLEMENT, {
    query: ['$expand'],
    checked: 'page',
    note: 'The page documents `$expand=accessPackages` to read the access packages of a catalog.',
  }),
  entry(
    'resourceRequests.create',
    'POST',
    `${EM}/resourceRequests`,
    'entitlementmanagement-post-resourcerequests',
    WRITE_ENTITLEMENT,
    {
      body: 'accessPackageResourceRequest',
      permissions: [WRITE_ENTITLEMENT, ADD_GROUP_TO_CATALOG],
      checked: 'page',
      note:
        '`adminAdd` of an AadGroup resource with `catalog: {id}` -> 201. The page asks an application adding a ' +
        'group for Group.ReadWrite.All as well, and names no alternative.',
    },
  ),
  entry(
    'connectedOrganizations.list',
    'GET',
    `${EM}/connectedOrganizations`,
    'entitlementmanagement-list-connectedorganizations',
    READ_ENTITLEMENT,
    {
      checked: 'page',
      note:
        'Read in full and matched on our side by the tenantId of an azureActiveDirectoryTenant identity source ' +
        '(the page also documents a server-side filter on it, which the operator does not need).',
    },
  ),
  entry(
    'connectedOrganizations.create',
    'POST',
    `${EM}/connectedOrganizations`,
    'entitlementmanagement-post-connectedorganizations',
    WRITE_ENTITLEMENT,
    {
      body: 'connectedOrganization (azureActiveDirectoryTenant identity source)',
      checked: 'page',
      note: 'identitySources holds exactly one identity source at creation; state configured or proposed. 201.',
    },
  ),
  entry('accessPackages.get', 'GET', `${EM}/accessPackages/{id}`, 'accesspackage-get', READ_ENTITLEMENT, {
    query: ['$expand'],
    checked: 'page',
    note:
      'This page documents `$expand=assignmentPolicies`; the List resourceRoleScopes page ' +
      '(accesspackage-list-resourcerolescopes) documents the same GET with `$expand=resourceRoleScopes($expand=role,scope)`.',
  }),
  entry(
    'accessPackages.create',
    'POST',
    `${EM}/accessPackages`,
    'entitlementmanagement-post-accesspackages',
    WRITE_ENTITLEMENT,
    {
      body: 'accessPackage',
      checked: 'page',
      note: 'displayName, description, isHidden and `catalog: {id}`; 201.',
    },
  ),
  entry(
    'accessPackages.update',
    'PATCH',
    `${EM}/accessPackages/{id}`,
    'accesspackage-update',
    WRITE_ENTITLEMENT,
    { body: 'accessPackage', checked: 'page', note: 'displayName, description, isHidden; 204.' },
  ),
  entry(
    'accessPackages.delete',
    'DELETE',
    `${EM}/accessPackages/{id}`,
    'accesspackage-delete',
    WRITE_ENTITLEMENT,
    { checked: 'page', note: '204; refused while the package has assignments.' },
  ),
  entry(
    'resourceRoleScopes.create',
    'POST',
    `${EM}/accessPackages/{id}/resourceRoleScopes`,
    'accesspackage-post-resourcerolescopes',
    WRITE_ENTITLEMENT,
    {
      body: 'accessPackageResourceRoleScope',
      checked: 'page',
      note:
        'The group example: role {id, originId Member_<group>, originSystem AadGroup, resource {id, originId}} and ' +
        'root scope {id, originId, isRootScope}, read from the catalog resources; 201 with id and createdDateTime.',
    },
  ),
  entry(
    'resourceRoleScopes.delete',
    'DELETE',
    `${EM}/accessPackages/{id}/resourceRoleScopes/{scopeId}`,
    'accesspackage-delete-resourcerolescopes',
    WRITE_ENTITLEMENT,
    { checked: 'page', note: '204.' },
  ),
  entry(
    'assignmentPolicies.create',
    'POST',
    `${EM}/assignmentPolicies`,
    'entitlementmanagement-post-assignmentpolicies',
    WRITE_ENTITLEMENT,
    {
      body: 'accessPackageAssignmentPolicy',
      checked: 'page',
      note: 'The examples show direct, approval-stage and attributeRuleMembers auto-assignment bodies; 201.',
    },
  ),
  entry(
    'assignmentPolicies.replace',
    'PUT',
    `${EM}/assignmentPolicies/{id}`,
    'accesspackageassignmentpolicy-update',
    WRITE_ENTITLEMENT,
    {
      body: 'accessPackageAssignmentPolicy',
      checked: 'page',
      note: 'v1.0 updates a policy with PUT of the whole policy (its example carries id and accessPackage); 200.',
    },
  ),
  entry(
    'assignmentPolicies.delete',
    'DELETE',
    `${EM}/assignmentPolicies/{id}`,
    'accesspackageassignmentpolicy-delete',
    WRITE_ENTITLEMENT,
    { checked: 'page', note: '204.' },
  ),
  entry(
    'assignments.list',
    'GET',
    `${EM}/assignments`,
    'entitlementmanagement-list-assignments',
    READ_ENTITLEMENT,
    {
      query: ['$filter', '$expand'],
      checked: 'page',
      note:
        'The page documents `$filter=accessPackage/id eq` and `$expand=target`; the list holds expired ' +
        'assignments too.',
    },
  ),
  entry(
    'assignmentRequests.list',
    'GET',
    `${EM}/assignmentRequests`,
    'entitlementmanagement-list-assignmentrequests',
    READ_ENTITLEMENT,
    {
      query: ['$expand', '$filter'],
      checked: 'page',
      note: 'The page documents the requests of one package as `$expand=accessPackage&$filter=accessPackage/id eq`.',
    },
  ),
  entry(
    'assignmentRequests.create',
    'POST',
    `${EM}/assignmentRequests`,
    'entitlementmanagement-post-assignmentrequests',
    WRITE_ENTITLEMENT,
    {
      body: 'accessPackageAssignmentRequest',
      checked: 'page',
      note: "The operator sends only `adminRemove` with `assignment: {id}`, as the page's example 2; 201.",
    },
  ),
];
