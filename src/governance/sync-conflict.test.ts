import { conflictingSyncScopes, syncedGroupsGranted, type GrantedGroup } from './sync-conflict.js';

const scopes = [
  {
    name: 'emea-to-contoso',
    sourceTenantLinkRef: 'emea',
    targetTenantLinkRef: 'contoso',
    userType: 'Member' as const,
  },
  {
    name: 'us-to-contoso',
    sourceTenantLinkRef: 'us',
    targetTenantLinkRef: 'contoso',
    userType: 'Guest' as const,
  },
  {
    name: 'contoso-to-emea',
    sourceTenantLinkRef: 'contoso',
    targetTenantLinkRef: 'emea',
    userType: 'Member' as const,
  },
];

function review(extra: {
  principals?: string;
  syncedFrom?: string[];
  autoApply?: boolean;
  onDeny?: string;
  tenant?: string;
}) {
  return {
    tenantLinkRef: extra.tenant ?? 'contoso',
    scope: { group: 'g', principals: (extra.principals ?? 'All') as 'All', syncedFrom: extra.syncedFrom },
    decisions: {
      autoApply: extra.autoApply ?? true,
      defaultDecision: 'None' as const,
      justificationRequired: true,
      recommendations: true,
    },
    onDeny: (extra.onDeny ?? 'RemoveAccess') as 'RemoveAccess',
  };
}

describe('conflictingSyncScopes', () => {
  it.each([
    ['auto-removal of all users', {}, ['emea-to-contoso', 'us-to-contoso']],
    ['no auto-apply: no conflict', { autoApply: false }, []],
    ['ExcludeFromSync: no conflict', { onDeny: 'ExcludeFromSync' }, []],
    ['guests only: the Guest SyncScope', { principals: 'Guests' }, ['us-to-contoso']],
    ['members only: the Member SyncScope', { principals: 'Members' }, ['emea-to-contoso']],
    ['synced from EMEA', { principals: 'SyncedFrom', syncedFrom: ['emea'] }, ['emea-to-contoso']],
    ['a review in another tenant: the SyncScopes into that tenant', { tenant: 'emea' }, ['contoso-to-emea']],
    ['a tenant no SyncScope targets', { tenant: 'us' }, []],
  ])('%s', (_, extra, names) => {
    expect(conflictingSyncScopes(review(extra), scopes)).toEqual(names);
  });
});

describe('syncedGroupsGranted', () => {
  const sales = {
    syncScope: 'emea-to-contoso',
    sourceGroupId: 'fa95f939-5570-4530-b302-c462679575d3',
    targetGroupId: '7c2e0b8a-51d4-4c3e-9a61-0f4b8d2e6a10',
    displayName: 'Sales EMEA',
  };
  const member = (group: GrantedGroup['group']): GrantedGroup => ({ group, role: 'Member' });
  it.each([
    ['membership by target id', [member({ id: sales.targetGroupId })], [sales]],
    ['an id in other case', [member({ id: sales.targetGroupId.toUpperCase() })], [sales]],
    ['membership by display name, any case', [member({ displayName: 'sales emea' })], [sales]],
    [
      'the Owner role: owners are not synchronized',
      [{ group: { id: sales.targetGroupId }, role: 'Owner' }],
      [],
    ],
    ['a group no SyncScope synchronizes', [member({ id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' })], []],
    ['no resources', [], []],
  ] as [string, GrantedGroup[], (typeof sales)[]][])('%s', (_, resources, expected) => {
    expect(syncedGroupsGranted(resources, [sales])).toEqual(expected);
  });
});
