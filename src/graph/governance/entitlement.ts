import type { GraphClient } from '../client.js';
import { unlessNotFound } from '../errors.js';
import { readAll } from '../paging.js';
import { segment, withQuery } from '../url.js';
import { literal } from './odata.js';
import type {
  AccessPackage,
  Assignment,
  AssignmentPolicy,
  AssignmentPolicyBody,
  AssignmentRequest,
  Catalog,
  CatalogResource,
  ConnectedOrganization,
  ResourceRoleScope,
} from './types.js';

const EM = '/identityGovernance/entitlementManagement';

/** The catalogs with this display name (Graph does not keep names unique). */
export function findCatalogs(client: GraphClient, displayName: string): Promise<Catalog[]> {
  return readAll<Catalog>(
    client,
    withQuery(`${EM}/catalogs`, { $filter: `displayName eq ${literal(displayName)}` }),
  );
}

/** Creates a published catalog; `isExternallyVisible` lets users of connected organizations request in it. */
export async function createCatalog(
  client: GraphClient,
  body: { displayName: string; description: string; isExternallyVisible: boolean },
): Promise<Catalog> {
  const created = await client.send<Catalog>('POST', `${EM}/catalogs`, { ...body, state: 'published' });
  return created.body;
}

/** Updates the given properties of a catalog. */
export async function updateCatalog(
  client: GraphClient,
  id: string,
  patch: { isExternallyVisible: boolean },
): Promise<void> {
  await client.send('PATCH', `${EM}/catalogs/${segment(id)}`, patch);
}

/** The resources of a catalog with their roles and scopes, read whole: one read serves every group of the spec. */
export function listCatalogResources(client: GraphClient, catalogId: string): Promise<CatalogResource[]> {
  return readAll<CatalogResource>(
    client,
    withQuery(`${EM}/catalogs/${segment(catalogId)}/resources`, { $expand: 'roles,scopes' }),
  );
}

/** Adds a group to a catalog (`adminAdd` resource request); Graph delivers it synchronously. */
export async function addGroupToCatalog(
  client: GraphClient,
  catalogId: string,
  group: { id: string; displayName: string },
): Promise<void> {
  await client.send('POST', `${EM}/resourceRequests`, {
    requestType: 'adminAdd',
    resource: { displayName: group.displayName, originId: group.id, originSystem: 'AadGroup' },
    catalog: { id: catalogId },
  });
}

/** Every connected organization (the list page documents no filter on identity sources). */
export function listConnectedOrganizations(client: GraphClient): Promise<ConnectedOrganization[]> {
  return readAll<ConnectedOrganization>(client, `${EM}/connectedOrganizations`);
}

/** Creates a configured connected organization for one Azure AD tenant. */
export async function createConnectedOrganization(
  client: GraphClient,
  body: { displayName: string; description: string; tenantId: string },
): Promise<ConnectedOrganization> {
  const { tenantId, ...rest } = body;
  const created = await client.send<ConnectedOrganization>('POST', `${EM}/connectedOrganizations`, {
    ...rest,
    identitySources: [
      {
        '@odata.type': '#microsoft.graph.azureActiveDirectoryTenant',
        tenantId,
        displayName: rest.displayName,
      },
    ],
    state: 'configured',
  });
  return created.body;
}

/** One access package with its resource role scopes; undefined when it no longer exists. */
export function getAccessPackage(client: GraphClient, id: string): Promise<AccessPackage | undefined> {
  const url = withQuery(`${EM}/accessPackages/${segment(id)}`, {
    $expand: 'resourceRoleScopes($expand=role,scope)',
  });
  return unlessNotFound(client.get<AccessPackage>(url), undefined);
}

/** The access packages of a catalog, expanded on the catalog as its Get page documents. */
export async function listCatalogAccessPackages(
  client: GraphClient,
  catalogId: string,
): Promise<AccessPackage[]> {
  const url = withQuery(`${EM}/catalogs/${segment(catalogId)}`, { $expand: 'accessPackages' });
  const catalog = await client.get<Catalog & { accessPackages?: AccessPackage[] }>(url);
  return catalog.accessPackages ?? [];
}

/** Creates an access package in a catalog. */
export async function createAccessPackage(
  client: GraphClient,
  body: { displayName: string; description: string; isHidden: boolean; catalogId: string },
): Promise<AccessPackage> {
  const { catalogId, ...rest } = body;
  return (
    await client.send<AccessPackage>('POST', `${EM}/accessPackages`, { ...rest, catalog: { id: catalogId } })
  ).body;
}

