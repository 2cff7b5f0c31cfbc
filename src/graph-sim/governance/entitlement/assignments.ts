// GET /assignments and the assignment request endpoints.
import { GraphError, type GraphResult } from '../../http/errors.js';
import type { Router } from '../../http/router.js';
import type { GraphCall, GraphRoute } from '../../module.js';
import type { Props } from '../../store/types.js';
import { completeRequest, removeAssignment, submitAssignmentRequest } from './requests.js';
import {
  expansion,
  filterBy,
  listPage,
  refuseNavigationFilter,
  selectFrom,
  type Expansion,
} from './query.js';
import { EM, READ, WRITE } from './roles.js';
import {
  entitlementState,
  invalid,
  isoAt,
  objectBody,
  requireRecord,
  type AssignmentRecord,
  type RequestRecord,
} from './state.js';

/** The accessPackageSubject of a user, as `target` and `requestor` render. */
function subjectOf(call: GraphCall, userId: string): Props {
  const user = call.tenant.users.get(userId) ?? call.tenant.deletedUsers.get(userId);
  return {
    id: userId,
    objectId: userId,
    displayName: user?.props['displayName'] ?? null,
    email: user?.props['mail'] ?? null,
    principalName: user?.props['userPrincipalName'] ?? null,
    subjectType: 'user',
  };
}

function assignmentProps(a: AssignmentRecord): Props {
  const expiration =
    a.endMs === undefined
      ? { type: 'noExpiration', duration: null, endDateTime: null }
      : { type: 'afterDateTime', duration: null, endDateTime: isoAt(a.endMs) };
  return {
    id: a.id,
    state: a.state,
    status: a.status,
    expiredDateTime: a.expiredMs === undefined ? null : isoAt(a.expiredMs),
    schedule: { startDateTime: isoAt(a.startMs), recurrence: null, expiration },
  };
}

function renderAssignment(call: GraphCall, a: AssignmentRecord, expand: Expansion): Props {
  const state = entitlementState(call.tenant);
  const out = assignmentProps(a);
  if (expand.has('target')) out['target'] = subjectOf(call, a.targetId);
  if (expand.has('accesspackage'))
    out['accessPackage'] = { ...(state.packages.get(a.accessPackageId)?.props ?? { id: a.accessPackageId }) };
  if (expand.has('assignmentpolicy'))
    out['assignmentPolicy'] = { ...(state.policies.get(a.policyId)?.props ?? { id: a.policyId }) };
  return selectFrom(call, expand, out);
}

function assignmentSubject(a: AssignmentRecord): Props {
  return {
    ...assignmentProps(a),
    accessPackage: { id: a.accessPackageId },
    assignmentPolicy: { id: a.policyId },
    target: { objectId: a.targetId, id: a.targetId },
  };
}

function assignmentExpansion(call: GraphCall): Expansion {
  return expansion(call.query.get('$expand'), 'accessPackageAssignment', [
    'target',
    'accessPackage',
    'assignmentPolicy',
  ]);
}

function listAssignments(call: GraphCall): GraphResult {
  const expand = assignmentExpansion(call);
  const items = filterBy(call, [...entitlementState(call.tenant).assignments.values()], assignmentSubject);
  return {
    status: 200,
    body: listPage(call, 'assignments', items, (a) => renderAssignment(call, a, expand)),
  };
}

function renderRequest(call: GraphCall, r: RequestRecord, expand: Expansion): Props {
  const state = entitlementState(call.tenant);
  const out = structuredClone(r.props);
  if (expand.has('accesspackage'))
    out['accessPackage'] = { ...(state.packages.get(r.accessPackageId)?.props ?? { id: r.accessPackageId }) };
  if (expand.has('requestor')) out['requestor'] = subjectOf(call, r.targetId);
  if (expand.has('assignment')) {
    const a = r.assignmentId === undefined ? undefined : state.assignments.get(r.assignmentId);
    out['assignment'] = a ? assignmentProps(a) : null;
  }
  return selectFrom(call, expand, out);
}

function requestExpansion(call: GraphCall): Expansion {
  return expansion(call.query.get('$expand'), 'accessPackageAssignmentRequest', [
    'accessPackage',
    'assignment',
    'requestor',
  ]);
}

