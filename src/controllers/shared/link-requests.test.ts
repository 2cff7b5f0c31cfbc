import { GRAPH_CONTRACT } from '../../graph/contract/index.js';
import { LINK_REQUESTS } from './link-requests.js';
import type { LinkUse } from './permissions.js';
import { capabilitiesOf, checkPermissions } from './permissions.js';

describe('capabilitiesOf', () => {
  it('gives a SyncScope whose source and target are the same link both sides', () => {
    const use: LinkUse = {
      kind: 'SyncScope',
      name: 'a-to-a',
      spec: {
        source: { tenantLinkRef: 'a' },
        target: { tenantLinkRef: 'a' },
        scope: { groups: ['0b5f1b7e-2a3c-4d5e-8f90-1a2b3c4d5e6f'], membership: 'Direct' },
      },
    };
    expect(capabilitiesOf(use, 'a')).toEqual([
      'syncSource',
      'syncPreflightSource',
      'syncSourceGroups',
      'syncTarget',
      'syncPreflightTarget',
    ]);
  });

  it('asks only entitlement management of an access package with no resources', () => {
    const use: LinkUse = {
      kind: 'AccessPackagePolicy',
      name: 'a',
      spec: { tenantLinkRef: 'a', resources: [] },
    };
    expect(capabilitiesOf(use, 'a')).toEqual(['accessPackages']);
  });

  it('asks group writes of the target of a SyncScope that synchronizes groups, and only there', () => {
    const plain: LinkUse = {
      kind: 'SyncScope',
      name: 'emea-to-contoso',
      spec: {
        source: { tenantLinkRef: 'emea' },
        target: { tenantLinkRef: 'contoso' },
        scope: { groups: ['0b5f1b7e-2a3c-4d5e-8f90-1a2b3c4d5e6f'], membership: 'Direct' },
      },
    };
    const groups = {
      ...plain,
      spec: {
        ...plain.spec,
        groupSync: {
          assignedGroups: true,
          anchorAttribute: 'extension_0123456789abcdef0123456789abcdef_groupAnchor',
          deprovision: { onOutOfScope: 'Delete', onSourceDeleted: 'Delete' },
        },
      },
    } as LinkUse;
    expect(capabilitiesOf(groups, 'contoso')).toContain('syncTargetGroups');
    expect(capabilitiesOf(groups, 'emea')).not.toContain('syncTargetGroups');
    const granted = ['User.ReadWrite.All', 'User.Invite.All', 'Organization.Read.All', 'Policy.Read.All'];
    expect(checkPermissions('contoso', [plain], granted).missing).toEqual([]);
    // Group.ReadWrite.All allows the member references too, so it alone is missing.
    expect(checkPermissions('contoso', [groups], granted).missing).toEqual(['Group.ReadWrite.All']);
  });
});

describe('checkPermissions of an access package with group resources', () => {
  it('asks Group.ReadWrite.All itself to add a group to a catalog: Directory.ReadWrite.All does not stand in', () => {
    const use = {
      kind: 'AccessPackagePolicy',
      name: 'sales',
      spec: { tenantLinkRef: 'contoso', resources: [{ group: { displayName: 'Sales' }, role: 'Member' }] },
    } as LinkUse;
    const granted = [
      'Organization.Read.All',
      'EntitlementManagement.ReadWrite.All',
      'Directory.ReadWrite.All',
    ];
    expect(checkPermissions('contoso', [use], granted).missing).toEqual(['Group.ReadWrite.All']);
    expect(checkPermissions('contoso', [use], [...granted, 'Group.ReadWrite.All']).missing).toEqual([]);
  });
});

describe('LINK_REQUESTS', () => {
  it('names only requests of the contract, and every request of the contract is used by something', () => {
    const named = new Set<string>(Object.values(LINK_REQUESTS).flat());
    const ids = new Set(GRAPH_CONTRACT.map((e) => e.id));
    expect([...named].filter((id) => !ids.has(id))).toEqual([]);
    expect([...ids].filter((id) => !named.has(id))).toEqual([]);
  });
});
