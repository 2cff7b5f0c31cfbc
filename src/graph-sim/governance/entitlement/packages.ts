// Access packages and the resource role scopes they grant.
import type { GraphResult } from '../../http/errors.js';
import type { Router } from '../../http/router.js';
import type { GraphCall, GraphRoute } from '../../module.js';
import type { Props } from '../../store/types.js';
import { isLive, memberGroupsOf } from './delivery.js';
import { renderPolicy } from './policies.js';
import { expansion, filterBy, listPage, parseExpand, selectFrom, type Expansion } from './query.js';
import { EM, READ, WRITE } from './roles.js';
import {
  entitlementState,
  invalid,
  isoAt,
  newId,
  objectBody,
  refId,
  requireRecord,
  type CatalogResourceRecord,
  type PackageRecord,
  type RoleScopeRecord,
  writeProperties,
} from './state.js';

const WRITABLE = ['displayName', 'description', 'isHidden'];

function packageOf(call: GraphCall): PackageRecord {
  return requireRecord(entitlementState(call.tenant).packages, 'access package', call.params['id'] as string);
}

function renderRoleScope(rs: RoleScopeRecord, expand: Expansion): Props {
  const out: Props = { id: rs.id, createdDateTime: rs.createdDateTime };
  if (expand.has('role')) out['role'] = { ...rs.role };
  if (expand.has('scope')) out['scope'] = { ...rs.scope };
  return out;
}

/** Renders an access package with the navigation properties `$expand` asks for. */
export function renderPackage(call: GraphCall, pkg: PackageRecord, expand: Expansion): Props {
  const out: Props = { ...pkg.props };
  const nested = expand.get('resourcerolescopes');
  if (nested !== undefined) {
    const inner = parseExpand(nested);
    out['resourceRoleScopes'] = pkg.roleScopes.map((rs) => renderRoleScope(rs, inner));
  }
  const state = entitlementState(call.tenant);
  if (expand.has('catalog'))
    out['catalog'] = { ...(state.catalogs.get(pkg.catalogId)?.props ?? { id: pkg.catalogId }) };
  if (expand.has('assignmentpolicies'))
    out['assignmentPolicies'] = [...state.policies.values()]
      .filter((p) => p.accessPackageId === pkg.props['id'])
      .map((p) => renderPolicy(call, p, new Map()));
  return selectFrom(call, expand, out);
}

const EXPANDABLE = ['resourceRoleScopes', 'catalog', 'assignmentPolicies'];

function packageExpansion(call: GraphCall): Expansion {
  return expansion(call.query.get('$expand'), 'accessPackage', EXPANDABLE);
}

function listPackages(call: GraphCall): GraphResult {
  const expand = packageExpansion(call);
  const packages = filterBy(call, [...entitlementState(call.tenant).packages.values()], (p) => ({
    ...p.props,
    catalog: { id: p.catalogId },
  }));
  return {
    status: 200,
    body: listPage(call, 'accessPackages', packages, (p) => renderPackage(call, p, expand)),
  };
}

function writePackage(target: Props, body: Props): void {
  writeProperties(target, body, 'accessPackage', WRITABLE, ['catalog']);
}

function createPackage(call: GraphCall): GraphResult {
  const body = objectBody(call.body);
  const state = entitlementState(call.tenant);
  const catalogId = refId(body['catalog']);
  if (!catalogId) throw invalid("Property 'catalog' with an 'id' is required.");
  const catalog = requireRecord(state.catalogs, 'catalog', catalogId);
  if (typeof body['displayName'] !== 'string' || body['displayName'] === '')
    throw invalid("Property 'displayName' is required.");
  const now = isoAt(call.store.clock.now());
  const props: Props = {
    id: newId(),
    displayName: '',
    description: null,
    isHidden: false,
    createdDateTime: now,
    modifiedDateTime: now,
  };
  writePackage(props, body);
  const pkg: PackageRecord = { catalogId: String(catalog.props['id']), props, roleScopes: [] };
  state.packages.set(String(props['id']), pkg);
  return { status: 201, body: { ...props } };
}

function updatePackage(call: GraphCall): GraphResult {
  const pkg = packageOf(call);
  writePackage(pkg.props, objectBody(call.body));
  pkg.props['modifiedDateTime'] = isoAt(call.store.clock.now());
  return { status: 204 };
}

function deletePackage(call: GraphCall): GraphResult {
  const state = entitlementState(call.tenant);
  const id = String(packageOf(call).props['id']);
  if ([...state.assignments.values()].some((a) => a.accessPackageId === id && a.state !== 'expired'))
    throw invalid('The access package cannot be deleted while it has assignments.');
  for (const [policyId, policy] of state.policies)
    if (policy.accessPackageId === id) state.policies.delete(policyId);
  state.packages.delete(id);
  return { status: 204 };
}

