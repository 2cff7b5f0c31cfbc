import type { Client } from '@microsoft/microsoft-graph-client';
import { entitlementModule } from '../../src/graph-sim/governance/entitlement/module.js';
import { startSimulator, type RunningSimulator } from '../../src/graph-sim/index.js';
import { CONTOSO, tenantClient } from '../graph-sim/sim-fixture.js';
import {
  buildPackage,
  EM,
  errorOf,
  type BuiltPackage,
  type GraphObject,
  type Page,
} from './entitlement-fixture.js';

const salesRule = '(user.department -eq "Sales")';

function autoPolicy(accessPackageId: string, rule = salesRule): Record<string, unknown> {
  return {
    displayName: 'Sales birthright',
    description: 'All Sales users',
    allowedTargetScope: 'specificDirectoryUsers',
    specificAllowedTargets: [
      { '@odata.type': '#microsoft.graph.attributeRuleMembers', description: 'Sales', membershipRule: rule },
    ],
    automaticRequestSettings: {
      requestAccessForAllowedTargets: true,
      removeAccessWhenTargetLeavesAllowedTargets: true,
      gracePeriodBeforeAccessRemoval: 'P7D',
    },
    accessPackage: { id: accessPackageId },
  };
}

describe('graph-sim entitlement management objects', () => {
  let sim: RunningSimulator;
  let graph: Client;
  let built: BuiltPackage;
  beforeAll(async () => {
    sim = await startSimulator({ modules: [entitlementModule] });
    graph = tenantClient(sim, CONTOSO);
    built = await buildPackage(graph, 'Sales tools');
  });
  afterAll(() => sim.stop());

  it('finds a catalog by display name and lists its access packages', async () => {
    const found = (await graph
      .api(`${EM}/catalogs`)
      .filter("displayName eq 'Sales tools catalog'")
      .get()) as Page;
    expect(found.value.map((c) => c.id)).toEqual([built.catalogId]);
    expect(found.value[0]).toMatchObject({
      catalogType: 'userManaged',
      state: 'published',
      isExternallyVisible: false,
    });
    const none = (await graph.api(`${EM}/catalogs`).filter("displayName eq 'Nothing'").get()) as Page;
    expect(none.value).toEqual([]);
    const catalog = (await graph
      .api(`${EM}/catalogs/${built.catalogId}`)
      .expand('accessPackages')
      .get()) as GraphObject & { accessPackages: GraphObject[] };
    expect(catalog.accessPackages.map((p) => p.id)).toEqual([built.accessPackageId]);
    // The navigation path has no method page: only the documented $expand answers.
    expect(await errorOf(graph.api(`${EM}/catalogs/${built.catalogId}/accessPackages`).get())).toMatchObject({
      statusCode: expect.any(Number),
    });
  });

  it('gives a catalog group the Member and Owner roles and a root scope', async () => {
    const page = (await graph
      .api(`${EM}/catalogs/${built.catalogId}/resources`)
      .expand(['roles', 'scopes'])
      .get()) as Page;
    const resource = page.value[0] as GraphObject & { roles: GraphObject[]; scopes: GraphObject[] };
    expect(resource).toMatchObject({ originId: built.groupId, originSystem: 'AadGroup' });
    expect(resource.roles.map((r) => r['originId']).sort()).toEqual([
      `Member_${built.groupId}`,
      `Owner_${built.groupId}`,
    ]);
    expect(resource.scopes).toEqual([
      expect.objectContaining({ originId: built.groupId, isRootScope: true }),
    ]);
    const plain = (await graph.api(`${EM}/catalogs/${built.catalogId}/resources`).get()) as Page;
    expect(plain.value[0]).not.toHaveProperty('roles');
  });

  it('expands a package with its resource role scopes, ids being roleId_scopeId', async () => {
    const pkg = (await graph
      .api(`${EM}/accessPackages/${built.accessPackageId}`)
      .expand('resourceRoleScopes($expand=role,scope)')
      .get()) as GraphObject & { resourceRoleScopes: GraphObject[] };
    const [roleScope] = pkg.resourceRoleScopes;
    const role = roleScope?.['role'] as GraphObject;
    const scope = roleScope?.['scope'] as GraphObject;
    expect(roleScope?.id).toBe(`${role.id}_${scope.id}`);
    expect(role).toMatchObject({ displayName: 'Member', originId: `Member_${built.groupId}` });
    expect(scope).toMatchObject({ displayName: 'Root', isRootScope: true });
  });

  it('answers a new resource role scope with its id and creation time only, and lists scopes only by $expand', async () => {
    const resources = (await graph
      .api(`${EM}/catalogs/${built.catalogId}/resources`)
      .expand(['roles', 'scopes'])
      .get()) as Page<GraphObject & { roles: GraphObject[]; scopes: GraphObject[] }>;
    const resource = resources.value[0] as GraphObject & { roles: GraphObject[]; scopes: GraphObject[] };
    const owner = resource.roles.find((r) => r['displayName'] === 'Owner') as GraphObject;
    const root = resource.scopes[0] as GraphObject;
    const pkg = (await graph
      .api(`${EM}/accessPackages`)
      .post({ displayName: 'Owners', isHidden: false, catalog: { id: built.catalogId } })) as GraphObject;
    const created = (await graph.api(`${EM}/accessPackages/${pkg.id}/resourceRoleScopes`).post({
      role: {
        id: owner.id,
        originId: owner['originId'],
        originSystem: 'AadGroup',
        resource: { id: resource.id },
      },
      scope: { id: root.id, originId: built.groupId, originSystem: 'AadGroup', isRootScope: true },
    })) as GraphObject;
    expect(Object.keys(created).sort()).toEqual(['createdDateTime', 'id']);
    expect(created.id).toBe(`${owner.id}_${root.id}`);
    // The List resourceRoleScopes page reads them through the package's $expand, not a collection of their own.
    expect(await errorOf(graph.api(`${EM}/accessPackages/${pkg.id}/resourceRoleScopes`).get())).toMatchObject(
      {
        statusCode: expect.any(Number),
      },
    );
  });

  it('answers 400 for an unknown $expand and 404 in Graph error form for an unknown package', async () => {
    expect(
      await errorOf(graph.api(`${EM}/accessPackages/${built.accessPackageId}`).expand('nothing').get()),
    ).toEqual({
      statusCode: 400,
      code: 'BadRequest',
    });
    expect(
      await errorOf(graph.api(`${EM}/accessPackages/00000000-0000-0000-0000-000000000000`).get()),
    ).toEqual({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
  });

  it('stores a policy as written, finds it by package, and replaces it with PUT', async () => {
    const created = (await graph
      .api(`${EM}/assignmentPolicies`)
      .post(autoPolicy(built.accessPackageId))) as GraphObject;
    expect(created).toMatchObject({
      allowedTargetScope: 'specificDirectoryUsers',
      automaticRequestSettings: { gracePeriodBeforeAccessRemoval: 'P7D' },
      expiration: { type: 'noExpiration' },
    });
    const pkg = (await graph
      .api(`${EM}/accessPackages/${built.accessPackageId}`)
      .expand('assignmentPolicies')
      .get()) as GraphObject & { assignmentPolicies: GraphObject[] };
    expect(pkg.assignmentPolicies.map((p) => p.id)).toEqual([created.id]);
    const replaced = { ...autoPolicy(built.accessPackageId), id: created.id, description: 'changed' };
    await graph.api(`${EM}/assignmentPolicies/${created.id}`).put(replaced);
    const read = (await graph.api(`${EM}/assignmentPolicies/${created.id}`).get()) as GraphObject;
    expect(read['description']).toBe('changed');
    // The list page documents no filter by package: the simulator refuses it as undocumented.
    expect(
      await errorOf(
        graph.api(`${EM}/assignmentPolicies`).filter(`accessPackage/id eq '${built.accessPackageId}'`).get(),
      ),
    ).toMatchObject({ statusCode: 400, code: 'BadRequest' });
  });

  it('refuses a policy whose membership rule does not parse, and an automatic policy without a rule', async () => {
    expect(
      await errorOf(
        graph.api(`${EM}/assignmentPolicies`).post(autoPolicy(built.accessPackageId, '(user.department -eq')),
      ),
    ).toEqual({ statusCode: 400, code: 'BadRequest' });
    const noRule = { ...autoPolicy(built.accessPackageId), specificAllowedTargets: [] };
    expect(await errorOf(graph.api(`${EM}/assignmentPolicies`).post(noRule))).toEqual({
      statusCode: 400,
      code: 'BadRequest',
    });
  });

  it('pages the catalogs with $top and @odata.nextLink', async () => {
    await graph.api(`${EM}/catalogs`).post({ displayName: 'Second catalog' });
    const page = (await graph.api(`${EM}/catalogs`).top(1).get()) as Page;
    expect(page.value).toHaveLength(1);
    expect(page['@odata.nextLink']).toContain('$skiptoken=');
    const next = (await graph.api(page['@odata.nextLink'] as string).get()) as Page;
    expect(next.value[0]?.id).not.toBe(page.value[0]?.id);
  });

  it('needs EntitlementManagement.ReadWrite.All to write and Read.All to read', async () => {
    await sim.admin.setAppRoles(CONTOSO.tenantId, CONTOSO.clientId, ['EntitlementManagement.Read.All']);
    try {
      const reader = tenantClient(sim, CONTOSO);
      const page = (await reader.api(`${EM}/catalogs`).get()) as Page;
      expect(page.value.length).toBeGreaterThan(0);
      expect(await errorOf(reader.api(`${EM}/catalogs`).post({ displayName: 'x' }))).toEqual({
        statusCode: 403,
        code: 'Authorization_RequestDenied',
      });
      await sim.admin.setAppRoles(CONTOSO.tenantId, CONTOSO.clientId, [
        'EntitlementManagement.ReadWrite.All',
      ]);
      const writer = tenantClient(sim, CONTOSO);
      // Adding a group to a catalog needs Group.ReadWrite.All besides (Graph's lifecycle workflows reference).
      const request = writer.api(`${EM}/resourceRequests`).post({
        requestType: 'adminAdd',
        resource: { originId: built.groupId, originSystem: 'AadGroup' },
        catalog: { id: built.catalogId },
      });
      expect((await errorOf(request)).statusCode).toBe(403);
    } finally {
      await sim.admin.setAppRoles(CONTOSO.tenantId, CONTOSO.clientId, [
        'User.ReadWrite.All',
        'Group.ReadWrite.All',
        'EntitlementManagement.ReadWrite.All',
      ]);
    }
  });
});
