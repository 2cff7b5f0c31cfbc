import type { GraphClient } from '../client.js';
import { unlessNotFound } from '../errors.js';
import { readAll } from '../paging.js';
import { segment, withQuery } from '../url.js';
import { literal } from './odata.js';
import type {
  TaskProcessingResult,
  UserProcessingResult,
  Workflow,
  WorkflowBody,
  WorkflowRun,
} from './types.js';

const LW = '/identityGovernance/lifecycleWorkflows/workflows';
// `mover` is an evolvable enum member: without this header Graph reads it back as `unknownFutureValue`.
// https://learn.microsoft.com/graph/best-practices-concept#handling-future-members-in-evolvable-enumerations
const ENUMS = { headers: { Prefer: 'include-unknown-enum-members' } };

/**
 * One workflow with its tasks; undefined when it no longer exists. The get page expands `tasks` by default and
 * documents `$expand` for createdBy and lastModifiedBy only, so no `$expand=tasks` is sent.
 */
export function getWorkflow(client: GraphClient, id: string): Promise<Workflow | undefined> {
  return unlessNotFound(client.get<Workflow>(`${LW}/${segment(id)}`, ENUMS), undefined);
}

/** The workflows with this display name. */
export function findWorkflows(client: GraphClient, displayName: string): Promise<Workflow[]> {
  return readAll<Workflow>(
    client,
    withQuery(LW, { $filter: `displayName eq ${literal(displayName)}` }),
    ENUMS,
  );
}

/** Creates a workflow with its tasks. */
export async function createWorkflow(client: GraphClient, body: WorkflowBody): Promise<Workflow> {
  return (await client.send<Workflow>('POST', LW, body)).body;
}

/** Updates the properties that need no new version (names, enabled, scheduling). */
export async function updateWorkflow(
  client: GraphClient,
  id: string,
  patch: Partial<Pick<WorkflowBody, 'displayName' | 'description' | 'isEnabled' | 'isSchedulingEnabled'>>,
): Promise<void> {
  await client.send('PATCH', `${LW}/${segment(id)}`, patch);
}

/**
 * Makes a new version with other tasks or execution conditions (they cannot be patched). The page says the
 * answer is the workflow but its examples wrap it in `workflow` without id or version: read it again instead.
 */
export async function createWorkflowVersion(
  client: GraphClient,
  id: string,
  body: WorkflowBody,
): Promise<void> {
  await client.send('POST', `${LW}/${segment(id)}/createNewVersion`, { workflow: body });
}

/** Deletes a workflow (Graph soft-deletes it into deletedItems); absent counts as done. */
export async function deleteWorkflow(client: GraphClient, id: string): Promise<void> {
  await unlessNotFound(client.send('DELETE', `${LW}/${segment(id)}`), undefined);
}

/** The runs of a workflow. */
export function listWorkflowRuns(client: GraphClient, id: string): Promise<WorkflowRun[]> {
  return readAll<WorkflowRun>(client, `${LW}/${segment(id)}/runs`);
}

/** The per-user results of a workflow, with each user's UPN (`$expand=subject`). */
export function listUserProcessingResults(client: GraphClient, id: string): Promise<UserProcessingResult[]> {
  return readAll<UserProcessingResult>(
    client,
    withQuery(`${LW}/${segment(id)}/userProcessingResults`, { $expand: 'subject' }),
  );
}

/** The per-task results of one user's processing by a workflow. */
export function listTaskProcessingResults(
  client: GraphClient,
  workflowId: string,
  resultId: string,
): Promise<TaskProcessingResult[]> {
  return readAll<TaskProcessingResult>(
    client,
    `${LW}/${segment(workflowId)}/userProcessingResults/${segment(resultId)}/taskProcessingResults`,
  );
}
