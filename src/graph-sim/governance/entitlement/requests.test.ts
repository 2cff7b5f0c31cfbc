import { GraphError } from '../../http/errors.js';
import type { SimStore } from '../../store/store.js';
import type { TenantState } from '../../store/tenant.js';
import { newTestTenant } from '../test-tenant.js';
import type { Props } from '../../store/types.js';
import { entitlementState } from './state.js';
import { submitAssignmentRequest } from './requests.js';

function setup(policy: Props): { store: SimStore; tenant: TenantState; userId: string; groupId: string } {
  const { store, tenant } = newTestTenant();
  const user = tenant.addUser({ userPrincipalName: 'ana@t.example', department: 'Sales' }, 'u1');
  const group = tenant.addGroup({ displayName: 'Sales' }, 'g1');
  const state = entitlementState(tenant);
  state.packages.set('p1', {
    catalogId: 'c1',
    props: { id: 'p1', displayName: 'Sales' },
    roleScopes: [
      {
        id: 'r_s',
        createdDateTime: '2026-01-01T00:00:00Z',
        role: { id: 'r', originId: 'Member_g1', originSystem: 'AadGroup' },
        scope: { id: 's', originId: 'g1', originSystem: 'AadGroup' },
      },
    ],
  });
  state.policies.set('pol1', { accessPackageId: 'p1', props: { id: 'pol1', ...policy } });
  return { store, tenant, userId: user.id, groupId: group.id };
}

const base = { accessPackageId: 'p1', assignmentPolicyId: 'pol1', targetId: 'u1' };
const selfService = {
  allowedTargetScope: 'allMemberUsers',
  requestorSettings: { enableTargetsToSelfAddAccess: true },
};

describe('submitAssignmentRequest', () => {
  it('delivers an adminAdd at once and adds the user to the package group', () => {
    const { store, tenant } = setup({ allowedTargetScope: 'allMemberUsers' });
    const result = submitAssignmentRequest(tenant, store, { ...base, requestType: 'adminAdd' });
    expect(result).toMatchObject({ state: 'delivered', status: 'Delivered' });
    expect(tenant.groups.get('g1')?.members.has('u1')).toBe(true);
  });

  it('leaves a userAdd under a policy with approval stages pending', () => {
    const { store, tenant } = setup({
      ...selfService,
      requestApprovalSettings: { isApprovalRequiredForAdd: true, stages: [{ primaryApprovers: [] }] },
    });
    const result = submitAssignmentRequest(tenant, store, { ...base, requestType: 'userAdd' });
    expect(result.state).toBe('pendingApproval');
    expect(tenant.groups.get('g1')?.members.has('u1')).toBe(false);
  });

  it('refuses a userAdd from a user outside the allowed targets', () => {
    const { store, tenant } = setup({
      allowedTargetScope: 'specificDirectoryUsers',
      specificAllowedTargets: [
        {
          '@odata.type': '#microsoft.graph.attributeRuleMembers',
          membershipRule: 'user.department -eq "HR"',
        },
      ],
      requestorSettings: { enableTargetsToSelfAddAccess: true },
    });
    expect(() => submitAssignmentRequest(tenant, store, { ...base, requestType: 'userAdd' })).toThrow(
      GraphError,
    );
  });

  it('refuses a second add while the user holds the package, and removes it on adminRemove', () => {
    const { store, tenant } = setup(selfService);
    submitAssignmentRequest(tenant, store, { ...base, requestType: 'adminAdd' });
    expect(() => submitAssignmentRequest(tenant, store, { ...base, requestType: 'adminAdd' })).toThrow(
      /active assignment/,
    );
    const removal = submitAssignmentRequest(tenant, store, { ...base, requestType: 'adminRemove' });
    expect(removal.state).toBe('delivered');
    expect(tenant.groups.get('g1')?.members.has('u1')).toBe(false);
    expect([...entitlementState(tenant).assignments.values()].map((a) => a.state)).toEqual(['expired']);
  });

  it('answers 404 for an unknown access package', () => {
    const { store, tenant } = setup(selfService);
    const error = (() => {
      try {
        submitAssignmentRequest(tenant, store, { ...base, accessPackageId: 'nope', requestType: 'adminAdd' });
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).status).toBe(404);
  });
});
