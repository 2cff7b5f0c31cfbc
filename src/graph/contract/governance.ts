import {
  READ_ENTITLEMENT,
  READ_REVIEWS,
  READ_WORKFLOW_REPORTS,
  READ_WORKFLOWS,
  WRITE_ENTITLEMENT,
  WRITE_GROUPS,
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
  }),
  entry(
    'catalogs.create',
    'POST',
    `${EM}/catalogs`,
    'entitlementmanagement-post-catalogs',
    WRITE_ENTITLEMENT,
    {
      body: 'accessPackageCatalog',
    },
  ),
  entry(
    'catalogs.resources',
    'GET',
    `${EM}/catalogs/{id}/resources`,
    'accesspackagecatalog-list-resources',
    READ_ENTITLEMENT,
    { query: ['$expand'] },
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
    { body: 'accessPackageResourceRequest', permissions: [WRITE_ENTITLEMENT, WRITE_GROUPS] },
  ),
  entry(
    'connectedOrganizations.list',
    'GET',
    `${EM}/connectedOrganizations`,
    'entitlementmanagement-list-connectedorganizations',
    READ_ENTITLEMENT,
    { note: 'Read in full and matched by identity source tenant id on our side.' },
  ),
  entry(
    'connectedOrganizations.create',
    'POST',
    `${EM}/connectedOrganizations`,
    'entitlementmanagement-post-connectedorganizations',
    WRITE_ENTITLEMENT,
    { body: 'connectedOrganization (azureActiveDirectoryTenant identity source)' },
  ),
  entry('accessPackages.get', 'GET', `${EM}/accessPackages/{id}`, 'accesspackage-get', READ_ENTITLEMENT, {
    query: ['$expand'],
    checked: 'partial',
    note:
      'The page documents `$expand=assignmentPolicies` (the policies of one package); the nested ' +
      '`resourceRoleScopes($expand=role,scope)` is not shown on it.',
  }),
  entry(
    'accessPackages.create',
    'POST',
    `${EM}/accessPackages`,
    'entitlementmanagement-post-accesspackages',
    WRITE_ENTITLEMENT,
    { body: 'accessPackage' },
  ),
  entry(
    'accessPackages.update',
    'PATCH',
    `${EM}/accessPackages/{id}`,
    'accesspackage-update',
    WRITE_ENTITLEMENT,
    {
      body: 'accessPackage',
    },
  ),
  entry(
    'accessPackages.delete',
    'DELETE',
    `${EM}/accessPackages/{id}`,
    'accesspackage-delete',
    WRITE_ENTITLEMENT,
  ),
  entry(
    'resourceRoleScopes.create',
    'POST',
    `${EM}/accessPackages/{id}/resourceRoleScopes`,
    'accesspackage-post-resourcerolescopes',
    WRITE_ENTITLEMENT,
    { body: 'accessPackageResourceRoleScope' },
  ),
  entry(
    'resourceRoleScopes.delete',
    'DELETE',
    `${EM}/accessPackages/{id}/resourceRoleScopes/{scopeId}`,
    'accesspackage-delete-resourcerolescopes',
    WRITE_ENTITLEMENT,
  ),
  entry(
    'assignmentPolicies.create',
    'POST',
    `${EM}/assignmentPolicies`,
    'entitlementmanagement-post-assignmentpolicies',
    WRITE_ENTITLEMENT,
    { body: 'accessPackageAssignmentPolicy' },
  ),
  entry(
    'assignmentPolicies.replace',
    'PUT',
    `${EM}/assignmentPolicies/{id}`,
    'accesspackageassignmentpolicy-update',
    WRITE_ENTITLEMENT,
    { body: 'accessPackageAssignmentPolicy' },
  ),
  entry(
    'assignmentPolicies.delete',
    'DELETE',
    `${EM}/assignmentPolicies/{id}`,
    'accesspackageassignmentpolicy-delete',
    WRITE_ENTITLEMENT,
  ),
  entry(
    'assignments.list',
    'GET',
    `${EM}/assignments`,
    'entitlementmanagement-list-assignments',
    READ_ENTITLEMENT,
    {
      query: ['$filter', '$expand'],
      checked: 'partial',
      note: 'The page shows `accessPackage/id eq` filters on assignments.',
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
    { body: 'accessPackageAssignmentRequest' },
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
