// Instances and decisions of a definition: list and get them, stop, applyDecisions, batchRecordDecisions,
// resetDecisions and sendReminder.
import { badRequest, GraphError, type GraphResult } from '../../http/errors.js';
import type { GraphCall } from '../../module.js';
import type { Props } from '../../store/types.js';
import { applyInstance } from './apply.js';
import { filtered, reviewPage } from './query.js';
import { isDecision, NOT_REVIEWED_BY, recordDecision } from './decisions.js';
import { DEFINITIONS } from './definitions.js';
import { advanceTenant, completeInstance } from './lifecycle.js';
import {
  isoTime,
  requireDecision,
  requireDefinition,
  requireInstance,
  type DefinitionRecord,
  type InstanceRecord,
} from './state.js';

/** Renders an accessReviewInstance. */
export function renderInstance(definition: DefinitionRecord, instance: InstanceRecord): Props {
  return {
    id: instance.id,
    startDateTime: isoTime(instance.startMs),
    endDateTime: isoTime(instance.endMs),
    status: instance.status,
    scope: structuredClone(definition.props['scope']),
    reviewers: structuredClone(definition.props['reviewers']),
    fallbackReviewers: structuredClone(definition.props['fallbackReviewers']),
  };
}

function located(call: GraphCall): { definition: DefinitionRecord; instance: InstanceRecord } {
  advanceTenant(call.tenant, call.store);
  const definition = requireDefinition(call.tenant, call.params['id'] as string);
  return { definition, instance: requireInstance(definition, call.params['instanceId'] as string) };
}

function listInstances(call: GraphCall): GraphResult {
  advanceTenant(call.tenant, call.store);
  const definition = requireDefinition(call.tenant, call.params['id'] as string);
  const items = filtered(call, definition.instances, (i) => renderInstance(definition, i));
  const context = `identityGovernance/accessReviews/definitions('${definition.props['id']}')/instances`;
  return { status: 200, body: reviewPage(call, context, items, (i) => renderInstance(definition, i)) };
}

function getInstance(call: GraphCall): GraphResult {
  const { definition, instance } = located(call);
  return { status: 200, body: renderInstance(definition, instance) };
}

function listDecisions(call: GraphCall): GraphResult {
  const { definition, instance } = located(call);
  const items = filtered(call, instance.decisions, (d) => d.props);
  const context = `identityGovernance/accessReviews/definitions('${definition.props['id']}')/instances('${instance.id}')/decisions`;
  return { status: 200, body: reviewPage(call, context, items, (d) => structuredClone(d.props)) };
}

function getDecision(call: GraphCall): GraphResult {
  const { instance } = located(call);
  return {
    status: 200,
    body: structuredClone(requireDecision(instance, call.params['decisionId'] as string).props),
  };
}

function notInProgress(instance: InstanceRecord, action: string): GraphError {
  return badRequest(
    `Cannot ${action}: the access review instance '${instance.id}' is ${instance.status}, not InProgress.`,
    'BadRequest',
  );
}

function stop(call: GraphCall): GraphResult {
  const { definition, instance } = located(call);
  if (instance.status !== 'InProgress') throw notInProgress(instance, 'stop');
  instance.endMs = call.tenant.clock.now();
  completeInstance(call.tenant, call.store, definition, instance);
  return { status: 204 };
}

function applyDecisions(call: GraphCall): GraphResult {
  const { definition, instance } = located(call);
  const settings = (definition.props['settings'] ?? {}) as Props;
  // Graph applies on request only what it would not apply itself: completed instances without auto-apply.
  if (instance.status !== 'Completed' || settings['autoApplyDecisionsEnabled'] === true)
    throw badRequest(
      `Decisions of the access review instance '${instance.id}' can be applied only when it is Completed and its definition does not apply them automatically.`,
      'BadRequest',
    );
  applyInstance(call.tenant, call.store, definition, instance);
  return { status: 204 };
}

function batchRecordDecisions(call: GraphCall): GraphResult {
  const { instance } = located(call);
  if (instance.status !== 'InProgress') throw notInProgress(instance, 'record decisions');
  const body = (call.body ?? {}) as Props;
  const decision = body['decision'];
  if (!isDecision(decision))
    throw badRequest(`Invalid value '${String(decision)}' for 'decision'.`, 'BadRequest');
  const justification = typeof body['justification'] === 'string' ? body['justification'] : '';
  const app = call.tenant.apps.get(call.appId.toLowerCase());
  const reviewer = {
    id: app?.objectId ?? call.appId,
    displayName: app?.displayName ?? null,
    userPrincipalName: null,
  };
  for (const item of instance.decisions) {
    if (typeof body['principalId'] === 'string' && item.principalId !== body['principalId']) continue;
    const resource = item.props['resource'] as Props | null;
    if (typeof body['resourceId'] === 'string' && resource?.['id'] !== body['resourceId']) continue;
    recordDecision(item, decision, justification, reviewer, call.tenant.clock.now());
  }
  return { status: 204 };
}

function resetDecisions(call: GraphCall): GraphResult {
  const { instance } = located(call);
  if (instance.status !== 'InProgress') throw notInProgress(instance, 'reset decisions');
  for (const item of instance.decisions)
    recordDecision(item, 'NotReviewed', '', { ...NOT_REVIEWED_BY }, call.tenant.clock.now());
  return { status: 204 };
}

function sendReminder(call: GraphCall): GraphResult {
  const { instance } = located(call);
  if (instance.status !== 'InProgress') throw notInProgress(instance, 'send a reminder');
  return { status: 204 };
}

// Recording a decision item by PATCH is delegated only: a reviewer signs in. The simulator has only app tokens,
// so it answers as Graph does for an application token; reviewers decide through the admin API instead.
function patchDecision(call: GraphCall): GraphResult {
  located(call);
  throw new GraphError(
    403,
    'Forbidden',
    'Recording a decision requires a signed-in reviewer (delegated permission); application permissions are not supported.',
  );
}

/** Path templates and handlers of the instance routes, relative to a definition. */
export const INSTANCE_ROUTES = {
  instances: `${DEFINITIONS}/:id/instances`,
  instance: `${DEFINITIONS}/:id/instances/:instanceId`,
  decisions: `${DEFINITIONS}/:id/instances/:instanceId/decisions`,
  decision: `${DEFINITIONS}/:id/instances/:instanceId/decisions/:decisionId`,
};

/** Handlers of the instance routes. */
export const instanceHandlers = {
  listInstances,
  getInstance,
  listDecisions,
  getDecision,
  patchDecision,
  stop,
  applyDecisions,
  batchRecordDecisions,
  resetDecisions,
  sendReminder,
};
