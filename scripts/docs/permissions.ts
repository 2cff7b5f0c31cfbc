// Renders docs/permissions.md from the Graph contract and the requests each use of a TenantLink makes.
import type { GraphCapability } from '../../src/controllers/shared/link-requests.js';
import { LINK_REQUESTS } from '../../src/controllers/shared/link-requests.js';
import { checkPermissions, type LinkUse } from '../../src/controllers/shared/permissions.js';
import { contractEntry } from '../../src/graph/contract/index.js';

/** Where the page lives, relative to the repository root. */
export const PERMISSIONS_PAGE = 'docs/permissions.md';

const INTRO = `# Microsoft Graph permissions

<!-- Generated from src/graph/contract and src/controllers/shared/permissions.ts by \`npm run docs\`: do not edit. -->

The operator signs in to each tenant as an app registration of that tenant, with **application
permissions** (client credentials: no user is signed in). Give every tenant its own app registration
and grant it only what the resources that use its TenantLink need.

Every request the operator sends to Graph is listed in its Graph contract (\`src/graph/contract\`),
with the permissions Graph's reference page for that request lists, least privileged first. Each
TenantLink reads the \`roles\` claim of its token and lists in its status:

- \`grantedPermissions\`: what the token carries;
- \`requiredPermissions\`: a smallest set of least-privileged permissions allowing every request the
  link and the resources using it make (a write permission also allows the reads it implies);
- \`missingPermissions\`: what would allow the requests no grant covers, with \`Ready=False\`, reason
  \`PermissionsMissing\`.

To grant permissions: Entra admin center → App registrations → the operator's app → API permissions
→ Add a permission → Microsoft Graph → **Application permissions**, pick them, then **Grant admin
consent for <tenant>**. The TenantLink notices within 5 minutes (or at once when you touch it,
e.g. \`kubectl annotate tenantlink <name> checked=$(date +%s) --overwrite\`).
`;

const SECTIONS: { capability: GraphCapability; title: string; when: string }[] = [
  { capability: 'tenantLink', title: 'Every TenantLink', when: 'Always.' },
  {
    capability: 'syncSource',
    title: 'SyncScope: source tenant',
    when: 'The link is `spec.source.tenantLinkRef`.',
  },
  { capability: 'syncSourceGroups', title: 'SyncScope: source groups', when: '`spec.scope.groups` is set.' },
  {
    capability: 'syncSourceLifecycleInfo',
    title: 'SyncScope: source lifecycle dates',
    when: 'Its AttributeMapping reads `employeeHireDate` or `employeeLeaveDateTime` in the source.',
  },
  {
    capability: 'syncTarget',
    title: 'SyncScope: target tenant',
    when: 'The link is `spec.target.tenantLinkRef`.',
  },
  {
    capability: 'syncTargetPurge',
    title: 'SyncScope: permanent deletion',
    when: 'Some `spec.deprovision.*` is `Delete` (removes the user from deleted items too).',
  },
  {
    capability: 'syncTargetGroups',
    title: 'SyncScope: target security groups',
    when: '`spec.groupSync` is set: the target groups are created, updated and deleted, and their members written.',
  },
  {
    capability: 'syncTargetExtensionAnchor',
    title: 'SyncScope: directory extension anchor',
    when: '`spec.anchorAttribute` is a directory extension (`extension_<appId>_<name>`): the preflight checks it is registered for users.',
  },
  {
    capability: 'syncTargetLifecycleInfo',
    title: 'SyncScope: target lifecycle dates',
    when: 'Its AttributeMapping writes `employeeHireDate` or `employeeLeaveDateTime` in the target.',
  },
  { capability: 'accessPackages', title: 'AccessPackagePolicy', when: 'The link is `spec.tenantLinkRef`.' },
  {
    capability: 'accessPackageResources',
    title: 'AccessPackagePolicy: resources',
    when: '`spec.resources` is not empty (adding a group to a catalog needs write access to the group).',
  },
  { capability: 'reviews', title: 'ReviewSchedule', when: 'The link is `spec.tenantLinkRef`.' },
  {
    capability: 'reviewExclusions',
    title: 'ReviewSchedule: exclusions from sync',
    when: "`spec.onDeny: ExcludeFromSync` (reads each denied user's anchor).",
  },
  { capability: 'workflows', title: 'LifecycleWorkflow', when: 'The link is `spec.tenantLinkRef`.' },
  {
    capability: 'syncPreflightSource',
    title: 'SyncScope: preflight in the source',
    when: 'The link is `spec.source.tenantLinkRef` (outbound B2B collaboration and automatic redemption are read).',
  },
  {
    capability: 'syncPreflightTarget',
    title: 'SyncScope: preflight in the target',
    when: 'The link is `spec.target.tenantLinkRef` (inbound settings and who may invite are read).',
  },
  {
    capability: 'entraSource',
    title: 'SyncScope with engine: Entra: source tenant',
    when: "`spec.engine: Entra` and the link is `spec.source.tenantLinkRef` (Entra's synchronization job is configured there).",
  },
  {
    capability: 'entraTarget',
    title: 'SyncScope with engine: Entra: target tenant',
    when: '`spec.engine: Entra` and the link is `spec.target.tenantLinkRef` (the identity synchronization policy).',
  },
  {
    capability: 'relationshipPairs',
    title: 'TenantRelationship: partner settings',
    when: 'The tenant is the source or target of a `spec.pairs` entry.',
  },
  {
    capability: 'multiTenantOrganization',
    title: 'TenantRelationship: multitenant organization',
    when: 'The tenant is the owner or a member of `spec.multiTenantOrganization`.',
  },
];

