// Brings one access package in the tenant in line with its AccessPackagePolicy (or, in DryRun, says how).
import type { AccessPackagePolicy, AccessPackagePolicyStatus } from '../../api/index.js';
import type { GraphClient } from '../../graph/index.js';
import { getGroup } from '../../graph/index.js';
import * as em from '../../graph/governance/index.js';
import type { AccessPackage, AssignmentPolicyBody, CatalogResource } from '../../graph/governance/index.js';
import type { GroupRole, PolicyContext } from '../../governance/access-package.js';
import {
  accessPackagePatch,
  countAssignments,
  countPendingRequests,
  desiredAssignmentPolicy,
  planAssignmentPolicies,
  planResourceRoleScopes,
  roleOriginId,
} from '../../governance/access-package.js';

/** What a pass found and did: status fields, the plan (what would be or was written), a missing group. */
export interface PackageSync {
  status: Partial<AccessPackagePolicyStatus>;
  plan: string[];
  missingGroup?: string;
  settling: boolean;
}

async function resolveGroups(client: GraphClient, spec: AccessPackagePolicy['spec']) {
  const groups: { id: string; displayName: string; role: GroupRole['role'] }[] = [];
  for (const resource of spec.resources) {
    const { id, displayName } = resource.group;
    const found = id ? await getGroup(client, id) : (await em.findGroupsByName(client, displayName ?? ''))[0];
    if (!found) return { missing: id ?? displayName ?? '' };
    groups.push({ id: found.id, displayName: found.displayName ?? found.id, role: resource.role });
  }
  return { groups };
}

function roleScopeBody(resource: CatalogResource, grant: GroupRole) {
  const role = resource.roles?.find((r) => r.originId.toLowerCase() === roleOriginId(grant).toLowerCase());
  const scope = resource.scopes?.find((s) => s.isRootScope) ?? resource.scopes?.[0];
  if (!role || !scope) return undefined;
  return {
    role: {
      id: role.id,
      displayName: role.displayName ?? grant.role,
      originSystem: 'AadGroup',
      originId: role.originId,
      resource: { id: resource.id, originId: resource.originId, originSystem: 'AadGroup' },
    },
    scope: { id: scope.id, originId: scope.originId, originSystem: 'AadGroup', isRootScope: true },
  };
}

/**
 * The connected organization of each source tenant (by TenantLink name), created when missing: requests from
 * another tenant's users go through it. In DryRun a missing one is planned, not created.
 */
async function ensureConnectedOrganizations(
  client: GraphClient,
  sources: readonly { link: string; tenantId: string }[],
  dryRun: boolean,
  plan: string[],
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  if (sources.length === 0) return ids;
  const existing = await em.listConnectedOrganizations(client);
  for (const { link, tenantId } of sources) {
    const found = existing.find((o) =>
      (o.identitySources ?? []).some((s) => s.tenantId?.toLowerCase() === tenantId.toLowerCase()),
    );
    if (found) {
      ids[link] = found.id;
      continue;
    }
    plan.push(`create connected organization for ${link} (tenant ${tenantId})`);
    if (dryRun) continue;
    const created = await em.createConnectedOrganization(client, {
      displayName: `${link} (${tenantId})`,
      description: `Users synchronized from TenantLink ${link}`,
      tenantId,
    });
    existing.push(created);
    ids[link] = created.id;
  }
  return ids;
}

