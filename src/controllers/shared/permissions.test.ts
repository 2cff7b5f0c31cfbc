import type { LinkUse } from './permissions.js';
import { checkPermissions, withMappings } from './permissions.js';
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

describe('checkPermissions', () => {
  it('needs only Organization.Read.All for a link nothing uses', () => {
    expect(checkPermissions('contoso', [], ['Organization.Read.All'])).toEqual({
      required: ['Organization.Read.All'],
      missing: [],
    });
  });

  it.each<[string, LinkUse[], string[], string[], string[]]>([
    [
      'source of an allUsers scope',
      [syncScope('contoso', 'emea')],
      ['User.Read.All', 'Organization.Read.All', 'Policy.Read.All'],
      ['Organization.Read.All', 'Policy.Read.All', 'User.Read.All'],
      [],
    ],
    [
      'source of an engine: Entra scope: the configuration and job (its own app: OwnedBy), assignments and log, no group read',
      [
        {
          ...syncScope('contoso', 'emea', [GROUP]),
          spec: { ...syncScope('contoso', 'emea', [GROUP]).spec, engine: 'Entra' },
        } as LinkUse,
      ],
      [
        'User.Read.All',
        'Organization.Read.All',
        'Application.ReadWrite.OwnedBy',
        'Synchronization.ReadWrite.All',
      ],
      [
        'AppRoleAssignment.ReadWrite.All',
        'Application.Read.All',
        'Application.ReadWrite.OwnedBy',
        'AuditLog.Read.All',
        'Organization.Read.All',
        'User.Read.All',
      ],
      ['AppRoleAssignment.ReadWrite.All', 'Application.Read.All', 'AuditLog.Read.All'],
    ],
    [
      'target of an engine: Entra scope: only the identity synchronization policy',
      [
        {
          ...syncScope('emea', 'contoso'),
          spec: { ...syncScope('emea', 'contoso').spec, engine: 'Entra' },
        } as LinkUse,
      ],
      ['Organization.Read.All'],
      ['Organization.Read.All', 'Policy.ReadWrite.CrossTenantAccess'],
      ['Policy.ReadWrite.CrossTenantAccess'],
    ],
    [
      'source of a group scope without group read',
      [syncScope('contoso', 'emea', [GROUP])],
      ['User.Read.All', 'Organization.Read.All', 'Policy.Read.All'],
      ['GroupMember.Read.All', 'Organization.Read.All', 'Policy.Read.All', 'User.Read.All'],
      ['GroupMember.Read.All'],
    ],
    [
      'source of a group scope with Group.Read.All (a superset of GroupMember.Read.All)',
      [syncScope('contoso', 'emea', [GROUP])],
      ['User.ReadWrite.All', 'Group.Read.All', 'Organization.Read.All', 'Policy.Read.All'],
      ['GroupMember.Read.All', 'Organization.Read.All', 'Policy.Read.All', 'User.Read.All'],
      [],
    ],
    [
      'a target needs User.ReadWrite.All, which also allows invitations, reads, deletes and restores',
      [syncScope('emea', 'contoso')],
      ['User.ReadWrite.All', 'Organization.Read.All', 'Policy.Read.All'],
      ['Organization.Read.All', 'Policy.Read.All', 'User.ReadWrite.All'],
      [],
    ],
    [
      'a target with only read and invite misses user writes',
      [syncScope('emea', 'contoso')],
      ['User.Read.All', 'User.Invite.All', 'Organization.Read.All', 'Policy.Read.All'],
      ['Organization.Read.All', 'Policy.Read.All', 'User.ReadWrite.All'],
      ['User.ReadWrite.All'],
    ],
    [
      'a target that deprovisions with Delete needs User.DeleteRestore.All to purge deleted items',
      [syncScope('emea', 'contoso', undefined, { onOutOfScope: 'Delete' })],
      ['User.ReadWrite.All', 'Organization.Read.All', 'Policy.Read.All'],
      ['Organization.Read.All', 'Policy.Read.All', 'User.DeleteRestore.All', 'User.ReadWrite.All'],
      ['User.DeleteRestore.All'],
    ],
    [
      'Directory.ReadWrite.All covers every directory need but deleting users, purging and listing group members (not on those pages)',
      [syncScope('contoso', 'emea', [GROUP]), syncScope('emea', 'contoso')],
      ['Directory.ReadWrite.All', 'Policy.Read.All'],
      ['GroupMember.Read.All', 'Organization.Read.All', 'Policy.Read.All', 'User.ReadWrite.All'],
      ['GroupMember.Read.All', 'User.ReadWrite.All'],
    ],
    [
      'Directory.Read.All covers reads but not writes',
      [syncScope('emea', 'contoso')],
      ['Directory.Read.All', 'Policy.Read.All'],
      ['Organization.Read.All', 'Policy.Read.All', 'User.ReadWrite.All'],
      ['User.ReadWrite.All'],
    ],
    [
      'governance kinds; LifecycleWorkflows.ReadWrite.All covers the narrower workflow permissions',
      [
        {
          kind: 'AccessPackagePolicy',
          name: 'a',
          spec: { tenantLinkRef: 'contoso', resources: [{ group: { id: GROUP }, role: 'Member' }] },
        },
        { kind: 'ReviewSchedule', name: 'r', spec: { tenantLinkRef: 'contoso' } },
        { kind: 'LifecycleWorkflow', name: 'l', spec: { tenantLinkRef: 'contoso' } },
      ],
      ['Organization.Read.All', 'EntitlementManagement.ReadWrite.All', 'AccessReview.ReadWrite.All'],
      [
        'AccessReview.ReadWrite.All',
        'EntitlementManagement.ReadWrite.All',
        'Group.ReadWrite.All',
        'LifecycleWorkflows-Reports.Read.All',
        'LifecycleWorkflows-Workflow.ReadWrite.All',
        'Organization.Read.All',
      ],
      [
        'Group.ReadWrite.All',
        'LifecycleWorkflows-Reports.Read.All',
        'LifecycleWorkflows-Workflow.ReadWrite.All',
      ],
    ],
    [
      'a workflow link with LifecycleWorkflows.ReadWrite.All misses nothing',
      [{ kind: 'LifecycleWorkflow', name: 'l', spec: { tenantLinkRef: 'contoso' } }],
      ['Organization.Read.All', 'LifecycleWorkflows.ReadWrite.All'],
      [
        'LifecycleWorkflows-Reports.Read.All',
        'LifecycleWorkflows-Workflow.ReadWrite.All',
        'Organization.Read.All',
      ],
      [],
    ],
    [
      'a review that excludes denied users from sync reads users',
      [{ kind: 'ReviewSchedule', name: 'r', spec: { tenantLinkRef: 'contoso', onDeny: 'ExcludeFromSync' } }],
      ['Organization.Read.All', 'AccessReview.ReadWrite.All'],
      ['AccessReview.ReadWrite.All', 'Organization.Read.All', 'User.Read.All'],
      ['User.Read.All'],
    ],
    [
      'resources of other links are ignored',
      [{ kind: 'ReviewSchedule', name: 'r', spec: { tenantLinkRef: 'other' } }, syncScope('x', 'y')],
      ['Organization.Read.All'],
      ['Organization.Read.All'],
      [],
    ],
    [
      'a SyncScope preflight reads policies in both tenants',
      [syncScope('contoso', 'emea'), syncScope('emea', 'contoso')],
      ['User.ReadWrite.All', 'Organization.Read.All'],
      ['Organization.Read.All', 'Policy.Read.All', 'User.ReadWrite.All'],
      ['Policy.Read.All'],
    ],
    [
      'a TenantRelationship needs only what it declares for this link',
      [
        {
          kind: 'TenantRelationship',
          name: 't',
          spec: {
            pairs: [{ source: 'emea', target: 'contoso' }],
            multiTenantOrganization: { displayName: 'C', owner: 'other', members: ['contoso'] },
          },
        },
        { kind: 'TenantRelationship', name: 'u', spec: { pairs: [{ source: 'x', target: 'y' }] } },
      ],
      ['Organization.Read.All', 'Policy.ReadWrite.CrossTenantAccess'],
      [
        'MultiTenantOrganization.ReadWrite.All',
        'Organization.Read.All',
        'Policy.ReadWrite.CrossTenantAccess',
      ],
      ['MultiTenantOrganization.ReadWrite.All'],
    ],
    [
      'permission names compared case-insensitively',
      [syncScope('emea', 'contoso')],
      ['user.readwrite.all', 'organization.read.all', 'policy.read.all'],
      ['Organization.Read.All', 'Policy.Read.All', 'User.ReadWrite.All'],
      [],
    ],
  ])('%s', (_, uses, granted, required, missing) => {
    expect(checkPermissions('contoso', uses, granted)).toEqual({ required, missing });
  });
});

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

  it('needs neither without such a mapping', () => {
    const plain = withMappings([syncScope('emea', 'contoso')], new Map());
    expect(
      checkPermissions('contoso', plain, ['User.ReadWrite.All', 'Organization.Read.All', 'Policy.Read.All'])
        .missing,
    ).toEqual([]);
  });
});
