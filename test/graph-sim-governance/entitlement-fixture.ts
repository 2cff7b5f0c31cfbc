// Builds an access package granting one group in the Contoso tenant of a simulator with the entitlement module.
import type { Client } from '@microsoft/microsoft-graph-client';

/** Base path of entitlement management. */
export const EM = '/identityGovernance/entitlementManagement';

/** A Graph object as the SDK returns it. */
export interface GraphObject {
  id: string;
  [key: string]: unknown;
}

/** A page of a collection. */
export interface Page<T = GraphObject> {
  value: T[];
  '@odata.nextLink'?: string;
}

/** Ids of a package built by `buildPackage`. */
export interface BuiltPackage {
  catalogId: string;
  groupId: string;
  accessPackageId: string;
}

/** Creates a group, a catalog holding it, and a package granting membership of it. */
export async function buildPackage(graph: Client, name: string): Promise<BuiltPackage> {
  const group = (await graph.api('/groups').post({
    displayName: `${name} group`,
    mailEnabled: false,
    mailNickname: name.toLowerCase().replace(/\W+/g, '-'),
    securityEnabled: true,
  })) as GraphObject;
  const catalog = (await graph
    .api(`${EM}/catalogs`)
    .post({ displayName: `${name} catalog`, description: name, state: 'published' })) as GraphObject;
  await graph.api(`${EM}/resourceRequests`).post({
    requestType: 'adminAdd',
    resource: { displayName: `${name} group`, originId: group.id, originSystem: 'AadGroup' },
    catalog: { id: catalog.id },
  });
  const resources = (await graph
    .api(`${EM}/catalogs/${catalog.id}/resources`)
    .expand(['roles', 'scopes'])
    .get()) as Page<GraphObject & { roles: GraphObject[]; scopes: GraphObject[] }>;
  const resource = resources.value[0] as GraphObject & { roles: GraphObject[]; scopes: GraphObject[] };
  const member = resource.roles.find((r) => r['displayName'] === 'Member') as GraphObject;
  const pkg = (await graph.api(`${EM}/accessPackages`).post({
    displayName: name,
    description: name,
    isHidden: false,
    catalog: { id: catalog.id },
  })) as GraphObject;
  await graph.api(`${EM}/accessPackages/${pkg.id}/resourceRoleScopes`).post({
    role: {
      id: member.id,
      originId: member['originId'],
      originSystem: 'AadGroup',
      resource: { id: resource.id, originId: group.id, originSystem: 'AadGroup' },
    },
    scope: { id: resource.scopes[0]?.id, originId: group.id, originSystem: 'AadGroup', isRootScope: true },
  });
  return { catalogId: catalog.id, groupId: group.id, accessPackageId: pkg.id };
}

/** The ids of a group's direct members. */
export async function memberIds(graph: Client, groupId: string): Promise<string[]> {
  const page = (await graph.api(`/groups/${groupId}/members`).get()) as Page;
  return page.value.map((m) => m.id).sort();
}

/** The assignments of a package with their targets. */
export async function assignmentsOf(graph: Client, accessPackageId: string): Promise<GraphObject[]> {
  const page = (await graph
    .api(`${EM}/assignments`)
    .filter(`accessPackage/id eq '${accessPackageId}'`)
    .expand('target')
    .get()) as Page;
  return page.value;
}

/** The Graph error code of a failed SDK call. */
export async function errorOf(promise: Promise<unknown>): Promise<{ statusCode: number; code: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { statusCode?: number; code?: string };
    return { statusCode: e.statusCode ?? -1, code: e.code ?? '' };
  }
  throw new Error('the call succeeded');
}
