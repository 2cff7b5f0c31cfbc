import { entry, LW } from './governance-entry.js';
import { READ_WORKFLOW_REPORTS, READ_WORKFLOWS, WRITE_WORKFLOWS } from './permissions.js';
import type { ContractEntry } from './types.js';

/** Lifecycle workflows: workflows, versions, on-demand runs and their reports. */
export const LIFECYCLE_WORKFLOWS_CONTRACT: readonly ContractEntry[] = [
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
