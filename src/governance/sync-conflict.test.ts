import { conflictingSyncScopes } from './sync-conflict.js';

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
