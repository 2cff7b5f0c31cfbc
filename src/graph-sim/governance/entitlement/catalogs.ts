// Catalogs, their resources (groups added by adminAdd resource requests) with roles and scopes.
import { forbidden, type GraphResult } from '../../http/errors.js';
import type { Router } from '../../http/router.js';
import type { GraphCall, GraphRoute } from '../../module.js';
import type { Props } from '../../store/types.js';
import { renderPackage } from './packages.js';
import { expansion, filterBy, listPage } from './query.js';
import { EM, READ, WRITE } from './roles.js';
import {
  entitlementState,
  invalid,
  isoAt,
  newId,
  notFoundIn,
  objectBody,
  refId,
  requireRecord,
  type CatalogResourceRecord,
  writeProperties,
} from './state.js';

const CATALOG_WRITABLE = ['displayName', 'description', 'state', 'isExternallyVisible'];

function catalogOf(call: GraphCall) {
  return requireRecord(entitlementState(call.tenant).catalogs, 'catalog', call.params['id'] as string);
}

function listCatalogs(call: GraphCall): GraphResult {
  const catalogs = filterBy(call, [...entitlementState(call.tenant).catalogs.values()], (c) => c.props);
  return { status: 200, body: listPage(call, 'catalogs', catalogs, (c) => ({ ...c.props })) };
}

function writeCatalog(target: Props, body: Props): void {
  writeProperties(target, body, 'accessPackageCatalog', CATALOG_WRITABLE);
  if (target['state'] !== 'published' && target['state'] !== 'unpublished')
    throw invalid(`The value '${String(target['state'])}' is not valid for property 'state'.`);
}

function createCatalog(call: GraphCall): GraphResult {
  const body = objectBody(call.body);
  if (typeof body['displayName'] !== 'string' || body['displayName'] === '')
    throw invalid("Property 'displayName' is required.");
  const now = isoAt(call.store.clock.now());
  const props: Props = {
    id: newId(),
    displayName: '',
    description: null,
    catalogType: 'userManaged',
    state: 'published',
    isExternallyVisible: false,
    createdDateTime: now,
    modifiedDateTime: now,
  };
  writeCatalog(props, body);
  entitlementState(call.tenant).catalogs.set(String(props['id']), { props });
  return { status: 201, body: { ...props } };
}

function updateCatalog(call: GraphCall): GraphResult {
  const catalog = catalogOf(call);
  writeCatalog(catalog.props, objectBody(call.body));
  catalog.props['modifiedDateTime'] = isoAt(call.store.clock.now());
  return { status: 204 };
}

function deleteCatalog(call: GraphCall): GraphResult {
  const state = entitlementState(call.tenant);
  const catalog = catalogOf(call);
  const id = String(catalog.props['id']);
  if ([...state.packages.values()].some((p) => p.catalogId === id))
    throw invalid('The catalog cannot be deleted while it contains access packages.');
  state.catalogs.delete(id);
  for (const [rid, resource] of state.resources) if (resource.catalogId === id) state.resources.delete(rid);
  return { status: 204 };
}

/** Renders a catalog resource, with its roles and scopes when expanded. */
export function renderResource(resource: CatalogResourceRecord, expand: ReadonlyMap<string, string>): Props {
  const out: Props = { ...resource.props };
  if (expand.has('roles')) out['roles'] = resource.roles.map((r) => ({ ...r }));
  if (expand.has('scopes')) out['scopes'] = resource.scopes.map((s) => ({ ...s }));
  return out;
}

function listResources(call: GraphCall): GraphResult {
  const id = String(catalogOf(call).props['id']);
  const expand = expansion(call.query.get('$expand'), 'accessPackageResource', ['roles', 'scopes']);
  const resources = filterBy(
    call,
    [...entitlementState(call.tenant).resources.values()].filter((r) => r.catalogId === id),
    (r) => r.props,
  );
  return {
    status: 200,
    body: listPage(call, `catalogs('${id}')/resources`, resources, (r) => renderResource(r, expand)),
  };
}

// Graph documents the access packages of a catalog as `GET /catalogs/{id}?$expand=accessPackages` only: the
// navigation path `/catalogs/{id}/accessPackages` has no method page, so the simulator does not answer it.
function getCatalog(call: GraphCall): GraphResult {
  const catalog = catalogOf(call);
  const expand = expansion(call.query.get('$expand'), 'accessPackageCatalog', ['accessPackages']);
  const out: Props = { ...catalog.props };
  if (expand.has('accesspackages')) {
    const id = String(catalog.props['id']);
    out['accessPackages'] = [...entitlementState(call.tenant).packages.values()]
      .filter((p) => p.catalogId === id)
      .map((p) => renderPackage(call, p, new Map()));
  }
  return { status: 200, body: out };
}

