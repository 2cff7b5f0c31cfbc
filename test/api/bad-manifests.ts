// Specs the API server must reject, with the part of its message a user needs to see.
import type { KindName } from '../../src/api/index.js';
import { CLIENT_ID, GROUP_ID, withSpec } from './manifests.js';

export interface BadManifest {
  kind: KindName;
  spec: Record<string, unknown>;
  expected: string;
}

const secret = { name: 'app', key: 'secret' };
const cert = { name: 'app', key: 'tls.pem' };
const clause = (operator: string, value?: string) => ({
  scope: { allUsers: true, filters: [{ clauses: [{ attribute: 'department', operator, value }] }] },
});
const policy = (p: Record<string, unknown>) => ({ policies: [{ name: 'sales', ...p }] });
const requests = (r: Record<string, unknown>) =>
  policy({ requests: { allowedRequestors: { allMembers: true }, ...r } });
const rsScope = (s: Record<string, unknown>) => ({ scope: { group: GROUP_ID, ...s } });
const task = (t: Record<string, unknown>) => ({ tasks: [t] });
const GROUP_ANCHOR = 'extension_0123456789abcdef0123456789abcdef_groupAnchor';

export const badManifests: BadManifest[] = [
  {
    kind: 'TenantLink',
    spec: withSpec('TenantLink', {
      credentials: { clientId: CLIENT_ID, clientSecretRef: secret, certificateRef: cert },
    }),
    expected: 'set exactly one of clientSecretRef, certificateRef or workloadIdentity: true',
  },
  {
    kind: 'TenantLink',
    spec: withSpec('TenantLink', { credentials: { clientId: CLIENT_ID, workloadIdentity: false } }),
    expected: 'set exactly one of clientSecretRef, certificateRef or workloadIdentity: true',
  },
  {
    kind: 'TenantLink',
    spec: withSpec('TenantLink', { tenantId: 'contoso.onmicrosoft.com' }),
    expected: 'spec.tenantId in body must be of type uuid',
  },
  {
    kind: 'TenantLink',
    spec: withSpec('TenantLink', { cloud: 'Germany' }),
    expected: 'spec.cloud: Unsupported value: "Germany"',
  },
  {
    kind: 'TenantLink',
    spec: withSpec('TenantLink', { cloud: 'China' }),
    expected: 'cross-tenant synchronization is not available in Microsoft Azure operated by 21Vianet',
  },
  {
    kind: 'ReviewSchedule',
    spec: withSpec('ReviewSchedule', { description: '' }),
    expected: 'spec.description in body should be at least 1 chars long',
  },
  {
    kind: 'AccessPackagePolicy',
    spec: withSpec('AccessPackagePolicy', {
      policies: [
        { name: 'sales', automatic: { rule: '(user.department -eq "Sales")' } },
        { name: 'marketing', automatic: { rule: '(user.department -eq "Marketing")' } },
      ],
    }),
    expected: 'an access package has at most one automatic assignment policy',
  },
  {
    kind: 'TenantLink',
    spec: withSpec('TenantLink', {
      endpoints: { authorityHost: 'http://localhost:8443', graph: 'https://localhost' },
    }),
    expected: 'spec.endpoints.authorityHost in body should match',
  },
  {
    kind: 'TenantLink',
    spec: withSpec('TenantLink', { credentials: { clientSecretRef: secret } }),
    expected: 'spec.credentials.clientId: Required value',
  },
  {
    kind: 'SyncScope',
    spec: withSpec('SyncScope', { scope: { allUsers: true, groups: [GROUP_ID] } }),
    expected: 'set either allUsers: true or a non-empty groups list, not both',
  },
  {
    kind: 'SyncScope',
    spec: withSpec('SyncScope', { scope: { groups: [] } }),
    expected: 'set either allUsers: true or a non-empty groups list, not both',
  },
  {
    kind: 'SyncScope',
    spec: withSpec('SyncScope', {
      scope: { allUsers: true },
      groupSync: { groupIds: [GROUP_ID], anchorAttribute: GROUP_ANCHOR },
    }),
    expected: 'groupSync needs scope.groups',
  },
  {
    kind: 'SyncScope',
    spec: withSpec('SyncScope', { groupSync: { assignedGroups: true } }),
    expected: 'spec.groupSync.anchorAttribute: Required value',
  },
  {
    kind: 'SyncScope',
    spec: withSpec('SyncScope', {
      groupSync: {
        assignedGroups: true,
        anchorAttribute: 'onPremisesExtensionAttributes.extensionAttribute1',
      },
    }),
    expected: 'spec.groupSync.anchorAttribute in body should match',
  },
  {
    kind: 'SyncScope',
    spec: withSpec('SyncScope', { target: { tenantLinkRef: 'emea' } }),
    expected: 'source and target must be different TenantLinks',
  },
  {
    kind: 'SyncScope',
    spec: withSpec('SyncScope', clause('IsNull', 'x')),
    expected: 'operator IsNull takes no value',
  },
  {
    kind: 'SyncScope',
    spec: withSpec('SyncScope', clause('Equals')),
    expected: 'operator Equals needs a value',
  },
  {
    kind: 'SyncScope',
    spec: withSpec('SyncScope', clause('GreaterThan', 'ten')),
    expected: 'GreaterThan and GreaterThanOrEquals compare integers: value must be a whole number',
  },
  {
    kind: 'SyncScope',
    spec: withSpec('SyncScope', clause('Contains', 'x')),
    expected: 'Unsupported value: "Contains"',
  },
  {
    kind: 'SyncScope',
    spec: withSpec('SyncScope', { interval: '500ms' }),
    expected: 'interval must be at least 1s',
  },
  {
    kind: 'SyncScope',
    spec: withSpec('SyncScope', { interval: '720h' }),
    expected: 'interval must be at most 24h',
  },
  {
    kind: 'SyncScope',
    spec: withSpec('SyncScope', { fullResyncInterval: '721h' }),
    expected: 'fullResyncInterval must be at most 720h',
  },
  {
    kind: 'SyncScope',
    spec: withSpec('SyncScope', clause('RegexMatch', '^Sa(?=les)')),
    expected: 'look-ahead (?= (?!, atomic (?> and conditional (?( groups are not supported',
  },
  {
    kind: 'SyncScope',
    spec: withSpec('SyncScope', clause('NotRegexMatch', '(?>a+)b')),
    expected: 'look-ahead (?= (?!, atomic (?> and conditional (?( groups are not supported',
  },
  {
    kind: 'AccessPackagePolicy',
    spec: withSpec(
      'AccessPackagePolicy',
      policy({ automatic: { rule: '(user.department -eq "Sales")', gracePeriod: '3651d' } }),
    ),
    expected: 'at most 3650d',
  },
  {
    kind: 'AccessPackagePolicy',
    spec: withSpec('AccessPackagePolicy', requests({ assignmentDuration: '87601h' })),
    expected: 'at most 3650d',
  },
  {
    kind: 'SyncScope',
    spec: withSpec('SyncScope', { interval: '10 seconds' }),
    expected: 'spec.interval in body should match',
  },
  {
    kind: 'SyncScope',
    spec: withSpec('SyncScope', { safety: { deletionThreshold: -1 } }),
    expected: 'spec.safety.deletionThreshold in body should be greater than or equal to 0',
  },
  {
    kind: 'SyncScope',
    spec: withSpec('SyncScope', { deprovision: { onSourceDeleted: 'HardDelete' } }),
    expected: 'spec.deprovision.onSourceDeleted: Unsupported value: "HardDelete"',
  },
  {
    kind: 'SyncScope',
    spec: withSpec('SyncScope', { sourceTenant: 'emea' }),
    expected: 'unknown field "spec.sourceTenant"',
  },
  {
    kind: 'AttributeMapping',
    spec: { mappings: [{ target: 'department', source: 'department', constant: 'Sales' }] },
    expected: 'mapping for department must set exactly one of source, constant or expression',
  },
  {
    kind: 'AttributeMapping',
    spec: { mappings: [{ target: 'department' }] },
    expected: 'mapping for department must set exactly one of source, constant or expression',
  },
  {
    kind: 'AttributeMapping',
    spec: {
      mappings: [{ target: 'onPremisesExtensionAttributes.extensionAttribute14', source: 'department' }],
      sourceMarker: 'onPremisesExtensionAttributes.extensionAttribute14',
    },
    expected: 'sourceMarker must name the target of a mapping with a constant',
  },
  {
    kind: 'AttributeMapping',
    spec: { mappings: [{ target: 'companyName', constant: 'Contoso', defaultValue: 'x' }] },
    expected: 'mapping for companyName: defaultValue does not apply to a constant',
  },
  {
    kind: 'AttributeMapping',
    spec: {
      mappings: [
        { target: 'jobTitle', source: 'jobTitle' },
        { target: 'jobTitle', constant: 'Staff' },
      ],
    },
    expected: 'Duplicate value',
  },
  {
    kind: 'AccessPackagePolicy',
    spec: withSpec(
      'AccessPackagePolicy',
      policy({ automatic: { rule: 'x' }, requests: { allowedRequestors: { allMembers: true } } }),
    ),
    expected: 'policy sales must set exactly one of automatic or requests',
  },
  {
    kind: 'AccessPackagePolicy',
    spec: withSpec('AccessPackagePolicy', { resources: [{ group: { id: GROUP_ID, displayName: 'Sales' } }] }),
    expected: 'identify the group by exactly one of id, displayName or syncedGroup',
  },
  {
    kind: 'AccessPackagePolicy',
    spec: withSpec(
      'AccessPackagePolicy',
      requests({ approval: { stages: [{ approvers: [{ type: 'User' }] }] } }),
    ),
    expected: 'approver of type User needs an id',
  },
  {
    kind: 'AccessPackagePolicy',
    spec: withSpec('AccessPackagePolicy', policy({ requests: { allowedRequestors: { allMembers: false } } })),
    expected: 'allowedRequestors must name someone',
  },
  {
    kind: 'AccessPackagePolicy',
    spec: withSpec(
      'AccessPackagePolicy',
      requests({ approval: { stages: [{ approvers: [{ type: 'RequestorManager' }], timeoutDays: 15 }] } }),
    ),
    expected: 'timeoutDays in body should be less than or equal to 14',
  },
  {
    kind: 'AccessPackagePolicy',
    spec: withSpec(
      'AccessPackagePolicy',
      policy({ requests: { allowedRequestors: { syncedFrom: ['emea'], groups: [GROUP_ID] } } }),
    ),
    expected: 'syncedFrom cannot be combined with allMembers, groups or users in one policy',
  },
  {
    kind: 'AccessPackagePolicy',
    spec: withSpec(
      'AccessPackagePolicy',
      requests({ approval: { stages: [{ approvers: [{ type: 'InternalSponsors' }] }] } }),
    ),
    expected: 'InternalSponsors and ExternalSponsors are the sponsors of a connected organization',
  },
  {
    kind: 'ReviewSchedule',
    spec: withSpec('ReviewSchedule', rsScope({ accessPackagePolicyRef: 'sales-tools' })),
    expected: 'scope must set exactly one of group, syncedGroup or accessPackagePolicyRef',
  },
  {
    kind: 'ReviewSchedule',
    spec: withSpec('ReviewSchedule', rsScope({ principals: 'SyncedFrom' })),
    expected: 'syncedFrom must list TenantLinks exactly when principals is SyncedFrom',
  },
  {
    kind: 'ReviewSchedule',
    spec: withSpec('ReviewSchedule', {
      scope: {
        accessPackagePolicyRef: 'sales-tools',
        principals: 'SyncedFrom',
        syncedFrom: ['contoso-emea'],
      },
    }),
    expected: "an access package review covers all of the package's assignments: principals must be All",
  },
  {
    kind: 'ReviewSchedule',
    spec: withSpec('ReviewSchedule', { recurrence: { startDate: '2026-01-05', every: 0 } }),
    expected: 'spec.recurrence.every in body should be greater than or equal to 1',
  },
  {
    kind: 'ReviewSchedule',
    spec: withSpec('ReviewSchedule', {
      recurrence: { startDate: '2026-01-05', interval: 'Weekly', durationInDays: 7 },
    }),
    expected: 'durationInDays must be shorter than the recurrence period',
  },
  {
    kind: 'ReviewSchedule',
    spec: withSpec('ReviewSchedule', {
      scope: { accessPackagePolicyRef: 'sales-tools' },
      reviewers: [{ type: 'GroupOwners' }],
    }),
    expected: 'reviewers of type GroupOwners need scope.group',
  },
  {
    kind: 'ReviewSchedule',
    spec: withSpec('ReviewSchedule', { reviewers: [{ type: 'Managers', id: GROUP_ID }] }),
    expected: 'reviewer of type Managers takes no id',
  },
  {
    kind: 'LifecycleWorkflow',
    spec: withSpec('LifecycleWorkflow', {
      trigger: { attribute: 'employeeLeaveDateTime', offsetInDays: -181 },
    }),
    expected: 'spec.trigger.offsetInDays in body should be greater than or equal to -180',
  },
  {
    kind: 'LifecycleWorkflow',
    spec: withSpec('LifecycleWorkflow', {
      tasks: Array.from({ length: 26 }, () => ({ kind: 'DisableAccount' })),
    }),
    expected: 'must have at most 25 items',
  },
  {
    kind: 'LifecycleWorkflow',
    spec: withSpec('LifecycleWorkflow', task({ kind: 'AddToGroups' })),
    expected: 'task AddToGroups needs a non-empty groups list',
  },
  {
    kind: 'LifecycleWorkflow',
    spec: withSpec('LifecycleWorkflow', task({ kind: 'RequestAccessPackage' })),
    expected: 'task RequestAccessPackage needs accessPackagePolicyRef',
  },
  {
    kind: 'LifecycleWorkflow',
    spec: withSpec('LifecycleWorkflow', { trigger: { attribute: 'employeeHireDate' } }),
    expected: 'a leaver workflow is triggered by employeeLeaveDateTime',
  },
  {
    kind: 'TenantRelationship',
    spec: withSpec('TenantRelationship', { pairs: [{ source: 'contoso', target: 'contoso' }] }),
    expected: 'source and target must be different TenantLinks',
  },
  {
    kind: 'TenantRelationship',
    spec: withSpec('TenantRelationship', {
      pairs: [
        { source: 'emea', target: 'contoso' },
        { source: 'emea', target: 'contoso', automaticRedemption: true },
      ],
    }),
    expected: 'each source and target direction may be listed once',
  },
  {
    kind: 'TenantRelationship',
    spec: withSpec('TenantRelationship', {
      pairs: [],
      multiTenantOrganization: { displayName: 'Contoso', owner: 'contoso', members: ['contoso', 'emea'] },
    }),
    expected: 'the owner cannot also be a member',
  },
  {
    kind: 'TenantRelationship',
    spec: withSpec('TenantRelationship', { pairs: [] }),
    expected: 'declare at least one pair or a multitenantOrganization',
  },
];