function findIn<T extends Props>(items: readonly T[], ref: Props, field: string): T | undefined {
  const id = typeof ref['id'] === 'string' ? ref['id'].toLowerCase() : undefined;
  const value = typeof ref[field] === 'string' ? (ref[field] as string).toLowerCase() : undefined;
  return items.find(
    (item) =>
      (id !== undefined && String(item['id']).toLowerCase() === id) ||
      (value !== undefined && String(item[field]).toLowerCase() === value),
  );
}

function resourceFor(resources: readonly CatalogResourceRecord[], role: Props, scope: Props) {
  const ref = (role['resource'] ?? {}) as Props;
  return resources.find((r) => {
    const id = String(r.props['id']).toLowerCase();
    const origin = String(r.props['originId']).toLowerCase();
    return (
      String(ref['id'] ?? '').toLowerCase() === id ||
      String(ref['originId'] ?? '').toLowerCase() === origin ||
      String(scope['originId'] ?? '').toLowerCase() === origin
    );
  });
}

function addRoleScope(call: GraphCall): GraphResult {
  const state = entitlementState(call.tenant);
  const pkg = packageOf(call);
  const body = objectBody(call.body);
  const role = (body['role'] ?? {}) as Props;
  const scope = (body['scope'] ?? {}) as Props;
  const resources = [...state.resources.values()].filter((r) => r.catalogId === pkg.catalogId);
  const resource = resourceFor(resources, role, scope);
  if (!resource) throw invalid("The resource of the role is not in the access package's catalog.");
  const foundRole = findIn(resource.roles, role, 'originId');
  const foundScope =
    findIn(resource.scopes, scope, 'originId') ?? resource.scopes.find((s) => s['isRootScope']);
  if (!foundRole || !foundScope) throw invalid('The role or scope does not exist on the catalog resource.');
  const id = `${String(foundRole['id'])}_${String(foundScope['id'])}`;
  if (pkg.roleScopes.some((rs) => rs.id === id))
    throw invalid('The access package already grants this role.');
  const resourceRef = {
    id: resource.props['id'],
    originId: resource.props['originId'],
    originSystem: 'AadGroup',
  };
  const record: RoleScopeRecord = {
    id,
    createdDateTime: isoAt(call.store.clock.now()),
    role: { ...foundRole, resource: resourceRef },
    scope: { ...foundScope },
  };
  pkg.roleScopes.push(record);
  // Entra delivers a role added to a package to the users who already hold it.
  for (const a of state.assignments.values())
    if (a.accessPackageId === pkg.props['id'] && isLive(a))
      for (const groupId of memberGroupsOf({ ...pkg, roleScopes: [record] }))
        call.tenant.addMember(groupId, a.targetId);
  // The page's answers carry the id and creation time only: role and scope are relationships, not expanded here.
  return { status: 201, body: renderRoleScope(record, new Map()) };
}

function removeRoleScope(call: GraphCall): GraphResult {
  const state = entitlementState(call.tenant);
  const pkg = packageOf(call);
  const id = call.params['roleScopeId'] as string;
  const record = requireRecord(new Map(pkg.roleScopes.map((rs) => [rs.id, rs])), 'resource role scope', id);
  pkg.roleScopes = pkg.roleScopes.filter((rs) => rs !== record);
  const granted = (targetId: string) =>
    [...state.assignments.values()]
      .filter((a) => a.targetId === targetId && isLive(a))
      .flatMap((a) => {
        const other = state.packages.get(a.accessPackageId);
        return other ? memberGroupsOf(other) : [];
      });
  for (const a of state.assignments.values()) {
    if (a.accessPackageId !== pkg.props['id'] || !isLive(a)) continue;
    for (const groupId of memberGroupsOf({ ...pkg, roleScopes: [record] }))
      if (!granted(a.targetId).includes(groupId)) call.tenant.removeMember(groupId, a.targetId);
  }
  return { status: 204 };
}

/** Registers access packages and their resource role scopes. */
export function packageRoutes(router: Router<GraphRoute>): void {
  router
    .add('GET', `${EM}/accessPackages`, { roles: READ, handle: listPackages })
    .add('POST', `${EM}/accessPackages`, { roles: WRITE, handle: createPackage })
    .add('GET', `${EM}/accessPackages/:id`, {
      roles: READ,
      handle: (call) => ({ status: 200, body: renderPackage(call, packageOf(call), packageExpansion(call)) }),
    })
    .add('PATCH', `${EM}/accessPackages/:id`, { roles: WRITE, handle: updatePackage })
    .add('DELETE', `${EM}/accessPackages/:id`, { roles: WRITE, handle: deletePackage })
    .add('POST', `${EM}/accessPackages/:id/resourceRoleScopes`, { roles: WRITE, handle: addRoleScope })
    .add('DELETE', `${EM}/accessPackages/:id/resourceRoleScopes/:roleScopeId`, {
      roles: WRITE,
      handle: removeRoleScope,
    });
}
