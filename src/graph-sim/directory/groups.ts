import { badRequest, notFound, type GraphResult } from '../http/errors.js';
import type { Router } from '../http/router.js';
import type { GraphCall, GraphRoute } from '../module.js';
import { filterItems } from '../query/filter.js';
import { collectionPage } from '../query/query-options.js';
import type { TenantState } from '../store/tenant.js';
import type { DirectoryObject, GroupRecord, Props } from '../store/types.js';
import {
  directoryObjectRenderer,
  findDirectoryObject,
  groupRenderer,
  isReplicating,
  referencedId,
  requireGroup,
} from './render.js';
import { ROLES } from './roles.js';
import { isRegisteredExtension } from './user-schema.js';

const WRITABLE = new Set([
  'description',
  'displayName',
  'groupTypes',
  'isAssignableToRole',
  'mailEnabled',
  'mailNickname',
  'membershipRule',
  'membershipRuleProcessingState',
  'securityEnabled',
  'visibility',
]);
const BINDS = new Set(['members@odata.bind', 'owners@odata.bind']);
const REQUIRED_ON_CREATE = ['displayName', 'mailEnabled', 'mailNickname', 'securityEnabled'];

/** Whether a body property is stored on the group: a declared writable one or a directory extension registered for groups. */
function isStored(tenant: TenantState, name: string): boolean {
  return WRITABLE.has(name) || isRegisteredExtension(tenant, name, 'Group');
}

function validateGroupBody(tenant: TenantState, body: unknown): Props {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('Empty Payload. JSON content expected.');
  for (const name of Object.keys(body)) {
    if (!isStored(tenant, name) && !BINDS.has(name) && !name.startsWith('@odata.')) {
      throw badRequest(`Property '${name}' does not exist as a declared property or extension property.`);
    }
  }
  return body as Props;
}

/**
 * A member reference to or from an object created moments ago fails as the object is not found yet: Graph's
 * directory replicates writes, and the object may not have reached the replica that serves the request.
 */
function requireReplicated(tenant: TenantState, object: DirectoryObject): void {
  if (isReplicating(tenant, object)) throw notFound(object.id);
}

function bindMembers(tenant: TenantState, group: GroupRecord, refs: unknown): void {
  if (refs === undefined) return;
  if (!Array.isArray(refs)) throw badRequest("Invalid value for 'members@odata.bind'.");
  for (const ref of refs) {
    const id = referencedId({ '@odata.id': ref });
    if (id === undefined || !findDirectoryObject(tenant, id)) throw notFound(String(ref));
    tenant.addMember(group.id, id);
  }
}

function withMembers(call: GraphCall, render: (g: GroupRecord) => Props): (g: GroupRecord) => Props {
  const expand = call.query.get('$expand');
  if (expand === null) return render;
  if (!/^members(\(.*\))?$/.test(expand.trim()))
    throw badRequest(`Could not find a property named '${expand}' on type 'microsoft.graph.group'.`);
  const renderMember = directoryObjectRenderer(call);
  return (group) => ({
    ...render(group),
    members: membersOf(call.tenant, group).slice(0, 20).map(renderMember),
  });
}

function membersOf(tenant: TenantState, group: GroupRecord): DirectoryObject[] {
  return [...group.members].flatMap((id) => findDirectoryObject(tenant, id) ?? []);
}

/** Members of a group and of its nested groups, each once (cycles are cut). */
export function transitiveMembersOf(tenant: TenantState, group: GroupRecord): DirectoryObject[] {
  const seen = new Set<string>([group.id]);
  const out: DirectoryObject[] = [];
  const queue = [group];
  for (let g = queue.shift(); g; g = queue.shift()) {
    for (const member of membersOf(tenant, g)) {
      if (seen.has(member.id)) continue;
      seen.add(member.id);
      out.push(member);
      const nested = tenant.groups.get(member.id);
      if (nested) queue.push(nested);
    }
  }
  return out;
}

function list(call: GraphCall): GraphResult {
  const groups = filterItems(call, [...call.tenant.groups.values()], (g) => g.props);
  return {
    status: 200,
    body: collectionPage(call, 'groups', groups, withMembers(call, groupRenderer(call))),
  };
}

function get(call: GraphCall): GraphResult {
  const group = requireGroup(call.tenant, call.params['id'] as string);
  if (isReplicating(call.tenant, group)) throw notFound(group.id);
  return { status: 200, body: withMembers(call, groupRenderer(call))(group) };
}

function create(call: GraphCall): GraphResult {
  const body = validateGroupBody(call.tenant, call.body);
  for (const name of REQUIRED_ON_CREATE) {
    if (body[name] === undefined)
      throw badRequest(`Property '${name}' is required when creating the resource.`);
  }
  const props: Props = { description: null, groupTypes: [], visibility: null };
  for (const [name, value] of Object.entries(body)) if (isStored(call.tenant, name)) props[name] = value;
  const group = call.tenant.addGroup(props);
  bindMembers(call.tenant, group, body['members@odata.bind']);
  return {
    status: 201,
    body: groupRenderer(call)(group),
    headers: { location: `${call.baseUrl}/v1.0/groups/${group.id}` },
  };
}