function groupResource(catalogId: string, group: Props, now: string): CatalogResourceRecord {
  const groupId = String(group['id']);
  const resourceId = newId();
  const origin = { originSystem: 'AadGroup' };
  const role = (name: string): Props => ({
    id: newId(),
    displayName: name,
    description: `${name} of the group`,
    originId: `${name}_${groupId}`,
    ...origin,
  });
  return {
    catalogId,
    props: {
      id: resourceId,
      displayName: group['displayName'] ?? null,
      description: group['description'] ?? null,
      originId: groupId,
      ...origin,
      createdDateTime: now,
      modifiedDateTime: now,
      attributes: [],
    },
    roles: [role('Owner'), role('Member')],
    scopes: [
      {
        id: newId(),
        displayName: 'Root',
        description: 'Root Scope',
        originId: groupId,
        ...origin,
        isRootScope: true,
      },
    ],
  };
}

function hasRole(call: GraphCall, role: string): boolean {
  return call.tenant.apps.get(call.appId.toLowerCase())?.roles.has(role) ?? false;
}

function createResourceRequest(call: GraphCall): GraphResult {
  const body = objectBody(call.body);
  const state = entitlementState(call.tenant);
  const requestType = body['requestType'];
  const resource = (body['resource'] ?? {}) as Props;
  const catalogId = refId(body['catalog']);
  if (!catalogId) throw invalid("Property 'catalog' with an 'id' is required.");
  const catalog = requireRecord(state.catalogs, 'catalog', catalogId);
  const originId = String(resource['originId'] ?? '');
  if (resource['originSystem'] !== 'AadGroup')
    throw invalid(
      `The originSystem '${String(resource['originSystem'])}' is not supported by the simulator.`,
    );
  const existing = [...state.resources.entries()].find(
    ([, r]) =>
      r.catalogId === catalogId && String(r.props['originId']).toLowerCase() === originId.toLowerCase(),
  );
  const now = isoAt(call.store.clock.now());
  if (requestType === 'adminAdd') {
    // Adding a group to a catalog needs the group permission as well (Graph's lifecycle workflows reference).
    if (!hasRole(call, 'Group.ReadWrite.All')) throw forbidden();
    const group = call.tenant.groups.get(originId);
    if (!group) throw notFoundIn('group', originId);
    if (existing) throw invalid(`The resource '${originId}' is already in the catalog.`);
    const record = groupResource(String(catalog.props['id']), group.props, now);
    state.resources.set(String(record.props['id']), record);
  } else if (requestType === 'adminRemove') {
    if (!existing) throw notFoundIn('resource', originId);
    const inUse = [...state.packages.values()].some((p) =>
      p.roleScopes.some((rs) => String(rs.scope['originId']).toLowerCase() === originId.toLowerCase()),
    );
    if (inUse) throw invalid('The resource is used by an access package of the catalog.');
    state.resources.delete(existing[0]);
  } else {
    throw invalid(`The requestType '${String(requestType)}' is not supported.`);
  }
  const request: Props = { id: newId(), requestType, state: 'delivered', createdDateTime: now };
  state.resourceRequests.set(String(request['id']), request);
  return { status: 201, body: request };
}

function listResourceRequests(call: GraphCall): GraphResult {
  const requests = filterBy(call, [...entitlementState(call.tenant).resourceRequests.values()], (r) => r);
  return { status: 200, body: listPage(call, 'resourceRequests', requests, (r) => ({ ...r })) };
}

/** Registers catalogs, catalog resources and resource requests. */
export function catalogRoutes(router: Router<GraphRoute>): void {
  router
    .add('GET', `${EM}/catalogs`, { roles: READ, handle: listCatalogs })
    .add('POST', `${EM}/catalogs`, { roles: WRITE, handle: createCatalog })
    .add('GET', `${EM}/catalogs/:id`, { roles: READ, handle: getCatalog })
    .add('PATCH', `${EM}/catalogs/:id`, { roles: WRITE, handle: updateCatalog })
    .add('DELETE', `${EM}/catalogs/:id`, { roles: WRITE, handle: deleteCatalog })
    .add('GET', `${EM}/catalogs/:id/resources`, { roles: READ, handle: listResources })
    .add('GET', `${EM}/resourceRequests`, { roles: READ, handle: listResourceRequests })
    .add('POST', `${EM}/resourceRequests`, { roles: WRITE, handle: createResourceRequest });
}
