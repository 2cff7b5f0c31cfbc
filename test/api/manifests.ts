// Minimal valid specs of every kind, shared by the unit tests of src/api and the CRD validation tests.
import type { KindName } from '../../src/api/index.js';

export const TENANT_ID = '2f6a0c3e-5b7d-4e8f-9a1b-3c4d5e6f7a8b';
export const CLIENT_ID = '7d1e2f3a-4b5c-4d6e-8f9a-0b1c2d3e4f5a';
export const GROUP_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** A valid spec of each kind with only the required fields; every other field is defaulted. */
export const minimalSpecs: Record<KindName, Record<string, unknown>> = {
  TenantLink: {
    tenantId: TENANT_ID,
    credentials: { clientId: CLIENT_ID, clientSecretRef: { name: 'emea-app', key: 'client-secret' } },
  },
  SyncScope: {
    source: { tenantLinkRef: 'emea' },
    target: { tenantLinkRef: 'contoso' },
    scope: { groups: [GROUP_ID] },
  },
  AttributeMapping: {},
  AccessPackagePolicy: {
    tenantLinkRef: 'contoso',
    catalog: { displayName: 'Cross-tenant' },
    accessPackage: { displayName: 'Sales tools' },
    policies: [{ name: 'sales', automatic: { rule: '(user.department -eq "Sales")' } }],
  },
  ReviewSchedule: {
    tenantLinkRef: 'contoso',
    scope: { group: GROUP_ID },
    recurrence: { startDate: '2026-01-05' },
  },
  LifecycleWorkflow: {
    tenantLinkRef: 'contoso',
    category: 'leaver',
    trigger: { attribute: 'employeeLeaveDateTime' },
    scope: { rule: "(userType eq 'Member')" },
    tasks: [{ kind: 'DisableAccount' }],
  },
  TenantRelationship: {
    pairs: [{ source: 'emea', target: 'contoso' }],
  },
};

/** The SyncScope defaults written out by hand, apart from the schema: Entra's documented defaults and our own choices. */
export const SYNC_SCOPE_DEFAULTS = {
  scope: { membership: 'Direct' },
  userType: 'Member',
  adoptExisting: false,
  anchorAttribute: 'onPremisesExtensionAttributes.extensionAttribute15',
  deprovision: { onOutOfScope: 'SoftDelete', onSourceDeleted: 'SoftDelete', onSourceDisabled: 'Disable' },
  safety: { deletionThreshold: 500 },
  interval: '10s',
  fullResyncInterval: '24h',
  mode: 'Enforce',
  suspend: false,
  deletionPolicy: 'Orphan',
};