function update(call: GraphCall): GraphResult {
  const group = requireGroup(call.tenant, call.params['id'] as string);
  if (isReplicating(call.tenant, group)) throw notFound(group.id);
  const body = validateGroupBody(call.tenant, call.body);
  for (const [name, value] of Object.entries(body))
    if (isStored(call.tenant, name)) group.props[name] = value;
  call.tenant.touchGroup(group);
  bindMembers(call.tenant, group, body['members@odata.bind']);
  return { status: 204 };
}

function remove(call: GraphCall): GraphResult {
  call.tenant.deleteGroup(requireGroup(call.tenant, call.params['id'] as string));
  return { status: 204 };
}

/** Narrows a member list to users when the path ends in the `microsoft.graph.user` cast. */
function castTo(call: GraphCall, objects: DirectoryObject[]): DirectoryObject[] {
  return call.path.endsWith('/microsoft.graph.user')
    ? objects.filter((o) => !call.tenant.groups.has(o.id))
    : objects;
}

/** A handler listing a group's members as computed by `list` (direct or transitive). */
function memberList(
  list: (tenant: TenantState, group: GroupRecord) => DirectoryObject[],
): (call: GraphCall) => GraphResult {
  return (call) => {
    const group = requireGroup(call.tenant, call.params['id'] as string);
    const items = filterItems(call, castTo(call, list(call.tenant, group)), (o) => o.props);
    return {
      status: 200,
      body: collectionPage(call, 'directoryObjects', items, directoryObjectRenderer(call)),
    };
  };
}

const members = memberList(membersOf);
const transitiveMembers = memberList(transitiveMembersOf);

function addMember(call: GraphCall): GraphResult {
  const group = requireGroup(call.tenant, call.params['id'] as string);
  requireReplicated(call.tenant, group);
  const memberId = referencedId(call.body);
  if (memberId === undefined) throw badRequest("Invalid '@odata.id' in the request body.");
  const member = findDirectoryObject(call.tenant, memberId);
  if (!member) throw notFound(memberId);
  requireReplicated(call.tenant, member);
  if (!call.tenant.addMember(group.id, memberId)) {
    throw badRequest(
      "One or more added object references already exist for the following modified properties: 'members'.",
    );
  }
  return { status: 204 };
}

function removeMember(call: GraphCall): GraphResult {
  const group = requireGroup(call.tenant, call.params['id'] as string);
  requireReplicated(call.tenant, group);
  const memberId = call.params['memberId'] as string;
  if (!call.tenant.removeMember(group.id, memberId)) throw notFound(memberId);
  return { status: 204 };
}

function memberOf(call: GraphCall): GraphResult {
  const group = requireGroup(call.tenant, call.params['id'] as string);
  const parents = call.tenant.groupsOf(group.id).flatMap((id) => call.tenant.groups.get(id) ?? []);
  return {
    status: 200,
    body: collectionPage(call, 'directoryObjects', parents, directoryObjectRenderer(call)),
  };
}

/** Registers /groups, members, transitiveMembers, member references and memberOf. */
export function groupRoutes(router: Router<GraphRoute>): void {
  const read = ROLES.readGroupObjects;
  const readMembers = ROLES.readGroupMembers;
  router
    .add('GET', '/groups', { roles: read, handle: list })
    .add('POST', '/groups', { roles: ROLES.writeGroups, handle: create })
    .add('GET', '/groups/:id', { roles: read, handle: get })
    .add('PATCH', '/groups/:id', { roles: ROLES.updateGroups, handle: update })
    .add('DELETE', '/groups/:id', { roles: ROLES.deleteGroups, handle: remove })
    .add('GET', '/groups/:id/members', { roles: readMembers, cost: 3, handle: members })
    .add('GET', '/groups/:id/members/microsoft.graph.user', { roles: readMembers, cost: 3, handle: members })
    .add('GET', '/groups/:id/transitiveMembers', { roles: readMembers, cost: 5, handle: transitiveMembers })
    .add('GET', '/groups/:id/transitiveMembers/microsoft.graph.user', {
      roles: readMembers,
      cost: 5,
      handle: transitiveMembers,
    })
    .add('POST', '/groups/:id/members/$ref', { roles: ROLES.writeMembers, handle: addMember })
    .add('DELETE', '/groups/:id/members/:memberId/$ref', { roles: ROLES.writeMembers, handle: removeMember })
    .add('GET', '/groups/:id/memberOf', { roles: ROLES.readGroups, handle: memberOf });
}