function section({ capability, title, when }: (typeof SECTIONS)[number]): string {
  const rows = LINK_REQUESTS[capability].map((id) => {
    const entry = contractEntry(id);
    const permissions =
      entry.permissions.length === 0
        ? 'each request inside counts as itself'
        : entry.permissions
            .map((group) => `\`${group[0]}\`${group.length > 1 ? ` (or ${group.slice(1).join(', ')})` : ''}`)
            .join(' and ');
    return `| \`${entry.method} ${entry.path}\` | ${permissions} | [${entry.checked}](${entry.doc}) |`;
  });
  return [
    `## ${title}`,
    '',
    when,
    '',
    '| Request | Application permission (also accepted) | Checked against |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

/** A SyncScope of the Contoso example from `source` to `target`, by group (or all users). */
function syncScope(source: string, target: string, groups?: string[]): LinkUse {
  const scope = groups
    ? { groups, membership: 'Direct' as const }
    : { allUsers: true, membership: 'Direct' as const };
  return {
    kind: 'SyncScope',
    name: 's',
    spec: { source: { tenantLinkRef: source }, target: { tenantLinkRef: target }, scope },
  };
}

// The example's links as `l`, other links by any other name.
/** The example's TenantRelationship as seen from the link `l`, in the role `member` or `owner`. */
function relationship(role: 'member' | 'owner'): LinkUse {
  return {
    kind: 'TenantRelationship',
    name: 'r',
    spec: {
      pairs: [role === 'owner' ? { source: 's', target: 'l' } : { source: 'l', target: 't' }],
      multiTenantOrganization: {
        displayName: 'Contoso',
        owner: role === 'owner' ? 'l' : 't',
        members: role === 'owner' ? ['s'] : ['l'],
      },
    },
  };
}

const CONTOSO: { link: string; role: string; uses: LinkUse[] }[] = [
  {
    link: 'contoso-emea',
    role: 'source, a review of its sync group, relationship member',
    uses: [
      syncScope('l', 't', ['g']),
      { kind: 'ReviewSchedule', name: 'r', spec: { tenantLinkRef: 'l' } },
      relationship('member'),
    ],
  },
  {
    link: 'contoso-us',
    role: 'source, relationship member',
    uses: [syncScope('l', 't', ['g']), relationship('member')],
  },
  {
    link: 'contoso',
    role: 'target, access package, reviews, workflow, relationship owner',
    uses: [
      syncScope('s', 'l'),
      relationship('owner'),
      {
        kind: 'AccessPackagePolicy',
        name: 'a',
        spec: {
          tenantLinkRef: 'l',
          resources: [{ group: { id: '0b5f1b7e-2a3c-4d5e-8f90-1a2b3c4d5e6f' }, role: 'Member' }],
        },
      },
      { kind: 'ReviewSchedule', name: 'r', spec: { tenantLinkRef: 'l', onDeny: 'ExcludeFromSync' } },
      { kind: 'LifecycleWorkflow', name: 'w', spec: { tenantLinkRef: 'l' } },
    ],
  },
];

/** The permissions page as Markdown (unformatted). */
export function renderPermissionsPage(): string {
  const contoso = CONTOSO.map(({ link, role, uses }) => {
    const { required } = checkPermissions('l', uses, []);
    return `| \`${link}\` | ${role} | ${required.map((p) => `\`${p}\``).join(', ')} |`;
  });
  return [
    INTRO,
    ...SECTIONS.map(section),
    'The tasks of a lifecycle workflow (adding to groups, requesting an access package, disabling the account) are',
    "run by Entra's Lifecycle Workflows service, not by the operator's app.",
    '',
    '## The Contoso example',
    '',
    '| TenantLink | Role | Required permissions |',
    '| --- | --- | --- |',
    ...contoso,
    '',
    'Check the real figures with `kubectl get tenantlinks -n contoso -o wide` (the Missing column) or',
    "`kubectl get tenantlink contoso -n contoso -o jsonpath='{.status.requiredPermissions}'`.",
    '',
  ].join('\n');
}
