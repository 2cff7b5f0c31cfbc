// Who an access review reviews: the principals its accessReviewQueryScope query selects, evaluated when an
// instance starts.
import { evaluateODataFilter, parseODataFilter, type ODataExpr } from '../../../rules/odata.js';
import { transitiveMembersOf } from '../../directory/groups.js';
import { refuseUnsupportedUserFilter } from '../../directory/user-filter.js';
import { badRequest } from '../../http/errors.js';
import type { TenantState } from '../../store/tenant.js';
import type { DirectoryObject } from '../../store/types.js';
import { assignmentsInScope } from './package-scope.js';
import type { ReviewScope } from './state.js';

const QUERY_SCOPES = new Set([
  '#microsoft.graph.accessReviewQueryScope',
  '#microsoft.graph.accessReviewInactiveUsersQueryScope',
]);
const GROUP_QUERY =
  /^\/groups\/([^/?]+)\/(transitiveMembers|members)(\/microsoft\.graph\.user)?\/?(?:\?(?:\$count=true&)?\$filter=(.*))?$/i;
const USERS_QUERY = /^\/users\/?(?:\?(?:\$count=true&)?\$filter=(.*))?$/i;
// Graph stores `$filter` queries with `$count=true&` in front, and accepts them back as written.
// The reference writes `accessPackageAssignments`; Entra also accepts the v1.0 entity set name `assignments`.
const ASSIGNMENTS_QUERY =
  /^\/identityGovernance\/entitlementManagement\/(?:accessPackageAssignments|assignments)\/?(?:\?(?:\$count=true&)?\$filter=(.*))?$/i;

function invalidScope(message: string) {
  return badRequest(`Invalid scope: ${message}`, 'BadRequest');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function parseFilter(text: string | undefined): ODataExpr | undefined {
  if (text === undefined || text === '') return undefined;
  const parsed = parseODataFilter(safeDecode(text));
  if (!parsed.ok)
    throw invalidScope(
      `the $filter does not parse: ${parsed.error.message} (at position ${parsed.error.position}).`,
    );
  return parsed.expr;
}

/** A user filter as Graph's user resource allows it (a clause it does not document is its 400). */
function parseUserFilter(text: string | undefined): ODataExpr | undefined {
  const expr = parseFilter(text);
  if (expr) refuseUnsupportedUserFilter(expr);
  return expr;
}

/** Parses a definition's `scope`; a query the simulator cannot evaluate is a 400. */
export function parseReviewScope(tenant: TenantState, value: unknown): ReviewScope {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalidScope("'scope' is required.");
  const scope = value as Record<string, unknown>;
  const type = scope['@odata.type'];
  if (typeof type !== 'string' || !QUERY_SCOPES.has(type))
    throw invalidScope(`'@odata.type' must be one of ${[...QUERY_SCOPES].join(', ')}.`);
  const query = scope['query'];
  if (typeof query !== 'string') throw invalidScope("'query' is required.");
  if (scope['queryType'] !== undefined && scope['queryType'] !== 'MicrosoftGraph')
    throw invalidScope("'queryType' must be MicrosoftGraph.");
  const group = GROUP_QUERY.exec(query);
  if (group) {
    const groupId = safeDecode(group[1] as string);
    if (!tenant.groups.has(groupId)) throw invalidScope(`the group '${groupId}' does not exist.`);
    const filter = parseUserFilter(group[4]);
    return {
      kind: 'group',
      groupId,
      transitive: (group[2] as string).toLowerCase() === 'transitivemembers',
      usersOnly: group[3] !== undefined,
      ...(filter ? { filter } : {}),
    };
  }
  const users = USERS_QUERY.exec(query);
  if (users) {
    const filter = parseUserFilter(users[1]);
    return { kind: 'users', ...(filter ? { filter } : {}) };
  }
  const assignments = ASSIGNMENTS_QUERY.exec(query);
  if (assignments) {
    const filter = parseFilter(assignments[1]);
    return { kind: 'accessPackageAssignments', ...(filter ? { filter } : {}) };
  }
  throw invalidScope(`the query '${query}' is not supported.`);
}

function directMembers(tenant: TenantState, groupId: string): DirectoryObject[] {
  const group = tenant.groups.get(groupId);
  return [...(group?.members ?? [])].flatMap((id) => tenant.users.get(id) ?? tenant.groups.get(id) ?? []);
}

/** The principals in scope now, each once, in membership or creation order. */
export function principalsInScope(tenant: TenantState, scope: ReviewScope): DirectoryObject[] {
  switch (scope.kind) {
    case 'group': {
      const group = tenant.groups.get(scope.groupId);
      if (!group) return [];
      const all = scope.transitive ? transitiveMembersOf(tenant, group) : directMembers(tenant, group.id);
      const users = scope.usersOnly ? all.filter((o) => tenant.users.has(o.id)) : all;
      const { filter } = scope;
      return filter ? users.filter((o) => evaluateODataFilter(filter, o.props)) : users;
    }
    case 'users': {
      const { filter } = scope;
      const users = tenant.userList();
      return filter ? users.filter((u) => evaluateODataFilter(filter, u.props)) : [...users];
    }
    case 'accessPackageAssignments':
      return assignmentsInScope(tenant, scope.filter).flatMap((a) => tenant.users.get(a.targetId) ?? []);
  }
}