function listRequests(call: GraphCall): GraphResult {
  // The list page documents the requests of one package as `$expand=accessPackage&$filter=accessPackage/id eq`.
  refuseNavigationFilter(call, 'assignmentRequests', 'accessPackage');
  const expand = requestExpansion(call);
  const items = filterBy(call, [...entitlementState(call.tenant).requests.values()], (r) => ({
    ...r.props,
    accessPackage: { id: r.accessPackageId },
    assignment: { id: r.assignmentId ?? null },
    requestor: { objectId: r.targetId, id: r.targetId },
  }));
  return {
    status: 200,
    body: listPage(call, 'assignmentRequests', items, (r) => renderRequest(call, r, expand)),
  };
}

function field(body: Props, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value : '';
}

function createRequest(call: GraphCall): GraphResult {
  const body = objectBody(call.body);
  const state = entitlementState(call.tenant);
  const requestType = body['requestType'];
  // The docs mix `assignment` and `accessPackageAssignment` (Graph's entitlement management reference): both are read.
  const assignment = (body['assignment'] ?? body['accessPackageAssignment'] ?? {}) as Props;
  const justification = typeof body['justification'] === 'string' ? body['justification'] : undefined;
  const now = call.store.clock.now();
  let id: string;
  if (requestType === 'adminRemove' || requestType === 'userRemove') {
    if (requestType === 'userRemove') throw userContextRequired();
    const existing = requireRecord(state.assignments, 'assignment', field(assignment, 'id'));
    if (existing.state === 'expired') throw invalid('The assignment has already been removed.');
    id = String(
      removeAssignment(call.tenant, state, existing, 'adminRemove', now, justification).props['id'],
    );
  } else if (requestType === 'adminAdd') {
    id = submitAssignmentRequest(call.tenant, call.store, {
      requestType,
      accessPackageId: field(assignment, 'accessPackageId'),
      assignmentPolicyId: field(assignment, 'assignmentPolicyId'),
      targetId: field(assignment, 'targetId'),
      ...(justification === undefined ? {} : { justification }),
    }).id;
  } else if (requestType === 'userAdd') {
    throw userContextRequired();
  } else {
    throw invalid(`The requestType '${String(requestType)}' is not supported.`);
  }
  const request = state.requests.get(id) as RequestRecord;
  // Graph answers before processing: the request is `submitted` and `Accepted` in the response.
  return {
    status: 201,
    body: { ...renderRequest(call, request, new Map()), state: 'submitted', status: 'Accepted' },
  };
}

/** userAdd and userRemove are made by the signed-in user; application tokens have none. */
function userContextRequired(): GraphError {
  return new GraphError(
    403,
    'Forbidden',
    'This request type needs a signed-in user; with application permissions use adminAdd or adminRemove.',
  );
}

function cancelRequest(call: GraphCall): GraphResult {
  const request = requireRecord(
    entitlementState(call.tenant).requests,
    'assignment request',
    call.params['id'] as string,
  );
  if (!['submitted', 'pendingApproval'].includes(String(request.props['state'])))
    throw invalid('Only a request that is waiting can be canceled.');
  completeRequest(request, 'canceled', 'Canceled', call.store.clock.now());
  return { status: 200 };
}

/** Registers assignments and assignment requests. */
export function assignmentRoutes(router: Router<GraphRoute>): void {
  router
    .add('GET', `${EM}/assignments`, { roles: READ, handle: listAssignments })
    .add('GET', `${EM}/assignments/:id`, {
      roles: READ,
      handle: (call) => {
        const a = requireRecord(
          entitlementState(call.tenant).assignments,
          'assignment',
          call.params['id'] as string,
        );
        return { status: 200, body: renderAssignment(call, a, assignmentExpansion(call)) };
      },
    })
    .add('GET', `${EM}/assignmentRequests`, { roles: READ, handle: listRequests })
    .add('POST', `${EM}/assignmentRequests`, { roles: WRITE, handle: createRequest })
    .add('GET', `${EM}/assignmentRequests/:id`, {
      roles: READ,
      handle: (call) => {
        const r = requireRecord(
          entitlementState(call.tenant).requests,
          'assignment request',
          call.params['id'] as string,
        );
        return { status: 200, body: renderRequest(call, r, requestExpansion(call)) };
      },
    })
    .add('POST', `${EM}/assignmentRequests/:id/cancel`, { roles: WRITE, handle: cancelRequest });
}
