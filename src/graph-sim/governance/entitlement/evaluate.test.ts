import type { TenantState } from '../../store/tenant.js';
import { newTestTenant } from '../test-tenant.js';
import { evaluateEntitlements } from './evaluate.js';
import { entitlementState } from './state.js';

const DAY = 86_400_000;

function tenantWithPolicy(grace: string): TenantState {
  const { tenant } = newTestTenant();
  tenant.addGroup({ displayName: 'Sales' }, 'g1');
  const state = entitlementState(tenant);
  state.packages.set('p1', {
    catalogId: 'c1',
    props: { id: 'p1' },
    roleScopes: [
      {
        id: 'r_s',
        createdDateTime: '2026-01-01T00:00:00Z',
        role: { id: 'r', originId: 'Member_g1', originSystem: 'AadGroup' },
        scope: { id: 's', originId: 'g1', originSystem: 'AadGroup' },
      },
    ],
  });
  state.policies.set('pol1', {
    accessPackageId: 'p1',
    props: {
      id: 'pol1',
      allowedTargetScope: 'specificDirectoryUsers',
      specificAllowedTargets: [
        {
          '@odata.type': '#microsoft.graph.attributeRuleMembers',
          membershipRule: '(user.department -eq "Sales") -and (user.extensionAttribute15 -startsWith "src:")',
        },
      ],
      automaticRequestSettings: {
        requestAccessForAllowedTargets: true,
        removeAccessWhenTargetLeavesAllowedTargets: true,
        gracePeriodBeforeAccessRemoval: grace,
      },
    },
  });
  return tenant;
}

function states(tenant: TenantState): string[] {
  return [...entitlementState(tenant).assignments.values()].map((a) => `${a.targetId}:${a.state}`);
}

describe('evaluateEntitlements', () => {
  it('assigns matching users only, reading extension attributes as the rule names them', () => {
    const tenant = tenantWithPolicy('P1D');
    const synced = { department: 'Sales', onPremisesExtensionAttributes: { extensionAttribute15: 'src:1' } };
    tenant.addUser({ userPrincipalName: 'a@t.example', ...synced }, 'a');
    tenant.addUser({ userPrincipalName: 'b@t.example', department: 'Sales' }, 'b');
    evaluateEntitlements(tenant, 0);
    expect(states(tenant)).toEqual(['a:delivered']);
    expect(tenant.groupsOf('a')).toEqual(['g1']);
  });

  it('removes a user who left the rule only when the grace period is over', () => {
    const tenant = tenantWithPolicy('P1D');
    const user = tenant.addUser(
      {
        userPrincipalName: 'a@t.example',
        department: 'Sales',
        onPremisesExtensionAttributes: { extensionAttribute15: 'src:1' },
      },
      'a',
    );
    evaluateEntitlements(tenant, 0);
    user.props['department'] = 'HR';
    evaluateEntitlements(tenant, 1000);
    evaluateEntitlements(tenant, DAY);
    expect(states(tenant)).toEqual(['a:delivered']);
    evaluateEntitlements(tenant, DAY + 1000);
    expect(states(tenant)).toEqual(['a:expired']);
    expect(tenant.groupsOf('a')).toEqual([]);
  });

  it('removes at once with a zero grace period, and removes deleted users', () => {
    const tenant = tenantWithPolicy('PT0S');
    const attrs = { department: 'Sales', onPremisesExtensionAttributes: { extensionAttribute15: 'src:1' } };
    const a = tenant.addUser({ userPrincipalName: 'a@t.example', ...attrs }, 'a');
    const b = tenant.addUser({ userPrincipalName: 'b@t.example', ...attrs }, 'b');
    evaluateEntitlements(tenant, 0);
    a.props['department'] = 'HR';
    tenant.softDeleteUser(b);
    evaluateEntitlements(tenant, 1);
    expect(states(tenant)).toEqual(['a:expired', 'b:expired']);
  });
});