/** Syncs catalog, package, resource role scopes and policies; writes nothing when `dryRun`. */
export async function syncAccessPackage(
  client: GraphClient,
  app: AccessPackagePolicy,
  syncedFrom: readonly { link: string; tenantId: string }[],
  dryRun: boolean,
): Promise<PackageSync> {
  const spec = app.spec;
  const plan: string[] = [];
  const resolved = await resolveGroups(client, spec);
  if ('missing' in resolved) return { status: {}, plan, missingGroup: resolved.missing, settling: false };

  // Users of another tenant request through its connected organization, which Entra allows only in a catalog
  // enabled for external users.
  const external = spec.policies.some((p) => (p.requests?.allowedRequestors.syncedFrom?.length ?? 0) > 0);
  let catalog = (await em.findCatalogs(client, spec.catalog.displayName))[0];
  if (catalog && external && catalog.isExternallyVisible !== true) {
    plan.push(`enable catalog "${spec.catalog.displayName}" for external users`);
    if (!dryRun) await em.updateCatalog(client, catalog.id, { isExternallyVisible: true });
  }
  if (!catalog) {
    plan.push(`create catalog "${spec.catalog.displayName}"`);
    if (dryRun)
      return {
        status: {},
        plan: [...plan, `create access package "${spec.accessPackage.displayName}" and its policies`],
        settling: false,
      };
    catalog = await em.createCatalog(client, {
      displayName: spec.catalog.displayName,
      description: spec.catalog.description ?? spec.catalog.displayName,
      isExternallyVisible: external,
    });
  }
  let pkg: AccessPackage | undefined = app.status?.accessPackageId
    ? await em.getAccessPackage(client, app.status.accessPackageId)
    : undefined;
  if (!pkg) {
    const byName = (await em.listCatalogAccessPackages(client, catalog.id)).find(
      (p) => p.displayName === spec.accessPackage.displayName,
    );
    pkg = byName ? await em.getAccessPackage(client, byName.id) : undefined;
  }
  if (!pkg) {
    plan.push(`create access package "${spec.accessPackage.displayName}"`);
    if (dryRun)
      return {
        status: { catalogId: catalog.id },
        plan: [...plan, 'create its resources and policies'],
        settling: false,
      };
    const created = await em.createAccessPackage(client, {
      displayName: spec.accessPackage.displayName,
      description: spec.accessPackage.description ?? '',
      isHidden: spec.accessPackage.hidden,
      catalogId: catalog.id,
    });
    pkg = { ...created, resourceRoleScopes: [] };
  }
  const patch = accessPackagePatch(spec.accessPackage, pkg);
  if (Object.keys(patch).length > 0) {
    plan.push(`update access package ${Object.keys(patch).join(', ')}`);
    if (!dryRun) await em.updateAccessPackage(client, pkg.id, patch);
  }

  const grants = resolved.groups.map((g) => ({ groupId: g.id, role: g.role }));
  const roles = planResourceRoleScopes(grants, pkg.resourceRoleScopes ?? []);
  if (roles.add.length > 0) {
    let resources = await em.listCatalogResources(client, catalog.id);
    for (const group of resolved.groups) {
      if (!roles.add.some((g) => g.groupId === group.id)) continue;
      if (resources.some((r) => r.originId.toLowerCase() === group.id.toLowerCase())) continue;
      plan.push(`add group ${group.displayName} to catalog`);
      if (!dryRun) await em.addGroupToCatalog(client, catalog.id, group);
    }
    if (!dryRun) resources = await em.listCatalogResources(client, catalog.id);
    for (const grant of roles.add) {
      plan.push(`grant ${grant.role} of group ${grant.groupId}`);
      if (dryRun) continue;
      const resource = resources.find((r) => r.originId.toLowerCase() === grant.groupId.toLowerCase());
      const body = resource && roleScopeBody(resource, grant);
      if (body) await em.addResourceRoleScope(client, pkg.id, body);
    }
  }
  for (const id of roles.remove) {
    plan.push(`remove resource role scope ${id}`);
    if (!dryRun) await em.removeResourceRoleScope(client, pkg.id, id);
  }

  const connectedOrganizations = await ensureConnectedOrganizations(client, syncedFrom, dryRun, plan);
  const ctx: PolicyContext = { accessPackageId: pkg.id, connectedOrganizations };
  const desired: AssignmentPolicyBody[] = spec.policies.map((p) => desiredAssignmentPolicy(p, ctx));
  const policies = planAssignmentPolicies(desired, await em.listAssignmentPolicies(client, pkg.id));
  const ids: Record<string, string> = { ...policies.ids };
  for (const body of policies.create) {
    plan.push(`create policy ${body.displayName}`);
    if (!dryRun) ids[body.displayName] = (await em.createAssignmentPolicy(client, body)).id;
  }
  for (const update of policies.update) {
    plan.push(`update policy ${update.body.displayName}: ${update.fields.join(', ')}`);
    if (!dryRun) await em.replaceAssignmentPolicy(client, update.id, update.body);
  }
  for (const stale of policies.delete) {
    plan.push(`delete policy ${stale.displayName}`);
    if (!dryRun) await em.deleteAssignmentPolicy(client, stale.id);
  }

  const assignments = countAssignments(await em.listAssignments(client, pkg.id));
  const pendingRequests = countPendingRequests(await em.listAssignmentRequests(client, pkg.id));
  return {
    status: {
      catalogId: catalog.id,
      accessPackageId: pkg.id,
      policies: spec.policies
        .filter((p) => ids[p.name])
        .map((p) => ({ name: p.name, id: ids[p.name] as string })),
      assignments,
      pendingRequests,
    },
    plan,
    settling: assignments.delivering > 0 || pendingRequests > 0,
  };
}

/** Removes the package's assignments, then its policies and the package; the catalog stays. */
export async function deleteAccessPackage(
  client: GraphClient,
  accessPackageId: string,
): Promise<'done' | { requeueAfterMs: number }> {
  const live = (await em.listAssignments(client, accessPackageId)).filter((a) => a.state !== 'expired');
  if (live.length > 0) {
    // Graph refuses to delete a package that still has assignments; removal is asynchronous.
    for (const assignment of live.filter((a) => a.state === 'delivered')) {
      await em.requestAssignmentRemoval(client, assignment.id);
    }
    return { requeueAfterMs: 5_000 };
  }
  for (const policy of await em.listAssignmentPolicies(client, accessPackageId)) {
    await em.deleteAssignmentPolicy(client, policy.id);
  }
  await em.deleteAccessPackage(client, accessPackageId);
  return 'done';
}
