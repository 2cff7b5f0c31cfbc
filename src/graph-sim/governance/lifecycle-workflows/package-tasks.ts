// The access package tasks: they go through entitlement management's own request path, as Entra's do.
import { submitAssignmentRequest } from '../entitlement/requests.js';
import { entitlementState } from '../entitlement/state.js';
import type { UserRecord } from '../../store/types.js';
import { taskArgument, type TaskContext, type TaskOutcome } from './state.js';

const REQUEST_PACKAGE = 'c1ec1e76-f374-4375-aaa6-0bb6bd4c60be';
const REMOVE_PACKAGE = '4a0b64f2-c7ec-46ba-b117-18f262946c50';
const REMOVE_ALL_PACKAGES = '42ae2956-193d-4f39-be06-691b8ac4fa1d';
const FAILED_STATES = new Set(['denied', 'deliveryFailed', 'canceled']);
const ENDED_ASSIGNMENTS = new Set(['expired', 'deliveryFailed']);

/** Submits one request; a refused or failed request is the task's failure. */
function submit(ctx: TaskContext, input: Parameters<typeof submitAssignmentRequest>[2]): TaskOutcome {
  try {
    const request = submitAssignmentRequest(ctx.tenant, ctx.store, input);
    return FAILED_STATES.has(request.state)
      ? { ok: false, reason: `The assignment request ${request.id} is ${request.state}: ${request.status}.` }
      : { ok: true };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

/** Removes the user's live assignments of one package (or of all packages when `accessPackageId` is undefined). */
function removeAssignments(ctx: TaskContext, user: UserRecord, accessPackageId?: string): TaskOutcome {
  const live = [...entitlementState(ctx.tenant).assignments.values()].filter(
    (a) =>
      a.targetId === user.id &&
      !ENDED_ASSIGNMENTS.has(a.state) &&
      (accessPackageId === undefined || a.accessPackageId === accessPackageId),
  );
  for (const assignment of live) {
    const outcome = submit(ctx, {
      requestType: 'adminRemove',
      accessPackageId: assignment.accessPackageId,
      assignmentPolicyId: assignment.policyId,
      targetId: user.id,
    });
    if (!outcome.ok) return outcome;
  }
  return { ok: true };
}

/** Runs an access package task; any other task definition is one the simulator does not run. */
export function runPackageTask(ctx: TaskContext, user: UserRecord): TaskOutcome {
  switch (ctx.task['taskDefinitionId']) {
    case REQUEST_PACKAGE:
      return submit(ctx, {
        requestType: 'adminAdd',
        accessPackageId: taskArgument(ctx.task, 'accessPackageId'),
        assignmentPolicyId: taskArgument(ctx.task, 'assignmentPolicyId'),
        targetId: user.id,
        justification: `Lifecycle workflow ${ctx.workflowId}`,
      });
    case REMOVE_PACKAGE:
      return removeAssignments(ctx, user, taskArgument(ctx.task, 'accessPackageId'));
    case REMOVE_ALL_PACKAGES:
      return removeAssignments(ctx, user);
    default:
      return {
        ok: false,
        reason: `Task definition ${String(ctx.task['taskDefinitionId'])} is not run by the Graph simulator.`,
      };
  }
}
