import { GraphError } from '../../http/errors.js';
import type { AdminCall, SimModule } from '../../module.js';
import type { TenantState } from '../../store/tenant.js';
import type { Props } from '../../store/types.js';
import { decideRequest, type ApprovalDecision } from './approvals.js';
import { assignmentRoutes } from './assignments.js';
import { catalogRoutes } from './catalogs.js';
import { connectedOrganizationRoutes } from './connected-organizations.js';
import { evaluateEntitlements } from './evaluate.js';
import { packageRoutes } from './packages.js';
import { policyRoutes } from './policies.js';
import { submitAssignmentRequest, type AssignmentRequestInput } from './requests.js';
import { entitlementState, objectBody } from './state.js';

function tenantOf(call: AdminCall): TenantState {
  const tenant = call.store.resolve(call.params['tenant'] as string);
  if (!tenant) throw new GraphError(404, 'NotFound', `No tenant '${call.params['tenant']}'.`);
  return tenant;
}

function optionalString(body: Props, name: string): Record<string, string> {
  const value = body[name];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'string') throw new GraphError(400, 'BadRequest', `${name} must be a string.`);
  return { [name]: value };
}

function decide(decision: ApprovalDecision['decision']) {
  return (call: AdminCall) => {
    const tenant = tenantOf(call);
    const body = call.body === undefined ? {} : objectBody(call.body);
    const result = decideRequest(tenant, call.store.clock.now(), call.params['id'] as string, {
      decision,
      ...optionalString(body, 'approverId'),
      ...optionalString(body, 'justification'),
    });
    return { status: 200, body: result };
  };
}

/** The requests waiting for an approver, with the stage they wait in. */
function pendingApprovals(call: AdminCall) {
  const state = entitlementState(tenantOf(call));
  const pending = [...state.requests.values()]
    .filter((r) => r.props['state'] === 'pendingApproval')
    .map((r) => ({
      id: r.props['id'],
      accessPackageId: r.accessPackageId,
      assignmentPolicyId: r.policyId,
      targetId: r.targetId,
      stage: r.stage,
      justification: r.props['justification'],
    }));
  return { status: 200, body: { requests: pending } };
}

/**
 * Entitlement management: catalogs, resource requests, access packages and their resource role scopes,
 * assignment policies, assignment requests and assignments; automatic policies, approvals and expiry follow
 * the simulator clock and directory writes. Admin routes act as a requesting user or an approver.
 */
export const entitlementModule: SimModule = {
  name: 'entitlement',
  graphRoutes(router) {
    catalogRoutes(router);
    connectedOrganizationRoutes(router);
    packageRoutes(router);
    policyRoutes(router);
    assignmentRoutes(router);
  },
  adminRoutes(router) {
    router
      .add('POST', '/tenants/:tenant/entitlement/assignmentRequests', (call) => {
        const tenant = tenantOf(call);
        const body = objectBody(call.body);
        for (const name of ['requestType', 'accessPackageId', 'assignmentPolicyId', 'targetId'])
          if (typeof body[name] !== 'string')
            throw new GraphError(400, 'BadRequest', `${name} must be a string.`);
        const input = body as unknown as AssignmentRequestInput;
        return { status: 201, body: submitAssignmentRequest(tenant, call.store, input) };
      })
      .add('GET', '/tenants/:tenant/entitlement/approvals', pendingApprovals)
      .add('POST', '/tenants/:tenant/entitlement/requests/:id/approve', decide('Approve'))
      .add('POST', '/tenants/:tenant/entitlement/requests/:id/deny', decide('Deny'));
  },
  onClockAdvance(store) {
    const now = store.clock.now();
    for (const tenant of store.tenants.values()) evaluateEntitlements(tenant, now);
  },
  onGraphWrite(tenant, store) {
    evaluateEntitlements(tenant, store.clock.now());
  },
};
