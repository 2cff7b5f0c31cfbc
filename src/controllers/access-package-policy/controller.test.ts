import {
  connectedThrough,
  governanceOperator,
  graphAnswering,
  resource,
  type FakeOperatorOptions,
  type FakeResource,
} from '../../../test/support/kind-controller.js';
import { packagePolicyKind } from './controller.js';

const SALES_SOURCE = 'fa95f939-5570-4530-b302-c462679575d3';
const SALES_TARGET = '7c2e0b8a-51d4-4c3e-9a61-0f4b8d2e6a10';

const DEFAULTS = {
  tenantLinkRef: 'contoso',
  catalog: { displayName: 'Sales' },
  accessPackage: { displayName: 'Sales EMEA access' },
  policies: [{ name: 'on-request', requests: { allowedRequestors: { allMembers: true } } }],
};

/** The SyncScope emea into Contoso, which has synchronized Sales EMEA (once `synced`). */
function emeaScope(synced: boolean): FakeResource {
  return {
    metadata: { namespace: 'team', name: 'emea' },
    spec: {
      source: { tenantLinkRef: 'emea' },
      target: { tenantLinkRef: 'contoso' },
      scope: { allUsers: true },
    },
    status: synced
      ? {
          groups: {
            synced: [
              {
                sourceGroupId: SALES_SOURCE,
                targetGroupId: SALES_TARGET,
                displayName: 'Sales EMEA',
                members: 6,
              },
            ],
          },
        }
      : {},
  };
}

function operator(spec: Record<string, unknown>, options: FakeOperatorOptions = {}) {
  const obj = resource('AccessPackagePolicy', 'sales', { ...DEFAULTS, ...spec });
  return governanceOperator(obj, packagePolicyKind, { cache: { SyncScope: [emeaScope(true)] }, ...options });
}

const bySource = { group: { syncedGroup: { syncScopeRef: 'emea', sourceGroupId: SALES_SOURCE } } };

describe('AccessPackagePolicy act', () => {
  it('stalls on a membership rule that does not parse, without reaching the tenant', async () => {
    const t = operator({
      policies: [{ name: 'birthright', automatic: { rule: '(user.department -eq "Sales"' } }],
    });
    await t.run();
    expect(t.condition('Ready')).toMatchObject({ status: 'False', reason: 'RuleInvalid' });
    expect(t.condition('Ready')?.message).toMatch(/^policy birthright: /);
    expect(t.condition('Stalled')?.status).toBe('True');
    expect(t.connects).toEqual([]);
  });

  it('stalls on a TenantLink in allowedRequestors.syncedFrom that does not exist', async () => {
    const t = operator({
      policies: [{ name: 'on-request', requests: { allowedRequestors: { syncedFrom: ['us'] } } }],
    });
    await t.run();
    expect(t.condition('Ready')).toMatchObject({ status: 'False', reason: 'ReferenceNotFound' });
    expect(t.condition('Ready')?.message).toContain('TenantLink us');
    expect(t.connects).toEqual([]);
  });

  it('waits, without stalling, for a synced group its SyncScope has not created yet', async () => {
    const t = operator({ resources: [bySource] }, { cache: { SyncScope: [emeaScope(false)] } });
    await expect(t.run()).resolves.toEqual({ requeueAfterMs: 10_000 });
    expect(t.condition('Ready')).toMatchObject({ status: 'False', reason: 'GroupNotSynced' });
    expect(t.condition('Stalled')).toBeUndefined();
    expect(t.connects).toEqual([]);
  });

  it('warns once that the sync takes out members of a synced group it grants, until it grants Owner', async () => {
    const t = operator({ resources: [bySource] });
    await expect(t.run()).resolves.toEqual({ requeueAfterMs: 30_000 });
    expect(t.connects).toEqual(['contoso']);
    expect(t.condition('Ready')).toMatchObject({ status: 'False', reason: 'TenantLinkNotReady' });
    expect(t.condition('SyncConflict')).toMatchObject({
      status: 'True',
      reason: 'GrantsSyncedGroupMembership',
    });
    expect(t.condition('SyncConflict')?.message).toContain(
      `Sales EMEA (${SALES_TARGET}), which SyncScope emea`,
    );
    await t.run();
    expect(t.events.filter((e) => e.reason === 'GrantsSyncedGroupMembership')).toEqual([
      {
        type: 'Warning',
        reason: 'GrantsSyncedGroupMembership',
        message: expect.stringContaining('Sales EMEA'),
      },
    ]);

    const owner = operator({ resources: [{ ...bySource, role: 'Owner' }] });
    await owner.run();
    expect(owner.condition('SyncConflict')).toBeUndefined();
  });

  it('warns about a synced group named by its target id as well', async () => {
    const t = operator({ resources: [{ group: { id: SALES_TARGET } }] });
    await t.run();
    expect(t.condition('SyncConflict')?.reason).toBe('GrantsSyncedGroupMembership');
  });

  it('warns about rule attributes no SyncScope into the tenant maps', async () => {
    const t = operator({
      policies: [{ name: 'birthright', automatic: { rule: '(user.jobTitle -eq "Seller")' } }],
    });
    await t.run();
    expect(t.condition('AttributesNotSynced')).toMatchObject({
      status: 'True',
      reason: 'NoSyncScopeMapsAttribute',
    });
    expect(t.condition('SyncConflict')).toBeUndefined();
  });

  it('stalls with PermissionsMissing when Graph answers 403, and retries other Graph failures', async () => {
    const denied = operator({}, { connect: () => connectedThrough(graphAnswering(403)) });
    await denied.run();
    expect(denied.condition('Ready')).toMatchObject({ status: 'False', reason: 'PermissionsMissing' });
    expect(denied.condition('Ready')?.message).toContain('request-id req-1');
    expect(denied.condition('Stalled')?.status).toBe('True');

    const failing = operator(
      {},
      { connect: () => connectedThrough(graphAnswering(500, 'InternalServerError')) },
    );
    await expect(failing.run()).resolves.toEqual({ requeueAfterMs: 30_000 });
    expect(failing.condition('Ready')).toMatchObject({ status: 'False', reason: 'GraphRequestFailed' });
    expect(failing.condition('Stalled')).toBeUndefined();
  });
});
