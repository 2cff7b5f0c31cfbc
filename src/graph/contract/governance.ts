import {
  ADD_GROUP_TO_CATALOG,
  READ_ENTITLEMENT,
  READ_REVIEWS,
  READ_WORKFLOW_REPORTS,
  READ_WORKFLOWS,
  WRITE_ENTITLEMENT,
  WRITE_REVIEWS,
  WRITE_WORKFLOWS,
} from './permissions.js';
import type { ContractEntry, GraphMethod, PermissionAlternatives } from './types.js';

const DOCS = 'https://learn.microsoft.com/graph/api';
const EM = '/identityGovernance/entitlementManagement';
const AR = '/identityGovernance/accessReviews/definitions';
const LW = '/identityGovernance/lifecycleWorkflows/workflows';

type Options = Partial<Pick<ContractEntry, 'query' | 'body' | 'checked' | 'note'>> & {
  permissions?: readonly PermissionAlternatives[];
};

function entry(
  id: string,
  method: GraphMethod,
  path: string,
  docPage: string,
  permission: PermissionAlternatives,
  options: Options = {},
): ContractEntry {
  return {
    id,
    method,
    path,
    query: options.query ?? [],
    ...(options.body ? { body: options.body } : {}),
    permissions: options.permissions ?? [permission],
    doc: `${DOCS}/${docPage}?view=graph-rest-1.0`,
    checked: options.checked ?? 'unconfirmed',
    ...(options.note ? { note: options.note } : {}),
  };
}

/** Entitlement management: catalogs, access packages, resource role scopes, assignment policies, assignments. */
const ENTITLEMENT: readonly ContractEntry[] = [
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

/** Access reviews: schedule definitions, their instances and decisions. */
const REVIEWS: readonly ContractEntry[] = [
  entry('reviews.list', 'GET', AR, 'accessreviewset-list-definitions', READ_REVIEWS, {
    query: ['$top', '$skip'],
    checked: 'page',
    note: 'Paged with $top and $skip as the page directs; it promises no nextLink.',
  }),
  entry('reviews.get', 'GET', `${AR}/{id}`, 'accessreviewscheduledefinition-get', READ_REVIEWS, {
    checked: 'partial',
    note: 'The text answers the definition, the example wraps it in "value" and puts /v1.0 before its queries: both are read.',
  }),
  entry('reviews.create', 'POST', AR, 'accessreviewset-post-definitions', WRITE_REVIEWS, {
    body: 'accessReviewScheduleDefinition',
    checked: 'page',
    note: 'Graph answers with a rewritten scope query ($count=true) and applyActions [] for the default action.',
  }),
  entry('reviews.replace', 'PUT', `${AR}/{id}`, 'accessreviewscheduledefinition-update', WRITE_REVIEWS, {
    body: 'accessReviewScheduleDefinition',
    checked: 'page',
    note: 'The full object; reviewers change only when individual users review, else the operator recreates it.',
  }),
  entry('reviews.delete', 'DELETE', `${AR}/{id}`, 'accessreviewscheduledefinition-delete', WRITE_REVIEWS, {
    checked: 'page',
  }),
  entry(
    'reviews.instances',
    'GET',
    `${AR}/{id}/instances`,
    'accessreviewscheduledefinition-list-instances',
    READ_REVIEWS,
    {
      query: ['$top', '$skip'],
      checked: 'page',
      note: 'Paged with $top and $skip as the page directs; it promises no nextLink.',
    },
  ),
  entry(
    'reviews.decisions',
    'GET',
    `${AR}/{id}/instances/{instanceId}/decisions`,
    'accessreviewinstance-list-decisions',
    READ_REVIEWS,
    {
      query: ['$top', '$skip'],
      checked: 'page',
      note: 'Paged with $top and $skip as the page directs; it promises no nextLink.',
    },
  ),
];

/** Lifecycle workflows: workflows, versions, on-demand runs and their reports. */
const WORKFLOWS: readonly ContractEntry[] = [
  entry(
    'workflows.list',
    'GET',
    LW,
    'identitygovernance-lifecycleworkflowscontainer-list-workflows',
    READ_WORKFLOWS,
    {
      query: ['$filter'],
      checked: 'page',
    },
  ),
  entry('workflows.get', 'GET', `${LW}/{id}`, 'identitygovernance-workflow-get', READ_WORKFLOWS, {
    checked: 'page',
    note: 'tasks come expanded by default; $expand is documented for createdBy and lastModifiedBy only.',
  }),
  entry(
    'workflows.create',
    'POST',
    LW,
    'identitygovernance-lifecycleworkflowscontainer-post-workflows',
    WRITE_WORKFLOWS,
    {
      body: 'identityGovernance.workflow',
      checked: 'page',
      note: 'Task ids and arguments follow the page on configuring the arguments of built-in tasks.',
    },
  ),
  entry('workflows.update', 'PATCH', `${LW}/{id}`, 'identitygovernance-workflow-update', WRITE_WORKFLOWS, {
    body: 'identityGovernance.workflow',
    checked: 'page',
    note: 'Only description, displayName, isEnabled and isSchedulingEnabled; the rest goes through createNewVersion.',
  }),
  entry(
    'workflows.createNewVersion',
    'POST',
    `${LW}/{id}/createNewVersion`,
    'identitygovernance-workflow-createnewversion',
    WRITE_WORKFLOWS,
    {
      body: '{ workflow: identityGovernance.workflow }',
      checked: 'partial',
      note: 'The text says the answer is a workflow, the examples wrap it as {"workflow": …} without id or version: the operator reads the workflow again.',
    },
  ),
  entry('workflows.delete', 'DELETE', `${LW}/{id}`, 'identitygovernance-workflow-delete', WRITE_WORKFLOWS, {
    checked: 'page',
  }),
  entry(
    'workflows.runs',
    'GET',
    `${LW}/{id}/runs`,
    'identitygovernance-workflow-list-runs',
    READ_WORKFLOW_REPORTS,
    { checked: 'page' },
  ),
  entry(
    'workflows.userProcessingResults',
    'GET',
    `${LW}/{id}/userProcessingResults`,
    'identitygovernance-workflow-list-userprocessingresults',
    READ_WORKFLOW_REPORTS,
    { query: ['$expand'], checked: 'page' },
  ),
  entry(
    'workflows.taskProcessingResults',
    'GET',
    `${LW}/{id}/userProcessingResults/{resultId}/taskProcessingResults`,
    'identitygovernance-userprocessingresult-list-taskprocessingresults',
    READ_WORKFLOW_REPORTS,
    { checked: 'page', note: 'Each result carries its task without $expand, as the page examples show.' },
  ),
];

/** The identity governance requests. */
export const GOVERNANCE_CONTRACT: readonly ContractEntry[] = [...ENTITLEMENT, ...REVIEWS, ...WORKFLOWS];
