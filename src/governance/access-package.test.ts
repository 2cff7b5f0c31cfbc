import { applyDefaults } from '../api/index.js';
import {
  accessPackagePatch,
  countAssignments,
  countPendingRequests,
  desiredAssignmentPolicy,
  planAssignmentPolicies,
  planResourceRoleScopes,
} from './access-package.js';
import type { PolicySpec } from './access-package.js';
import type { AssignmentPolicy } from '../graph/governance/index.js';

const EMEA_ORG = '2b7d9e41-5c6a-4f3b-8d2e-1a0b9c8d7e6f';
const US_ORG = '9a3e5c7b-1d2f-4e6a-8b0c-3d4e5f6a7b8c';
const USER = '11111111-1111-4111-8111-111111111111';
const GROUP = '22222222-2222-4222-8222-222222222222';
const ctx = { accessPackageId: 'pkg-1', connectedOrganizations: { emea: EMEA_ORG, us: US_ORG } };

function policy(p: Record<string, unknown>): PolicySpec {
  const spec = applyDefaults('AccessPackagePolicy', {
    tenantLinkRef: 'contoso',
    catalog: { displayName: 'General' },
    accessPackage: { displayName: 'Sales' },
    policies: [p],
  });
  return spec.policies[0] as PolicySpec;
}

describe('desiredAssignmentPolicy', () => {
  it.each([
    ['grace period in days', { gracePeriod: '7d' }, true, 'P7D'],
    ['grace period in days and hours', { gracePeriod: '1d12h' }, true, 'P1DT12H'],
    ['no grace period removes at once', {}, true, 'PT0S'],
    ['access kept out of scope', { removeWhenOutOfScope: false }, false, 'PT0S'],
  ])('automatic: %s', (_, extra, remove, grace) => {
    const body = desiredAssignmentPolicy(
      policy({ name: 'birthright', automatic: { rule: '(user.department -eq "Sales")', ...extra } }),
      ctx,
    );
    expect(body).toMatchObject({
      displayName: 'birthright',
      allowedTargetScope: 'specificDirectoryUsers',
      specificAllowedTargets: [
        {
          '@odata.type': '#microsoft.graph.attributeRuleMembers',
          membershipRule: '(user.department -eq "Sales")',
        },
      ],
      automaticRequestSettings: {
        requestAccessForAllowedTargets: true,
        removeAccessWhenTargetLeavesAllowedTargets: remove,
        gracePeriodBeforeAccessRemoval: grace,
      },
      expiration: { type: 'noExpiration' },
      requestApprovalSettings: { isApprovalRequiredForAdd: false, stages: [] },
      accessPackage: { id: 'pkg-1' },
    });
    expect(body.requestorSettings.enableTargetsToSelfAddAccess).toBe(false);
  });

  it.each([
    ['all members', { allMembers: true }, 'allMemberUsers', []],
    [
      'synced users of two tenants, through their connected organizations',
      { syncedFrom: ['emea', 'us'] },
      'specificConnectedOrganizationUsers',
      [
        { '@odata.type': '#microsoft.graph.connectedOrganizationMembers', connectedOrganizationId: EMEA_ORG },
        { '@odata.type': '#microsoft.graph.connectedOrganizationMembers', connectedOrganizationId: US_ORG },
      ],
    ],
    [
      'groups and users',
      { groups: [GROUP], users: [USER] },
      'specificDirectoryUsers',
      [
        { '@odata.type': '#microsoft.graph.groupMembers', groupId: GROUP },
        { '@odata.type': '#microsoft.graph.singleUser', userId: USER },
      ],
    ],
  ])('requests from %s', (_, allowedRequestors, scope, targets) => {
    const body = desiredAssignmentPolicy(policy({ name: 'jit', requests: { allowedRequestors } }), ctx);
    expect(body.allowedTargetScope).toBe(scope);
    expect(body.specificAllowedTargets).toMatchObject(targets);
    expect(body.automaticRequestSettings).toBeUndefined();
    expect(body.requestorSettings.enableTargetsToSelfAddAccess).toBe(true);
  });

  it('turns approval stages into Graph stages with approvers, fallbacks and timeouts', () => {
    const body = desiredAssignmentPolicy(
      policy({
        name: 'jit',
        requests: {
          allowedRequestors: { allMembers: true },
          approval: {
            stages: [
              {
                approvers: [{ type: 'RequestorManager' }],
                fallbackApprovers: [{ type: 'User', id: USER }],
                timeoutDays: 3,
              },
              { approvers: [{ type: 'GroupMembers', id: GROUP }], requireApproverJustification: true },
            ],
          },
          requireJustification: true,
        },
      }),
      ctx,
    );
    expect(body.requestApprovalSettings).toEqual({
      isApprovalRequiredForAdd: true,
      isApprovalRequiredForUpdate: false,
      isRequestorJustificationRequired: true,
      stages: [
        expect.objectContaining({
          durationBeforeAutomaticDenial: 'P3D',
          isApproverJustificationRequired: false,
          primaryApprovers: [{ '@odata.type': '#microsoft.graph.requestorManager', managerLevel: 1 }],
          fallbackPrimaryApprovers: [{ '@odata.type': '#microsoft.graph.singleUser', userId: USER }],
        }),
        expect.objectContaining({
          durationBeforeAutomaticDenial: 'P14D',
          isApproverJustificationRequired: true,
          primaryApprovers: [{ '@odata.type': '#microsoft.graph.groupMembers', groupId: GROUP }],
        }),
      ],
    });
  });

  it.each([
    ['90 days', '90d', { type: 'afterDuration', duration: 'P90D' }],
    ['8 hours', '8h', { type: 'afterDuration', duration: 'PT8H' }],
    ['no duration', undefined, { type: 'noExpiration' }],
  ])('expiration after %s', (_, assignmentDuration, expiration) => {
    const requests = {
      allowedRequestors: { allMembers: true },
      ...(assignmentDuration ? { assignmentDuration } : {}),
    };
    expect(desiredAssignmentPolicy(policy({ name: 'jit', requests }), ctx).expiration).toEqual(expiration);
  });
});

