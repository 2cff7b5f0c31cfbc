// Access package assignment reviews: the decision items are the delivered assignments the scope's $filter
// selects (by accessPackageId and assignmentPolicyId), and a Deny removes the assignment as Entra does, by an
// adminRemove request, so the memberships the package granted go with it.
import { evaluateODataFilter, type ODataExpr } from '../../../rules/odata.js';
import type { SimStore } from '../../store/store.js';
import type { TenantState } from '../../store/tenant.js';
import type { Props } from '../../store/types.js';
import { submitAssignmentRequest } from '../entitlement/requests.js';
import { entitlementState, type AssignmentRecord } from '../entitlement/state.js';
import { newDecisions } from './decisions.js';
import type { DecisionRecord, ReviewScope } from './state.js';

/** The delivered assignments the filter selects, in assignment order. */
export function assignmentsInScope(tenant: TenantState, filter: ODataExpr | undefined): AssignmentRecord[] {
  return [...entitlementState(tenant).assignments.values()].filter(
    (a) =>
      a.state === 'delivered' &&
      tenant.users.has(a.targetId) &&
      (!filter ||
        evaluateODataFilter(filter, { accessPackageId: a.accessPackageId, assignmentPolicyId: a.policyId })),
  );
}

// Graph v1.0 accessReviewInstanceDecisionItemAccessPackageAssignmentPolicyResource: the policy that granted
// the access, with the package's id and name; `displayName` is the package's, as the reference page says.
function policyResource(tenant: TenantState, assignment: AssignmentRecord): Props {
  const state = entitlementState(tenant);
  const packageName = state.packages.get(assignment.accessPackageId)?.props['displayName'] ?? null;
  return {
    '@odata.type': '#microsoft.graph.accessReviewInstanceDecisionItemAccessPackageAssignmentPolicyResource',
    id: assignment.policyId,
    displayName: packageName,
    type: 'AccessPackageAssignmentPolicy',
    accessPackageId: assignment.accessPackageId,
    accessPackageDisplayName: packageName,
  };
}

/** One new decision item per assignment in scope; the principal is the assignment's target user. */
export function assignmentDecisions(
  tenant: TenantState,
  instanceId: string,
  scope: Extract<ReviewScope, { kind: 'accessPackageAssignments' }>,
  recommendations: boolean,
): DecisionRecord[] {
  return assignmentsInScope(tenant, scope.filter).flatMap((assignment) => {
    const user = tenant.users.get(assignment.targetId);
    if (!user) return [];
    return newDecisions(tenant, instanceId, scope, [user], recommendations).map((item) => {
      item.assignmentId = assignment.id;
      item.props['resource'] = policyResource(tenant, assignment);
      return item;
    });
  });
}

/**
 * Removes a denied assignment by an adminRemove request through entitlement management's request door;
 * an assignment no longer live (removed or expired meanwhile) is not found.
 */
export function removeDeniedAssignment(
  tenant: TenantState,
  store: SimStore,
  item: DecisionRecord,
): 'AppliedSuccessfully' | 'AppliedSuccessfullyButObjectNotFound' {
  const state = entitlementState(tenant);
  const assignment = item.assignmentId === undefined ? undefined : state.assignments.get(item.assignmentId);
  // Checked first: adminRemove names the package and user, and a later assignment of the same package (an
  // automatic policy assigning again) is not the one reviewed.
  if (!assignment || (assignment.state !== 'delivered' && assignment.state !== 'delivering'))
    return 'AppliedSuccessfullyButObjectNotFound';
  submitAssignmentRequest(tenant, store, {
    requestType: 'adminRemove',
    accessPackageId: assignment.accessPackageId,
    assignmentPolicyId: assignment.policyId,
    targetId: assignment.targetId,
    justification: 'Denied in an access review',
  });
  return 'AppliedSuccessfully';
}
