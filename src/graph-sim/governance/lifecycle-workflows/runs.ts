// A run of a workflow: each user's tasks in sequence, with a result per task, per user and for the run.
// Runs complete at once on the simulator clock; Graph's queue and its minutes of latency are not simulated.
import type { SimStore } from '../../store/store.js';
import type { TenantState } from '../../store/tenant.js';
import type { Props, UserRecord } from '../../store/types.js';
import {
  newId,
  type RunRecord,
  type TaskResultRecord,
  type UserResultRecord,
  type WorkflowRecord,
} from './state.js';
import { runTask } from './tasks.js';

/** How a workflow run was started. */
export type ExecutionType = 'scheduled' | 'onDemand';

/** Lifecycle Workflows timestamps carry fractions of a second (unlike the directory's). */
function stamp(tenant: TenantState): string {
  return new Date(tenant.clock.now()).toISOString();
}

function runUser(
  tenant: TenantState,
  store: SimStore,
  wf: WorkflowRecord,
  user: UserRecord,
  run: { id: string; type: ExecutionType },
): UserResultRecord {
  const now = stamp(tenant);
  const tasks = wf.tasks
    .filter((t) => t['isEnabled'] !== false)
    .sort((a, b) => Number(a['executionSequence']) - Number(b['executionSequence']));
  const results: TaskResultRecord[] = [];
  let failed = 0;
  let stopped = false;
  for (const task of tasks) {
    const base: Props = {
      id: newId(),
      createdDateTime: now,
      startedDateTime: stopped ? null : now,
      completedDateTime: stopped ? null : now,
      subject: { id: user.id },
      task: { ...task },
    };
    if (stopped) {
      results.push({ props: { ...base, processingStatus: 'canceled', failureReason: null } });
      continue;
    }
    const outcome = runTask({ tenant, store, workflowId: wf.id, task }, user);
    if (outcome.ok) {
      results.push({ props: { ...base, processingStatus: 'completed', failureReason: null } });
    } else {
      failed++;
      results.push({ props: { ...base, processingStatus: 'failed', failureReason: outcome.reason } });
      if (task['continueOnError'] !== true) stopped = true;
    }
  }
  const unprocessed = results.filter((r) => r.props['processingStatus'] === 'canceled').length;
  return {
    runId: run.id,
    tasks: results,
    props: {
      id: newId(),
      processingStatus: stopped ? 'failed' : failed > 0 ? 'completedWithErrors' : 'completed',
      scheduledDateTime: now,
      startedDateTime: now,
      completedDateTime: now,
      failedTasksCount: failed,
      totalTasksCount: tasks.length,
      totalUnprocessedTasksCount: unprocessed,
      workflowExecutionType: run.type,
      workflowVersion: wf.props['version'],
      subject: { id: user.id },
    },
  };
}

/** Runs the workflow for these users now and records the run and its per-user results. */
export function runWorkflow(
  tenant: TenantState,
  store: SimStore,
  wf: WorkflowRecord,
  users: readonly UserRecord[],
  type: ExecutionType,
): RunRecord {
  const id = newId();
  const now = stamp(tenant);
  const results = users.map((user) => runUser(tenant, store, wf, user, { id, type }));
  for (const result of results) wf.results.set(String(result.props['id']), result);
  const failedUsers = results.filter((r) => r.props['processingStatus'] !== 'completed').length;
  const sum = (name: string) => results.reduce((n, r) => n + Number(r.props[name]), 0);
  const run: RunRecord = {
    userResultIds: results.map((r) => String(r.props['id'])),
    props: {
      id,
      processingStatus: failedUsers === 0 ? 'completed' : 'completedWithErrors',
      workflowExecutionType: type,
      scheduledDateTime: now,
      startedDateTime: now,
      completedDateTime: now,
      lastUpdatedDateTime: now,
      totalUsersCount: results.length,
      successfulUsersCount: results.length - failedUsers,
      failedUsersCount: failedUsers,
      failedTasksCount: sum('failedTasksCount'),
      totalTasksCount: sum('totalTasksCount'),
      totalUnprocessedTasksCount: sum('totalUnprocessedTasksCount'),
    },
  };
  wf.runs.push(run);
  return run;
}
