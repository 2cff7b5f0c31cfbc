// Assignment requests: validation as POST /assignmentRequests answers, then approval or delivery.
// Other simulator modules (lifecycle workflows) submit requests through `submitAssignmentRequest`.
import { GraphError } from '../../http/errors.js';
import type { SimStore } from '../../store/store.js';
import type { TenantState } from '../../store/tenant.js';
import type { Props } from '../../store/types.js';
import { deliverAssignment, endAssignment, liveAssignment } from './delivery.js';
import {
  entitlementState,
  invalid,
  isoAt,
  newId,
  notFoundIn,
  requireRecord,
  type AssignmentRecord,
  type EntitlementState,
  type RequestRecord,
} from './state.js';
import { isAllowedTarget } from './targets.js';

/** Request types a caller can submit (the `system*` types are Entra's own). */
export type SubmittedRequestType = 'adminAdd' | 'userAdd' | 'adminRemove' | 'userRemove';

/** What a request names: the package, the policy and the user it is for. */
export interface AssignmentRequestInput {
  requestType: SubmittedRequestType;
  accessPackageId: string;
  assignmentPolicyId: string;
  targetId: string;
  justification?: string;
}

function approvalStages(policy: Props): Props[] {
  const settings = policy['requestApprovalSettings'] as Props | null | undefined;
  if (!settings?.['isApprovalRequiredForAdd']) return [];
  return Array.isArray(settings['stages']) ? (settings['stages'] as Props[]) : [];
}

function requestorSetting(policy: Props, name: string): boolean {
  return (policy['requestorSettings'] as Props | null | undefined)?.[name] === true;
}

/** Records a request in its final or waiting state. */
export function recordRequest(
  state: EntitlementState,
  fields: Omit<RequestRecord, 'props' | 'stage' | 'stageStartedMs'> & {
    requestType: string;
    state: string;
    status: string;
    justification?: string;
  },
  now: number,
): RequestRecord {
  const { requestType, state: requestState, status, justification, ...links } = fields;
  const done = !['submitted', 'pendingApproval', 'delivering'].includes(requestState);
  const request: RequestRecord = {
    ...links,
    stage: 0,
    stageStartedMs: now,
    props: {
      id: newId(),
      requestType,
      state: requestState,
      status,
      createdDateTime: isoAt(now),
      completedDateTime: done ? isoAt(now) : null,
      justification: justification ?? null,
      schedule: { startDateTime: isoAt(now), recurrence: null, expiration: { type: 'notSpecified' } },
      answers: [],
    },
  };
  state.requests.set(String(request.props['id']), request);
  return request;
}

/** Marks a request complete with its final state. */
export function completeRequest(
  request: RequestRecord,
  finalState: string,
  status: string,
  now: number,
): void {
  request.props['state'] = finalState;
  request.props['status'] = status;
  request.props['completedDateTime'] = isoAt(now);
}

/** Delivers the assignment a pending add request asked for. */
export function fulfilRequest(
  tenant: TenantState,
  state: EntitlementState,
  request: RequestRecord,
  now: number,
): void {
  const assignment = deliverAssignment(tenant, state, request, now);
  request.assignmentId = assignment.id;
  completeRequest(request, 'delivered', 'Delivered', now);
}

