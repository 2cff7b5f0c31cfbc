// Brings one lifecycle workflow in line with its LifecycleWorkflow and reads its runs.
import type { LifecycleWorkflow, LifecycleWorkflowStatus } from '../../api/index.js';
import type { GraphClient } from '../../graph/index.js';
import * as lw from '../../graph/governance/index.js';
import type {
  UserProcessingResult,
  Workflow,
  WorkflowBody,
  WorkflowRun,
} from '../../graph/governance/index.js';
import { planWorkflowChange } from '../../governance/lifecycle-workflow.js';

/** What a pass found: status fields, the plan, the runs, whether a run is still going. */
export interface WorkflowSync {
  status: Partial<LifecycleWorkflowStatus>;
  plan: string[];
  runs: WorkflowRun[];
  settling: boolean;
}

async function findWorkflow(client: GraphClient, wf: LifecycleWorkflow, displayName: string) {
  const known = wf.status?.workflowId;
  if (known) {
    const found = await lw.getWorkflow(client, known);
    if (found) return found;
  }
  const byName = (await lw.findWorkflows(client, displayName))[0];
  return byName ? lw.getWorkflow(client, byName.id) : undefined;
}

function toStatusRun(run: WorkflowRun): NonNullable<LifecycleWorkflowStatus['lastRuns']>[number] {
  return {
    id: run.id,
    processingStatus: run.processingStatus,
    executionType: run.workflowExecutionType,
    ...(run.startedDateTime ? { startedTime: run.startedDateTime } : {}),
    ...(run.completedDateTime ? { completedTime: run.completedDateTime } : {}),
    totalUsers: run.totalUsersCount ?? 0,
    successfulUsers: run.successfulUsersCount ?? 0,
    failedUsers: run.failedUsersCount ?? 0,
    failedTasks: run.failedTasksCount ?? 0,
  };
}

type StatusUserResult = NonNullable<LifecycleWorkflowStatus['lastUserResults']>[number];

const USER_RESULTS = 20;

function finishedAt(result: UserProcessingResult): string {
  return result.completedDateTime ?? result.startedDateTime ?? '';
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The latest per-user results; for a user with a failed task, the first failed task and Graph's reason. */
async function latestUserResults(client: GraphClient, workflowId: string): Promise<StatusUserResult[]> {
  const latest = (await lw.listUserProcessingResults(client, workflowId))
    .sort((a, b) => finishedAt(b).localeCompare(finishedAt(a)))
    .slice(0, USER_RESULTS);
  return Promise.all(
    latest.map(async (result) => {
      const entry: StatusUserResult = {
        userId: result.subject?.id ?? '',
        ...(result.subject?.userPrincipalName ? { userPrincipalName: result.subject.userPrincipalName } : {}),
        processingStatus: result.processingStatus,
        executionType: result.workflowExecutionType ?? 'scheduled',
        ...(result.completedDateTime ? { completedTime: result.completedDateTime } : {}),
        failedTasks: result.failedTasksCount ?? 0,
      };
      if (!result.failedTasksCount) return entry;
      const failed = (await lw.listTaskProcessingResults(client, workflowId, result.id))
        .filter((t) => t.processingStatus === 'failed')
        .sort((a, b) => (a.task?.executionSequence ?? 0) - (b.task?.executionSequence ?? 0))[0];
      return {
        ...entry,
        ...(failed?.task?.displayName ? { failedTask: clip(failed.task.displayName, 256) } : {}),
        ...(failed?.failureReason ? { failureReason: clip(failed.failureReason, 1024) } : {}),
      };
    }),
  );
}

/** Creates, patches or versions the workflow (nothing in DryRun) and reports its version, latest runs and user results. */
export async function syncWorkflow(
  client: GraphClient,
  wf: LifecycleWorkflow,
  body: WorkflowBody,
  dryRun: boolean,
): Promise<WorkflowSync> {
  const plan: string[] = [];
  let actual: Workflow | undefined = await findWorkflow(client, wf, body.displayName);
  if (!actual) {
    plan.push(`create workflow "${body.displayName}" with ${body.tasks.length} tasks`);
    if (dryRun) return { status: {}, plan, runs: [], settling: false };
    actual = await lw.createWorkflow(client, body);
  } else {
    const change = planWorkflowChange(body, actual);
    if (change.kind === 'update') {
      plan.push(`update workflow ${change.fields.join(', ')}`);
      if (!dryRun) {
        await lw.updateWorkflow(client, actual.id, change.patch);
        actual = { ...actual, ...change.patch };
      }
    } else if (change.kind === 'newVersion') {
      plan.push(`create a new workflow version (${change.fields.join(', ')})`);
      if (!dryRun) {
        await lw.createWorkflowVersion(client, actual.id, body);
        actual = (await lw.getWorkflow(client, actual.id)) ?? actual;
      }
    }
  }
  const runs = (await lw.listWorkflowRuns(client, actual.id)).sort((a, b) =>
    (b.startedDateTime ?? b.scheduledDateTime ?? '').localeCompare(
      a.startedDateTime ?? a.scheduledDateTime ?? '',
    ),
  );
  return {
    status: {
      workflowId: actual.id,
      ...(actual.version !== undefined ? { version: actual.version } : {}),
      lastRuns: runs.slice(0, 10).map(toStatusRun),
      ...(runs.length > 0 ? { lastUserResults: await latestUserResults(client, actual.id) } : {}),
    },
    plan,
    runs,
    settling: runs.some((r) => r.processingStatus === 'queued' || r.processingStatus === 'inProgress'),
  };
}