describe('planAssignmentPolicies', () => {
  const desired = desiredAssignmentPolicy(
    policy({ name: 'birthright', automatic: { rule: '(user.department -eq "Sales")', gracePeriod: '7d' } }),
    ctx,
  );
  const inGraph = { ...desired, id: 'pol-1', createdDateTime: '2026-01-01T00:00:00Z' };

  it.each([
    ['absent: created', [], { create: 1, update: 0, delete: 0 }],
    [
      'equal, with read-only properties and P1W for P7D: untouched',
      [
        {
          ...inGraph,
          automaticRequestSettings: {
            ...desired.automaticRequestSettings,
            gracePeriodBeforeAccessRemoval: 'P1W',
          },
        },
      ],
      { create: 0, update: 0, delete: 0 },
    ],
    [
      'rule changed by hand: updated',
      [
        {
          ...inGraph,
          specificAllowedTargets: [
            {
              '@odata.type': '#microsoft.graph.attributeRuleMembers',
              description: 'birthright',
              membershipRule: '(user.department -eq "IT")',
            },
          ],
        },
      ],
      { create: 0, update: 1, delete: 0 },
    ],
    [
      'an extra policy: deleted',
      [inGraph, { ...inGraph, id: 'pol-2', displayName: 'by hand' }],
      { create: 0, update: 0, delete: 1 },
    ],
  ])('%s', (_, actual, counts) => {
    const plan = planAssignmentPolicies([desired], actual as AssignmentPolicy[]);
    expect({ create: plan.create.length, update: plan.update.length, delete: plan.delete.length }).toEqual(
      counts,
    );
  });

  it('names the drifted fields and keeps the ids of existing policies', () => {
    const plan = planAssignmentPolicies([desired], [{ ...inGraph, description: 'changed' }]);
    expect(plan.update).toEqual([{ id: 'pol-1', body: desired, fields: ['description'] }]);
    expect(plan.ids).toEqual({ birthright: 'pol-1' });
  });
});

describe('planResourceRoleScopes', () => {
  const scope = (id: string, originId: string) => ({
    id,
    role: { id: 'r', originId, originSystem: 'AadGroup' },
  });
  it.each([
    ['missing role added', [{ groupId: GROUP, role: 'Member' as const }], [], 1, []],
    [
      'present role kept',
      [{ groupId: GROUP, role: 'Member' as const }],
      [scope('s1', `Member_${GROUP}`)],
      0,
      [],
    ],
    [
      'role changed: new one added, old one removed',
      [{ groupId: GROUP, role: 'Owner' as const }],
      [scope('s1', `Member_${GROUP}`)],
      1,
      ['s1'],
    ],
    ['no resources: every scope removed', [], [scope('s1', `Member_${GROUP}`)], 0, ['s1']],
  ])('%s', (_, desired, actual, added, removed) => {
    const plan = planResourceRoleScopes(desired, actual);
    expect(plan.add).toHaveLength(added);
    expect(plan.remove).toEqual(removed);
  });
});

describe('accessPackagePatch', () => {
  it.each([
    ['equal', { displayName: 'Sales', description: 'd', isHidden: false }, {}],
    ['hidden by hand', { displayName: 'Sales', description: 'd', isHidden: true }, { isHidden: false }],
    [
      'renamed and description dropped',
      { displayName: 'Old', description: null },
      { displayName: 'Sales', description: 'd' },
    ],
  ])('%s', (_, actual, patch) => {
    expect(accessPackagePatch({ displayName: 'Sales', description: 'd', hidden: false }, actual)).toEqual(
      patch,
    );
  });
});

describe('counts', () => {
  it('counts assignments by state and pending requests', () => {
    const states = ['delivered', 'delivered', 'expired', 'delivering'] as const;
    expect(countAssignments(states.map((state) => ({ state })))).toEqual({
      delivered: 2,
      delivering: 1,
      partiallyDelivered: 0,
      expired: 1,
      deliveryFailed: 0,
    });
    expect(
      countPendingRequests([
        { state: 'pendingApproval' },
        { state: 'delivered' },
        { state: 'pendingApproval' },
      ]),
    ).toBe(2);
  });
});
