// Approval decisions on pending assignment requests, made through the admin API acting as an approver.
import { GraphError } from '../../http/errors.js';
import type { TenantState } from '../../store/tenant.js';
import type { Props } from '../../store/types.js';
import { completeRequest, fulfilRequest } from './requests.js';
import { entitlementState, invalid, requireRecord, type RequestRecord } from './state.js';

/** A decision of one approver on the current stage of a request. */
export interface ApprovalDecision {
  decision: 'Approve' | 'Deny';
  /** Object id of the approver; absent: any approver of the stage. */
  approverId?: string;
  justification?: string;
}

/** A request after a decision, and the stage now waiting (when still pending). */
export interface DecidedRequest {
  id: string;
  state: string;
  status: string;
  stage: number;
}

function stagesOf(tenant: TenantState, request: RequestRecord): Props[] {
  const policy = entitlementState(tenant).policies.get(request.policyId)?.props;
  const settings = policy?.['requestApprovalSettings'] as Props | null | undefined;
  return Array.isArray(settings?.['stages']) ? (settings['stages'] as Props[]) : [];
}

function approves(tenant: TenantState, subject: Props, approverId: string, targetId: string): boolean {
  switch (String(subject['@odata.type'] ?? '').replace(/^#?microsoft\.graph\./, '')) {
    case 'singleUser':
      return String(subject['userId']).toLowerCase() === approverId.toLowerCase();
    case 'groupMembers':
      return tenant.groupsOf(approverId).includes(String(subject['groupId']));
    case 'requestorManager':
      return tenant.users.get(targetId)?.managerId === approverId;
    default:
      return false;
  }
}

function checkApprover(tenant: TenantState, stage: Props, request: RequestRecord, approverId: string): void {
  if (approverId === request.targetId)
    throw new GraphError(403, 'Forbidden', 'A requestor cannot approve their own request.');
  const approvers = [
    ...((stage['primaryApprovers'] as Props[] | undefined) ?? []),
    ...((stage['fallbackPrimaryApprovers'] as Props[] | undefined) ?? []),
  ];
  if (!approvers.some((subject) => approves(tenant, subject, approverId, request.targetId)))
    throw new GraphError(403, 'Forbidden', `The user '${approverId}' is not an approver of this stage.`);
}

/** Records a decision on the request's current stage: Deny ends it, Approve moves on or delivers. */
export function decideRequest(
  tenant: TenantState,
  now: number,
  requestId: string,
  input: ApprovalDecision,
): DecidedRequest {
  const state = entitlementState(tenant);
  const request = requireRecord(state.requests, 'assignment request', requestId);
  if (request.props['state'] !== 'pendingApproval')
    throw invalid(`The request is ${String(request.props['state'])}, not pendingApproval.`);
  const stages = stagesOf(tenant, request);
  const stage = stages[request.stage] ?? {};
  if (input.approverId !== undefined) checkApprover(tenant, stage, request, input.approverId);
  if (stage['isApproverJustificationRequired'] === true && !input.justification?.trim())
    throw invalid('The approver must give a justification.');
  if (input.decision === 'Deny') {
    completeRequest(request, 'denied', 'Denied', now);
  } else if (request.stage + 1 < stages.length) {
    request.stage += 1;
    request.stageStartedMs = now;
  } else {
    fulfilRequest(tenant, state, request, now);
  }
  return {
    id: String(request.props['id']),
    state: String(request.props['state']),
    status: String(request.props['status']),
    stage: request.stage,
  };
}