/** Updates the given properties of an access package. */
export async function updateAccessPackage(
  client: GraphClient,
  id: string,
  patch: Partial<Pick<AccessPackage, 'displayName' | 'description' | 'isHidden'>>,
): Promise<void> {
  await client.send('PATCH', `${EM}/accessPackages/${segment(id)}`, patch);
}

/** Deletes an access package (Graph refuses while it has assignments); absent counts as done. */
export async function deleteAccessPackage(client: GraphClient, id: string): Promise<void> {
  await unlessNotFound(client.send('DELETE', `${EM}/accessPackages/${segment(id)}`), undefined);
}

/** Grants a resource role in a scope through the package. */
export async function addResourceRoleScope(
  client: GraphClient,
  accessPackageId: string,
  body: { role: Record<string, unknown>; scope: Record<string, unknown> },
): Promise<ResourceRoleScope> {
  const url = `${EM}/accessPackages/${segment(accessPackageId)}/resourceRoleScopes`;
  return (await client.send<ResourceRoleScope>('POST', url, body)).body;
}

/** Removes a resource role scope from the package; absent counts as done. */
export async function removeResourceRoleScope(
  client: GraphClient,
  accessPackageId: string,
  id: string,
): Promise<void> {
  const url = `${EM}/accessPackages/${segment(accessPackageId)}/resourceRoleScopes/${segment(id)}`;
  await unlessNotFound(client.send('DELETE', url), undefined);
}

/**
 * The assignment policies of an access package, expanded on the package: the Get page documents
 * `$expand=assignmentPolicies`, the policy list documents no filter by package. A package gone has none.
 */
export async function listAssignmentPolicies(
  client: GraphClient,
  accessPackageId: string,
): Promise<AssignmentPolicy[]> {
  const url = withQuery(`${EM}/accessPackages/${segment(accessPackageId)}`, {
    $expand: 'assignmentPolicies',
  });
  const pkg = await unlessNotFound(client.get<{ assignmentPolicies?: AssignmentPolicy[] }>(url), undefined);
  return pkg?.assignmentPolicies ?? [];
}

/** Creates an assignment policy. */
export async function createAssignmentPolicy(
  client: GraphClient,
  body: AssignmentPolicyBody,
): Promise<AssignmentPolicy> {
  return (await client.send<AssignmentPolicy>('POST', `${EM}/assignmentPolicies`, body)).body;
}

/** Replaces an assignment policy (v1.0 updates policies with PUT of the whole object). */
export async function replaceAssignmentPolicy(
  client: GraphClient,
  id: string,
  body: AssignmentPolicyBody,
): Promise<void> {
  await client.send('PUT', `${EM}/assignmentPolicies/${segment(id)}`, { id, ...body });
}

/** Deletes an assignment policy; absent counts as done. */
export async function deleteAssignmentPolicy(client: GraphClient, id: string): Promise<void> {
  await unlessNotFound(client.send('DELETE', `${EM}/assignmentPolicies/${segment(id)}`), undefined);
}

/** The assignments of an access package, with their targets. */
export function listAssignments(client: GraphClient, accessPackageId: string): Promise<Assignment[]> {
  return readAll<Assignment>(
    client,
    withQuery(`${EM}/assignments`, {
      $filter: `accessPackage/id eq ${literal(accessPackageId)}`,
      $expand: 'target',
    }),
  );
}

/** The assignment requests of an access package. */
export function listAssignmentRequests(
  client: GraphClient,
  accessPackageId: string,
): Promise<AssignmentRequest[]> {
  return readAll<AssignmentRequest>(
    client,
    // The form the list page documents: the filter on the package goes with its $expand.
    withQuery(`${EM}/assignmentRequests`, {
      $expand: 'accessPackage',
      $filter: `accessPackage/id eq ${literal(accessPackageId)}`,
    }),
  );
}

/** Asks Graph to remove an assignment (`adminRemove`); delivery is asynchronous. */
export async function requestAssignmentRemoval(client: GraphClient, assignmentId: string): Promise<void> {
  await client.send('POST', `${EM}/assignmentRequests`, {
    requestType: 'adminRemove',
    assignment: { id: assignmentId },
  });
}

/** The groups with this display name (to resolve a resource named by display name). */
export function findGroupsByName(
  client: GraphClient,
  displayName: string,
): Promise<{ id: string; displayName: string }[]> {
  return readAll(
    client,
    withQuery('/groups', {
      $filter: `displayName eq ${literal(displayName)}`,
      $select: ['id', 'displayName'],
    }),
  );
}