/** The minimal spec of `kind` with the top-level fields of `changes` replaced (a field set to undefined is removed). */
export function withSpec(kind: KindName, changes: Record<string, unknown>): Record<string, unknown> {
  const spec: Record<string, unknown> = { ...minimalSpecs[kind], ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete spec[key];
  return spec;
}

/** A valid spec of each kind using most fields, to show the CEL rules accept what they should. */
export const fullSpecs: Record<KindName, Record<string, unknown>> = {
  TenantLink: {
    tenantId: TENANT_ID,
    cloud: 'USGovernment',
    endpoints: { authorityHost: 'https://localhost:8443', graph: 'https://localhost:8443/graph' },
    credentials: { clientId: CLIENT_ID, workloadIdentity: true },
    suspend: true,
    deletionPolicy: 'Delete',
  },
  SyncScope: {
    source: { tenantLinkRef: 'emea' },
    target: { tenantLinkRef: 'contoso' },
    scope: {
      allUsers: true,
      membership: 'Transitive',
      filters: [
        { clauses: [{ attribute: 'department', operator: 'Equals', value: 'Sales' }] },
        {
          clauses: [
            { attribute: 'employeeType', operator: 'IsNotNull' },
            { attribute: 'onPremisesExtensionAttributes.extensionAttribute1', operator: 'In', value: 'a,b' },
            { attribute: 'costCenter', operator: 'GreaterThanOrEquals', value: '-100' },
            { attribute: 'mail', operator: 'RegexMatch', value: '^[a-z]+@emea\\.contoso\\.com$' },
            { attribute: 'mail', operator: 'NotRegexMatch', value: '(?<=@)(?<host>\\w+)\\(?=' },
          ],
        },
      ],
    },
    userType: 'Guest',
    attributeMappingRef: 'contoso',
    adoptExisting: true,
    anchorAttribute: 'extension_0123456789abcdef0123456789abcdef_crossTenantAnchor',
    deprovision: { onOutOfScope: 'Disable', onSourceDeleted: 'Delete', onSourceDisabled: 'Ignore' },
    safety: { deletionThreshold: 0 },
    interval: '1m30s',
    fullResyncInterval: '12h',
    mode: 'DryRun',
  },
  AttributeMapping: {
    includeDefaults: false,
    mappings: [
      { target: 'department', source: 'department', defaultValue: 'Unknown' },
      { target: 'companyName', constant: 'Contoso EMEA', apply: 'OnCreate' },
      { target: 'displayName', expression: 'Join(" ", [givenName], [surname])' },
    ],
  },
  AccessPackagePolicy: {
    tenantLinkRef: 'contoso',
    catalog: { displayName: 'Cross-tenant', description: 'Packages for synchronized users' },
    accessPackage: { displayName: 'Sales tools', description: 'CRM and the Sales team', hidden: true },
    resources: [{ group: { id: GROUP_ID } }, { group: { displayName: 'Sales leads' }, role: 'Owner' }],
    policies: [
      {
        name: 'sales',
        automatic: { rule: '(user.department -eq "Sales")', removeWhenOutOfScope: true, gracePeriod: '7d' },
      },
      {
        name: 'on-request',
        description: 'Anyone from EMEA may ask',
        requests: {
          allowedRequestors: { syncedFrom: ['emea'] },
          approval: {
            stages: [
              {
                approvers: [{ type: 'RequestorManager' }],
                fallbackApprovers: [{ type: 'User', id: GROUP_ID }],
                timeoutDays: 7,
              },
              { approvers: [{ type: 'GroupMembers', id: GROUP_ID }], requireApproverJustification: true },
            ],
          },
          requireJustification: true,
          assignmentDuration: '90d',
        },
      },
    ],
    mode: 'DryRun',
  },
  ReviewSchedule: {
    tenantLinkRef: 'contoso',
    displayName: 'Synchronized members of Sales',
    scope: { group: GROUP_ID, principals: 'SyncedFrom', syncedFrom: ['emea', 'us'] },
    reviewers: [{ type: 'GroupOwners' }, { type: 'Managers' }],
    fallbackReviewers: [{ type: 'User', id: GROUP_ID }],
    recurrence: {
      startDate: '2026-01-05',
      endDate: '2027-01-05',
      interval: 'Weekly',
      every: 2,
      durationInDays: 13,
    },
    decisions: { autoApply: true, defaultDecision: 'Recommendation' },
    onDeny: 'ExcludeFromSync',
  },
  LifecycleWorkflow: {
    tenantLinkRef: 'contoso',
    displayName: 'Onboard EMEA joiners',
    category: 'joiner',
    trigger: { attribute: 'employeeHireDate', offsetInDays: -7 },
    scope: { rule: "(department eq 'Sales') and (userType eq 'Member')" },
    tasks: [
      { kind: 'EnableAccount' },
      { kind: 'AddToGroups', groups: [GROUP_ID] },
      { kind: 'RequestAccessPackage', accessPackagePolicyRef: 'sales-tools', policy: 'on-request' },
      {
        kind: 'SendWelcomeEmail',
        email: { locale: 'en-US', customSubject: 'Welcome' },
        continueOnError: true,
      },
    ],
    enabled: false,
  },
  TenantRelationship: {
    pairs: [
      {
        source: 'emea',
        target: 'contoso',
        b2bCollaboration: 'Allowed',
        automaticRedemption: true,
        inboundTrust: { mfa: true, compliantDevice: false },
        allowUserSync: true,
      },
      { source: 'contoso', target: 'emea', b2bCollaboration: 'Blocked' },
    ],
    multiTenantOrganization: {
      displayName: 'Contoso',
      description: 'Contoso and its regions',
      owner: 'contoso',
      members: ['emea', 'us'],
    },
    mode: 'DryRun',
    deletionPolicy: 'Delete',
  },
};
