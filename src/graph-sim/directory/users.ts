import { badRequest, notFound, type GraphResult } from '../http/errors.js';
import type { Router } from '../http/router.js';
import type { GraphCall, GraphRoute } from '../module.js';
import { collectionPage } from '../query/query-options.js';
import { filterItems } from '../query/filter.js';
import { refuseUnsupportedUserFilter } from './user-filter.js';
import type { Props, UserRecord } from '../store/types.js';
import { directoryObjectRenderer, isReplicating, referencedId, requireUser, userRenderer } from './render.js';
import { ROLES } from './roles.js';
import { checkUserPrincipalName, mergeUserProps, validateUserBody } from './user-schema.js';

const REQUIRED_ON_CREATE = [
  'accountEnabled',
  'displayName',
  'mailNickname',
  'userPrincipalName',
  'passwordProfile',
];

function withManager(call: GraphCall, render: (u: UserRecord) => Props): (u: UserRecord) => Props {
  const expand = call.query.get('$expand');
  if (expand === null) return render;
  if (!/^manager(\(.*\))?$/.test(expand.trim()))
    throw badRequest(`Could not find a property named '${expand}' on type 'microsoft.graph.user'.`);
  return (user) => {
    const out = render(user);
    const manager = user.managerId === undefined ? undefined : call.tenant.users.get(user.managerId);
    if (manager)
      out['manager'] = { '@odata.type': '#microsoft.graph.user', ...directoryObjectRenderer(call)(manager) };
    return out;
  };
}

function listUsers(call: GraphCall): GraphResult {
  const render = withManager(call, userRenderer(call));
  refuseUnsupportedUserFilter(call.query.get('$filter'));
  const users = filterItems(call, call.tenant.userList(), (u) => u.props);
  return { status: 200, body: collectionPage(call, 'users', users, render) };
}

function getUser(call: GraphCall): GraphResult {
  const user = requireUser(call.tenant, call.params['id'] as string);
  if (isReplicating(call.tenant, user)) throw notFound(user.id);
  const body = withManager(call, userRenderer(call))(user);
  return { status: 200, body: { '@odata.context': `${call.baseUrl}/v1.0/$metadata#users/$entity`, ...body } };
}

function createUser(call: GraphCall): GraphResult {
  const body = validateUserBody(call.tenant, call.body);
  for (const name of REQUIRED_ON_CREATE) {
    if (body[name] === undefined || body[name] === null) {
      throw badRequest(`Property '${name}' is required when creating the resource.`);
    }
  }
  checkUserPrincipalName(call.tenant, body['userPrincipalName']);
  const props: Props = {
    userType: 'Member',
    creationType: null,
    externalUserState: null,
    deletedDateTime: null,
  };
  mergeUserProps(props, body);
  const user = call.tenant.addUser(props);
  return {
    status: 201,
    body: { '@odata.context': `${call.baseUrl}/v1.0/$metadata#users/$entity`, ...userRenderer(call)(user) },
    headers: { location: `${call.baseUrl}/v1.0/users/${user.id}` },
  };
}

function updateUser(call: GraphCall): GraphResult {
  const user = requireUser(call.tenant, call.params['id'] as string);
  // A PATCH right after a create meets the same replication lag as a GET: Graph answers 404 for a few seconds,
  // and the operator retries its create-then-PATCH.
  if (isReplicating(call.tenant, user)) throw notFound(user.id);
  const body = validateUserBody(call.tenant, call.body);
  const oldUpn = String(user.props['userPrincipalName']);
  if (body['userPrincipalName'] !== undefined)
    checkUserPrincipalName(call.tenant, body['userPrincipalName'], user.id);
  mergeUserProps(user.props, body);
  if (body['userPrincipalName'] !== undefined) call.tenant.reindexUpn(oldUpn, user);
  call.tenant.touchUser(user);
  return { status: 204 };
}

function deleteUser(call: GraphCall): GraphResult {
  call.tenant.softDeleteUser(requireUser(call.tenant, call.params['id'] as string));
  return { status: 204 };
}

function getManager(call: GraphCall): GraphResult {
  const user = requireUser(call.tenant, call.params['id'] as string);
  const manager = user.managerId === undefined ? undefined : call.tenant.users.get(user.managerId);
  if (!manager) throw notFound('manager');
  return { status: 200, body: directoryObjectRenderer(call)(manager) };
}

function setManager(call: GraphCall): GraphResult {
  const user = requireUser(call.tenant, call.params['id'] as string);
  const managerId = referencedId(call.body);
  if (managerId === undefined) throw badRequest("Invalid '@odata.id' in the request body.");
  const manager = requireUser(call.tenant, managerId);
  if (manager.id === user.id) throw badRequest('A user cannot be their own manager.');
  user.managerId = manager.id;
  call.tenant.touchUser(user);
  return { status: 204 };
}

function removeManager(call: GraphCall): GraphResult {
  const user = requireUser(call.tenant, call.params['id'] as string);
  if (user.managerId === undefined) throw notFound('manager');
  delete user.managerId;
  call.tenant.touchUser(user);
  return { status: 204 };
}

function directReports(call: GraphCall): GraphResult {
  const user = requireUser(call.tenant, call.params['id'] as string);
  const reports = call.tenant.userList().filter((u) => u.managerId === user.id);
  return {
    status: 200,
    body: collectionPage(call, 'directoryObjects', reports, directoryObjectRenderer(call)),
  };
}

function memberOf(call: GraphCall): GraphResult {
  const user = requireUser(call.tenant, call.params['id'] as string);
  const groups = call.tenant.groupsOf(user.id).flatMap((id) => call.tenant.groups.get(id) ?? []);
  return {
    status: 200,
    body: collectionPage(call, 'directoryObjects', groups, directoryObjectRenderer(call)),
  };
}

/** Registers /users, /users/{id}, manager, directReports and memberOf. */
export function userRoutes(router: Router<GraphRoute>): void {
  const read = ROLES.readUsers;
  const write = ROLES.writeUsers;
  router
    .add('GET', '/users', { roles: read, cost: 2, handle: listUsers })
    .add('POST', '/users', { roles: write, handle: createUser })
    .add('GET', '/users/:id', { roles: read, handle: getUser })
    .add('PATCH', '/users/:id', { roles: write, handle: updateUser })
    .add('DELETE', '/users/:id', { roles: ROLES.deleteUsers, handle: deleteUser })
    .add('GET', '/users/:id/manager', { roles: read, handle: getManager })
    .add('PUT', '/users/:id/manager/$ref', { roles: write, handle: setManager })
    .add('DELETE', '/users/:id/manager/$ref', { roles: write, handle: removeManager })
    .add('GET', '/users/:id/directReports', { roles: read, handle: directReports })
    .add('GET', '/users/:id/memberOf', { roles: [...read, ...ROLES.readGroups], handle: memberOf });
}
