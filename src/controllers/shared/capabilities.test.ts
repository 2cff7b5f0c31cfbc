import type { LinkUse } from './permissions.js';
import { capabilitiesOf, checkPermissions, withMappings } from './permissions.js';
import { applyDefaults } from '../../api/index.js';

const syncScope = (
  source: string,
  target: string,
  groups?: string[],
  deprovision?: Record<string, string>,
): LinkUse => ({
  kind: 'SyncScope',
  name: `${source}-to-${target}`,
  spec: {
    source: { tenantLinkRef: source },
    target: { tenantLinkRef: target },
    scope: groups ? { groups, membership: 'Direct' } : { allUsers: true, membership: 'Direct' },
    ...(deprovision ? { deprovision: deprovision as never } : {}),
  },
});
const GROUP = '0b5f1b7e-2a3c-4d5e-8f90-1a2b3c4d5e6f';

describe('lifecycle information (employeeHireDate, employeeLeaveDateTime)', () => {
  const hireDate = applyDefaults('AttributeMapping', {
    mappings: [{ target: 'employeeHireDate', source: 'employeeHireDate' }],
  });
  const uses = withMappings(
    [
      {
        ...syncScope('emea', 'contoso'),
        spec: { ...syncScope('emea', 'contoso').spec, attributeMappingRef: 'm' },
      } as LinkUse,
    ],
    new Map([['m', hireDate]]),
  );

  it('needs User-LifeCycleInfo.ReadWrite.All in a target the mapping writes it to', () => {
    expect(
      checkPermissions('contoso', uses, ['User.ReadWrite.All', 'Organization.Read.All', 'Policy.Read.All']),
    ).toEqual({
      required: [
        'Organization.Read.All',
        'Policy.Read.All',
        'User-LifeCycleInfo.ReadWrite.All',
        'User.ReadWrite.All',
      ],
      missing: ['User-LifeCycleInfo.ReadWrite.All'],
    });
  });

  it('needs User-LifeCycleInfo.Read.All in a source the mapping reads it from', () => {
    expect(
      checkPermissions('emea', uses, ['User.Read.All', 'Organization.Read.All', 'Policy.Read.All']),
    ).toEqual({
      required: ['Organization.Read.All', 'Policy.Read.All', 'User-LifeCycleInfo.Read.All', 'User.Read.All'],
      missing: ['User-LifeCycleInfo.Read.All'],
    });
  });

  it('needs group writes in the target of a SyncScope that synchronizes groups', () => {
    const base = syncScope('emea', 'contoso', [GROUP]);
    const groups: LinkUse = {
      ...base,
      spec: {
        ...base.spec,
        groupSync: {
          assignedGroups: true,
          anchorAttribute: 'extension_0123456789abcdef0123456789abcdef_groupAnchor',
          deprovision: { onOutOfScope: 'Delete', onSourceDeleted: 'Delete' },
        },
      },
    } as LinkUse;
    const granted = ['User.ReadWrite.All', 'User.Invite.All', 'Organization.Read.All', 'Policy.Read.All'];
    expect(checkPermissions('contoso', [base], granted).missing).toEqual([]);
    // Group.ReadWrite.All allows the member references too, so it alone is missing.
    expect(checkPermissions('contoso', [groups], granted).missing).toEqual(['Group.ReadWrite.All']);
  });

  it('needs neither without such a mapping', () => {
    const plain = withMappings([syncScope('emea', 'contoso')], new Map());
    expect(
      checkPermissions('contoso', plain, ['User.ReadWrite.All', 'Organization.Read.All', 'Policy.Read.All'])
        .missing,
    ).toEqual([]);
  });
});

describe('capabilitiesOf', () => {
  it('gives a SyncScope whose source and target are the same link both sides', () => {
    expect(capabilitiesOf(syncScope('a', 'a', [GROUP]), 'a')).toEqual([
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
});
