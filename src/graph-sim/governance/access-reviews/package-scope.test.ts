import { newTestTenant } from '../test-tenant.js';
import { deliverAssignment } from '../entitlement/delivery.js';
import { entitlementState } from '../entitlement/state.js';
import { recordDecision } from './decisions.js';
import { advanceDefinition, completeInstance } from './lifecycle.js';
import { parseReviewScope, principalsInScope } from './scope.js';
import type { DefinitionRecord } from './state.js';

const EM = '/identityGovernance/entitlementManagement';

function tenantWithAssignments() {
  const { store, tenant } = newTestTenant();
  const user = (name: string) =>
    tenant.addUser({ userPrincipalName: `${name}@t.example`, displayName: name, userType: 'Member' });
  const [ann, bob, cat] = [user('ann'), user('bob'), user('cat')];
  const group = tenant.addGroup({ displayName: 'Granted' });
  const state = entitlementState(tenant);
  const role = { originSystem: 'AadGroup', originId: `Member_${group.id}` };
  for (const id of ['pkg1', 'pkg2'])
    state.packages.set(id, {
      catalogId: 'c1',
      props: { id, displayName: `Package ${id}` },
      roleScopes: [{ id: 'r_s', createdDateTime: '', role, scope: {} }],
    });
  const assign = (accessPackageId: string, policyId: string, targetId: string) =>
    deliverAssignment(tenant, state, { accessPackageId, policyId, targetId }, tenant.clock.now());
  const assignments = {
    ann: assign('pkg1', 'pol1', ann.id),
    bob: assign('pkg1', 'pol2', bob.id),
    cat: assign('pkg2', 'pol3', cat.id),
  };
  return { tenant, store, group, users: { ann, bob, cat }, assignments };
}

function scopeOf(query: string) {
  return { '@odata.type': '#microsoft.graph.accessReviewQueryScope', query, queryType: 'MicrosoftGraph' };
}

describe('access package assignment scope', () => {
  it.each([
    ['one package', `${EM}/assignments?$filter=(accessPackageId eq 'pkg1')`, ['ann', 'bob']],
    [
      'a package and one of its policies',
      `${EM}/accessPackageAssignments?$filter=(accessPackageId eq 'pkg1' and assignmentPolicyId eq 'pol2')`,
      ['bob'],
    ],
    [
      'a package and either policy',
      `${EM}/assignments?$filter=(accessPackageId eq 'pkg1' and (assignmentPolicyId eq 'pol1' or assignmentPolicyId eq 'pol2'))`,
      ['ann', 'bob'],
    ],
    ['every assignment', `${EM}/assignments`, ['ann', 'bob', 'cat']],
    ['another package', `${EM}/assignments?$filter=(accessPackageId eq 'pkg3')`, []],
  ])('selects the delivered assignments of %s', (_name, query, expected) => {
    const { tenant, users } = tenantWithAssignments();
    const names = new Map(Object.entries(users).map(([name, u]) => [u.id, name]));
    const selected = principalsInScope(tenant, parseReviewScope(tenant, scopeOf(query)));
    expect(selected.map((u) => names.get(u.id))).toEqual(expected);
  });

  it('leaves out assignments that are no longer delivered', () => {
    const { tenant, assignments } = tenantWithAssignments();
    assignments.ann.state = 'expired';
    const scope = parseReviewScope(tenant, scopeOf(`${EM}/assignments?$filter=(accessPackageId eq 'pkg1')`));
    expect(principalsInScope(tenant, scope).map((u) => u.id)).toEqual([assignments.bob.targetId]);
  });

  it('removes a denied assignment by adminRemove when applied, and reports one already gone', () => {
    const { tenant, store, group, users, assignments } = tenantWithAssignments();
    const scope = scopeOf(`${EM}/assignments?$filter=(accessPackageId eq 'pkg1')`);
    const d: DefinitionRecord = {
      props: { id: 'd1', scope, reviewers: [], settings: { autoApplyDecisionsEnabled: true } },
      scope: parseReviewScope(tenant, scope),
      createdMs: tenant.clock.now(),
      instances: [],
      lastOccurrence: -1,
    };
    advanceDefinition(tenant, store, d);
    const instance = d.instances[0];
    if (!instance) throw new Error('no instance');
    const [annItem, bobItem] = instance.decisions;
    if (!annItem || !bobItem) throw new Error('expected two decision items');
    expect(annItem.props['resource']).toEqual({
      '@odata.type': '#microsoft.graph.accessReviewInstanceDecisionItemAccessPackageAssignmentPolicyResource',
      id: 'pol1',
      displayName: 'Package pkg1',
      type: 'AccessPackageAssignmentPolicy',
      accessPackageId: 'pkg1',
      accessPackageDisplayName: 'Package pkg1',
    });
    recordDecision(annItem, 'Deny', 'left', {}, 0);
    recordDecision(bobItem, 'Deny', 'left', {}, 0);
    assignments.bob.state = 'expired';
    completeInstance(tenant, store, d, instance);
    expect(annItem.props['applyResult']).toBe('AppliedSuccessfully');
    expect(bobItem.props['applyResult']).toBe('AppliedSuccessfullyButObjectNotFound');
    expect(assignments.ann.state).toBe('expired');
    expect(group.members.has(users.ann.id)).toBe(false);
    expect(group.members.has(users.cat.id)).toBe(true);
    const requests = [...entitlementState(tenant).requests.values()];
    expect(requests.map((r) => [r.props['requestType'], r.assignmentId])).toEqual([
      ['adminRemove', assignments.ann.id],
    ]);
  });
});
