// Typed admin calls of the entitlement module, for tests and the demo.
import type { SimAdminClient } from '../../admin-client.js';
import type { DecidedRequest } from './approvals.js';
import type { AssignmentRequestInput } from './requests.js';

/** A request waiting for an approver, as the admin API lists it. */
export interface PendingApproval {
  id: string;
  accessPackageId: string;
  assignmentPolicyId: string;
  targetId: string;
  stage: number;
  justification: string | null;
}

function base(tenant: string): string {
  return `/tenants/${encodeURIComponent(tenant)}/entitlement`;
}

/** Submits an assignment request acting as the target user (userAdd) or an administrator. */
export function submitRequest(
  admin: SimAdminClient,
  tenant: string,
  input: AssignmentRequestInput,
): Promise<{ id: string; state: string; status: string }> {
  return admin.call('POST', `${base(tenant)}/assignmentRequests`, input);
}

/** Lists the requests waiting for an approver in a tenant. */
export async function pendingApprovals(admin: SimAdminClient, tenant: string): Promise<PendingApproval[]> {
  return (await admin.call<{ requests: PendingApproval[] }>('GET', `${base(tenant)}/approvals`)).requests;
}

/** Approves the current stage of a request, acting as `approverId` (any approver when absent). */
export function approveRequest(
  admin: SimAdminClient,
  tenant: string,
  requestId: string,
  options: { approverId?: string; justification?: string } = {},
): Promise<DecidedRequest> {
  return admin.call('POST', `${base(tenant)}/requests/${encodeURIComponent(requestId)}/approve`, options);
}

/** Denies a request, acting as `approverId` (any approver when absent). */
export function denyRequest(
  admin: SimAdminClient,
  tenant: string,
  requestId: string,
  options: { approverId?: string; justification?: string } = {},
): Promise<DecidedRequest> {
  return admin.call('POST', `${base(tenant)}/requests/${encodeURIComponent(requestId)}/deny`, options);
}
