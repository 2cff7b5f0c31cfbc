import { resolveSyncedGroup, type GroupSyncSource } from './synced-group.js';

const SALES = '11111111-0000-4000-8000-000000000001';
const ref = { syncScopeRef: 'emea-to-contoso', sourceGroupId: SALES };
const scope: GroupSyncSource = {
  spec: { target: { tenantLinkRef: 'contoso' } },
  status: {
    groups: {
      inScope: 1,
      provisioned: 1,
      failed: 0,
      synced: [{ sourceGroupId: SALES, targetGroupId: 'g1', displayName: 'Sales EMEA', members: 6 }],
    },
  },
};

describe('resolveSyncedGroup', () => {
  it('gives the target group the SyncScope created', () => {
    expect(resolveSyncedGroup(ref, scope, 'contoso')).toEqual({ ok: true, id: 'g1' });
  });

  it.each([
    ['a missing SyncScope', undefined, 'contoso', 'ReferenceNotFound'],
    ['a SyncScope into another tenant', scope, 'fabrikam', 'ReferenceNotFound'],
    ['a group not synchronized yet', { spec: scope.spec }, 'contoso', 'GroupNotSynced'],
  ])('refuses %s', (_what, found, link, reason) => {
    expect(resolveSyncedGroup(ref, found, link)).toMatchObject({ ok: false, reason });
  });
});
