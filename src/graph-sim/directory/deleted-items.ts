import { badRequest, notFound, type GraphResult } from '../http/errors.js';
import type { Router } from '../http/router.js';
import type { GraphCall, GraphRoute } from '../module.js';
import { filterItems } from '../query/filter.js';
import { collectionPage } from '../query/query-options.js';
import type { UserRecord } from '../store/types.js';
import { groupRenderer, userRenderer } from './render.js';
import { ROLES } from './roles.js';

function deletedUser(call: GraphCall): UserRecord {
  const user = call.tenant.deletedUsers.get(call.params['id'] as string);
  if (!user) throw notFound(call.params['id'] as string);
  return user;
}

function listUsers(call: GraphCall): GraphResult {
  const users = filterItems(call, [...call.tenant.deletedUsers.values()], (u) => u.props);
  return {
    status: 200,
    body: collectionPage(call, 'directory/deletedItems/microsoft.graph.user', users, userRenderer(call)),
  };
}

function listGroups(call: GraphCall): GraphResult {
  const groups = filterItems(call, [...call.tenant.deletedGroups.values()], (g) => g.props);
  return {
    status: 200,
    body: collectionPage(call, 'directory/deletedItems/microsoft.graph.group', groups, groupRenderer(call)),
  };
}

function get(call: GraphCall): GraphResult {
  return {
    status: 200,
    body: { '@odata.type': '#microsoft.graph.user', ...userRenderer(call)(deletedUser(call)) },
  };
}

function restore(call: GraphCall): GraphResult {
  const user = deletedUser(call);
  call.tenant.restoreUser(user);
  return { status: 200, body: { '@odata.type': '#microsoft.graph.user', ...userRenderer(call)(user) } };
}

function purge(call: GraphCall): GraphResult {
  const user = deletedUser(call);
  if (user.deletedMs === undefined) throw badRequest('The object is not deleted.');
  call.tenant.purgeUser(user);
  return { status: 204 };
}

/** Registers /directory/deletedItems: list, get, restore and permanent delete of soft-deleted users. */
export function deletedItemRoutes(router: Router<GraphRoute>): void {
  router
    .add('GET', '/directory/deletedItems/microsoft.graph.user', { roles: ROLES.readUsers, handle: listUsers })
    .add('GET', '/directory/deletedItems/microsoft.graph.group', {
      roles: ROLES.readGroups,
      handle: listGroups,
    })
    .add('GET', '/directory/deletedItems/:id', { roles: ROLES.readUsers, handle: get })
    .add('POST', '/directory/deletedItems/:id/restore', { roles: ROLES.deleteRestoreUsers, handle: restore })
    .add('DELETE', '/directory/deletedItems/:id', { roles: ROLES.deleteRestoreUsers, handle: purge });
}
