// Admin routes under /_sim/tenants/{tenant}/access-reviews: read definitions with their instances and
// decisions, and record a reviewer's decision (Graph records decisions only for signed-in reviewers).
import { GraphError, type GraphResult } from '../../http/errors.js';
import type { Router } from '../../http/router.js';
import type { AdminCall, AdminRoute } from '../../module.js';
import type { TenantState } from '../../store/tenant.js';
import type { Props } from '../../store/types.js';
import { isDecision, recordDecision, userIdentity } from './decisions.js';
import { renderInstance } from './instances.js';
import { advanceTenant } from './lifecycle.js';
import { mayReview } from './reviewers.js';
import { requireDecision, requireDefinition, requireInstance, reviewsOf } from './state.js';

function tenantOf(call: AdminCall): TenantState {
  const tenant = call.store.resolve(call.params['tenant'] as string);
  if (!tenant) throw new GraphError(404, 'NotFound', `No tenant '${call.params['tenant']}'.`);
  advanceTenant(tenant, call.store);
  return tenant;
}

function definitions(call: AdminCall): GraphResult {
  const tenant = tenantOf(call);
  const out = [...reviewsOf(tenant).definitions.values()].map((definition) => ({
    id: definition.props['id'],
    displayName: definition.props['displayName'],
    status: definition.props['status'],
    instances: definition.instances.map((instance) => ({
      ...renderInstance(definition, instance),
      decisions: instance.decisions.map((d) => structuredClone(d.props)),
    })),
  }));
  return { status: 200, body: { definitions: out } };
}

function decide(call: AdminCall): GraphResult {
  const tenant = tenantOf(call);
  const definition = requireDefinition(tenant, call.params['definitionId'] as string);
  const instance = requireInstance(definition, call.params['instanceId'] as string);
  const item = requireDecision(instance, call.params['decisionId'] as string);
  const body = (typeof call.body === 'object' && call.body !== null ? call.body : {}) as Props;
  const decision = body['decision'];
  if (!isDecision(decision) || decision === 'NotReviewed')
    throw new GraphError(400, 'BadRequest', "decision must be 'Approve', 'Deny' or 'DontKnow'.");
  const justification = typeof body['justification'] === 'string' ? body['justification'] : '';
  const reviewer = typeof body['reviewer'] === 'string' ? tenant.findUser(body['reviewer']) : undefined;
  if (!reviewer)
    throw new GraphError(400, 'BadRequest', 'reviewer must name a user of the tenant (id or UPN).');
  if (instance.status !== 'InProgress')
    throw new GraphError(
      400,
      'BadRequest',
      `The access review instance is ${instance.status}, not InProgress.`,
    );
  if (!mayReview(tenant, definition, item, reviewer.id))
    throw new GraphError(
      403,
      'Forbidden',
      `${String(reviewer.props['userPrincipalName'])} is not a reviewer of this item.`,
    );
  const settings = (definition.props['settings'] ?? {}) as Props;
  if (
    decision === 'Approve' &&
    settings['justificationRequiredOnApproval'] === true &&
    justification.trim() === ''
  )
    throw new GraphError(400, 'BadRequest', 'A justification is required to approve.');
  recordDecision(item, decision, justification, userIdentity(reviewer), tenant.clock.now());
  return { status: 200, body: structuredClone(item.props) };
}

/** Registers the access reviews admin routes. */
export function accessReviewAdminRoutes(router: Router<AdminRoute>): void {
  const base = '/tenants/:tenant/access-reviews/definitions';
  router
    .add('GET', base, definitions)
    .add('POST', `${base}/:definitionId/instances/:instanceId/decisions/:decisionId`, decide);
}