function addRequest(
  tenant: TenantState,
  state: EntitlementState,
  input: AssignmentRequestInput,
  now: number,
): RequestRecord {
  const pkg = requireRecord(state.packages, 'access package', input.accessPackageId);
  const policy = requireRecord(state.policies, 'assignment policy', input.assignmentPolicyId);
  if (policy.accessPackageId !== input.accessPackageId)
    throw invalid(`The policy '${input.assignmentPolicyId}' does not belong to the access package.`);
  if (policy.props['automaticRequestSettings'])
    throw invalid('Requests cannot be made against a policy with automatic assignment.');
  const user = tenant.users.get(input.targetId);
  if (!user) throw notFoundIn('user', input.targetId);
  if (liveAssignment(state, input.accessPackageId, input.targetId))
    throw invalid('The target already has an active assignment to this access package.');
  for (const open of state.requests.values()) {
    if (
      open.accessPackageId === pkg.props['id'] &&
      open.targetId === user.id &&
      open.props['state'] === 'pendingApproval'
    )
      throw invalid('The target already has a pending request for this access package.');
  }
  const stages = approvalStages(policy.props);
  if (input.requestType === 'userAdd') {
    if (!requestorSetting(policy.props, 'enableTargetsToSelfAddAccess'))
      throw new GraphError(403, 'Forbidden', 'The policy does not allow users to request access.');
    if (!isAllowedTarget(tenant, policy.props, user, now))
      throw new GraphError(403, 'Forbidden', 'The requestor is not in the scope of the policy.');
    // Users of connected organizations request only in a catalog enabled for external users (isExternallyVisible).
    const external = String(policy.props['allowedTargetScope']).endsWith('ConnectedOrganizationUsers');
    if (external && state.catalogs.get(pkg.catalogId)?.props['isExternallyVisible'] !== true)
      throw new GraphError(
        403,
        'Forbidden',
        'The catalog of the access package is not enabled for external users.',
      );
    const settings = policy.props['requestApprovalSettings'] as Props | null | undefined;
    if (settings?.['isRequestorJustificationRequired'] === true && !input.justification?.trim())
      throw invalid('A justification is required by the policy.');
  }
  const links = {
    accessPackageId: pkg.props['id'] as string,
    policyId: policy.props['id'] as string,
    targetId: user.id,
  };
  // Administrators' direct assignments skip approval, as in Entra.
  if (input.requestType === 'userAdd' && stages.length > 0) {
    return recordRequest(
      state,
      {
        ...links,
        requestType: input.requestType,
        state: 'pendingApproval',
        status: 'PendingApproval',
        justification: input.justification,
      },
      now,
    );
  }
  const request = recordRequest(
    state,
    {
      ...links,
      requestType: input.requestType,
      state: 'delivering',
      status: 'Accepted',
      justification: input.justification,
    },
    now,
  );
  fulfilRequest(tenant, state, request, now);
  return request;
}

/** Records a removal request and ends the assignment at once. */
export function removeAssignment(
  tenant: TenantState,
  state: EntitlementState,
  assignment: AssignmentRecord,
  requestType: string,
  now: number,
  justification?: string,
): RequestRecord {
  const request = recordRequest(
    state,
    {
      accessPackageId: assignment.accessPackageId,
      policyId: assignment.policyId,
      targetId: assignment.targetId,
      assignmentId: assignment.id,
      requestType,
      state: 'delivered',
      status: 'Delivered',
      justification,
    },
    now,
  );
  endAssignment(tenant, state, assignment, now);
  return request;
}

/**
 * Submits an assignment request as POST /assignmentRequests would (the caller acting as the administrator,
 * or as the target user for `userAdd`/`userRemove`) and returns it as it stands after processing:
 * `delivered` when no approval is needed, `pendingApproval` otherwise. Throws GraphError for invalid input.
 */
export function submitAssignmentRequest(
  tenant: TenantState,
  store: SimStore,
  input: AssignmentRequestInput,
): { id: string; state: string; status: string } {
  const state = entitlementState(tenant);
  const now = store.clock.now();
  let request: RequestRecord;
  if (input.requestType === 'adminAdd' || input.requestType === 'userAdd') {
    request = addRequest(tenant, state, input, now);
  } else if (input.requestType === 'adminRemove' || input.requestType === 'userRemove') {
    const assignment = liveAssignment(state, input.accessPackageId, input.targetId);
    if (!assignment) throw notFoundIn('assignment of the target to access package', input.accessPackageId);
    const policy = state.policies.get(assignment.policyId)?.props ?? {};
    if (input.requestType === 'userRemove' && !requestorSetting(policy, 'enableTargetsToSelfRemoveAccess'))
      throw new GraphError(403, 'Forbidden', 'The policy does not allow users to remove their own access.');
    request = removeAssignment(tenant, state, assignment, input.requestType, now, input.justification);
  } else {
    throw invalid(`The requestType '${String(input.requestType)}' is not supported.`);
  }
  return {
    id: String(request.props['id']),
    state: String(request.props['state']),
    status: String(request.props['status']),
  };
}
