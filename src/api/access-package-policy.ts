import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import {
  DeletionPolicy,
  LongDuration,
  Mode,
  Obj,
  ObjectName,
  StringEnum,
  Suspend,
  Uuid,
  cel,
  immutable,
  deletionPolicyText,
  SUSPENDED_DELETION_TEXT,
} from './common.js';
import { SyncedGroupRefSchema } from './group-sync.js';
import { defineKind } from './kind.js';
import type { CustomResource } from './kind.js';
import { AccessPackagePolicyStatusSchema } from './access-package-policy-status.js';

function DisplayName(description: string) {
  return Type.String({ minLength: 1, maxLength: 256, description });
}

function Description(description: string) {
  return Type.Optional(Type.String({ maxLength: 1024, description }));
}

const ApproverSchema = Obj(
  {
    type: StringEnum(['RequestorManager', 'User', 'GroupMembers', 'InternalSponsors', 'ExternalSponsors'], {
      description:
        "Who approves: RequestorManager (the requestor's manager), User (one user), GroupMembers (members of " +
        'a group), InternalSponsors or ExternalSponsors (of the connected organization of the source tenant; ' +
        'only with allowedRequestors.syncedFrom).',
    }),
    id: Type.Optional(Uuid('Object id of the user or group, for User and GroupMembers.')),
  },
  {
    description: 'One approver.',
    ...cel({
      rule: "self.type in ['User', 'GroupMembers'] ? has(self.id) : !has(self.id)",
      messageExpression:
        "self.type in ['User', 'GroupMembers'] ? 'approver of type ' + self.type + ' needs an id' : " +
        "'approver of type ' + self.type + ' takes no id'",
    }),
  },
);

const AutomaticSchema = Obj(
  {
    rule: Type.String({
      minLength: 1,
      maxLength: 3072,
      description:
        'Membership rule in the dynamic group syntax, e.g. (user.department -eq "Sales") -and ' +
        '(user.userType -eq "Member"). Users matching it are assigned the package automatically. Every ' +
        'attribute it uses must be synchronized into this tenant by a SyncScope (else AttributesNotSynced).',
    }),
    removeWhenOutOfScope: Type.Boolean({
      default: true,
      description: 'Remove the assignment when the user stops matching the rule. Default true.',
    }),
    gracePeriod: Type.Optional(
      LongDuration('How long access stays after the user stops matching, e.g. 7d. Absent: removed at once.'),
    ),
  },
  { description: 'Automatic (birthright) assignment to every user matching a rule.' },
);

const RequestsSchema = Obj(
  {
    allowedRequestors: Obj(
      {
        syncedFrom: Type.Optional(
          Type.Array(ObjectName('Name of a TenantLink of a source tenant.'), {
            maxItems: 50,
            'x-kubernetes-list-type': 'set',
            description:
              'Users synchronized into this tenant from these TenantLinks (by any SyncScope) may request, through ' +
              'the connected organization of each source tenant (created when missing). The catalog is then ' +
              'enabled for external users, as Entra requires for such requests.',
          }),
        ),
        allMembers: Type.Optional(
          Type.Boolean({ description: 'Every member user of this tenant may request.' }),
        ),
        groups: Type.Optional(
          Type.Array(Uuid('Object id of a group in this tenant.'), {
            maxItems: 50,
            'x-kubernetes-list-type': 'set',
            description: 'Members of these groups may request.',
          }),
        ),
        users: Type.Optional(
          Type.Array(Uuid('Object id of a user in this tenant.'), {
            maxItems: 50,
            'x-kubernetes-list-type': 'set',
            description: 'These users may request.',
          }),
        ),
      },
      {
        description:
          'Who may request the package; at least one of the fields must be set. syncedFrom stands alone: ' +
          "Graph lets another tenant's users request through its connected organization (created when " +
          'missing), and a policy targets either connected organizations or users of this directory.',
        ...cel(
          {
            rule:
              '(has(self.syncedFrom) && size(self.syncedFrom) > 0) || (has(self.allMembers) && self.allMembers) || ' +
              '(has(self.groups) && size(self.groups) > 0) || (has(self.users) && size(self.users) > 0)',
            message: 'allowedRequestors must name someone: syncedFrom, allMembers: true, groups or users',
          },
          {
            rule:
              '!(has(self.syncedFrom) && size(self.syncedFrom) > 0) || !((has(self.allMembers) && self.allMembers) || ' +
              '(has(self.groups) && size(self.groups) > 0) || (has(self.users) && size(self.users) > 0))',
            message:
              'syncedFrom cannot be combined with allMembers, groups or users in one policy: Graph targets either ' +
              'connected organizations or users of this directory; declare a second policy for the others',
          },
        ),
      },
    ),
    approval: Type.Optional(
      Obj(
        {
          stages: Type.Array(
            Obj(
              {
                approvers: Type.Array(ApproverSchema, {
                  minItems: 1,
                  maxItems: 25,
                  description: 'Approvers of this stage; any one of them decides.',
                }),
                fallbackApprovers: Type.Optional(
                  Type.Array(ApproverSchema, {
                    maxItems: 25,
                    description: 'Approvers used when the approvers resolve to nobody (e.g. no manager).',
                  }),
                ),
                timeoutDays: Type.Integer({
                  minimum: 1,
                  maximum: 14,
                  default: 14,
                  description:
                    'Days before an undecided request is denied automatically (1 to 14, default 14).',
                }),
                requireApproverJustification: Type.Boolean({
                  default: false,
                  description: 'Approvers must give a justification. Default false.',
                }),
              },
              { description: 'One approval stage.' },
            ),
            { minItems: 1, maxItems: 3, description: 'Approval stages in order (1 to 3).' },
          ),
        },
        {
          description: 'Approval of requests. Absent: requests are granted without approval.',
        },
      ),
    ),
    requireJustification: Type.Boolean({
      default: false,
      description: 'Requestors must say why they need access. Default false.',
    }),
    assignmentDuration: Type.Optional(
      LongDuration('How long a granted assignment lasts, e.g. 90d. Absent: it does not expire.'),
    ),
  },
  {
    description: 'Assignment on request, with optional approval.',
    ...cel({
      // Graph's internalSponsors and externalSponsors are the sponsors of the requestor's connected organization.
      rule:
        '(has(self.allowedRequestors.syncedFrom) && size(self.allowedRequestors.syncedFrom) > 0) || ' +
        '!has(self.approval) || !self.approval.stages.exists(s, ' +
        "s.approvers.exists(a, a.type in ['InternalSponsors', 'ExternalSponsors']) || " +
        "(has(s.fallbackApprovers) && s.fallbackApprovers.exists(a, a.type in ['InternalSponsors', 'ExternalSponsors'])))",
      message:
        'InternalSponsors and ExternalSponsors are the sponsors of a connected organization: use them only in a ' +
        'policy whose allowedRequestors is syncedFrom',
    }),
  },
);

const PolicySchema = Obj(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 63,
      pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
      description: 'Name of the policy, unique in this resource; LifecycleWorkflow tasks refer to it.',
    }),
    description: Description('Description of the assignment policy shown in My Access.'),
    automatic: Type.Optional(AutomaticSchema),
    requests: Type.Optional(RequestsSchema),
  },
  {
    description: 'One assignment policy: either automatic or requests.',
    ...cel({
      rule: 'has(self.automatic) != has(self.requests)',
      messageExpression: "'policy ' + self.name + ' must set exactly one of automatic or requests'",
    }),
  },
);

/** `AccessPackagePolicy.spec`. */
export const AccessPackagePolicySpecSchema = Obj(
  {
    tenantLinkRef: ObjectName(
      'Name of the TenantLink of the tenant the access package lives in. Cannot be changed.',
      {
        ...immutable('tenantLinkRef', 'create a new resource to work in another tenant'),
      },
    ),
    catalog: Obj(
      {
        displayName: DisplayName('Display name of the catalog; it is created when no catalog has this name.'),
        description: Description('Description of the catalog, used when it is created.'),
      },
      { description: 'The catalog holding the access package.' },
    ),
    accessPackage: Obj(
      {
        displayName: DisplayName('Display name of the access package, unique in the catalog.'),
        description: Description('Description shown to requestors.'),
        hidden: Type.Boolean({
          default: false,
          description: 'Hide the package from the My Access portal (requests only through a direct link).',
        }),
      },
      { description: 'The access package.' },
    ),
    resources: Type.Array(
      Obj(
        {
          group: Obj(
            {
              id: Type.Optional(Uuid('Object id of the group.')),
              displayName: Type.Optional(DisplayName('Display name of the group; it must be unique.')),
              syncedGroup: Type.Optional(SyncedGroupRefSchema),
            },
            {
              description: 'The group, by exactly one of id, displayName or syncedGroup.',
              ...cel({
                rule: '(has(self.id) ? 1 : 0) + (has(self.displayName) ? 1 : 0) + (has(self.syncedGroup) ? 1 : 0) == 1',
                message: 'identify the group by exactly one of id, displayName or syncedGroup',
              }),
            },
          ),
          role: StringEnum(['Member', 'Owner'], {
            default: 'Member',
            description: 'Role given in the group: Member (default) or Owner.',
          }),
        },
        { description: 'One group the package grants a role in.' },
      ),
      { default: [], maxItems: 50, description: 'Resources (groups) the access package grants.' },
    ),
    policies: Type.Array(PolicySchema, {
      minItems: 1,
      maxItems: 20,
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
      description:
        'Assignment policies of the package, each automatic or request-based; Entra allows at most one ' +
        'automatic policy per access package.',
      ...cel({
        rule: 'self.filter(p, has(p.automatic)).size() <= 1',
        message: 'an access package has at most one automatic assignment policy',
      }),
    }),
    mode: Mode(),
    suspend: Suspend(),
    deletionPolicy: DeletionPolicy(
      deletionPolicyText(
        'the access package, its policies and assignments (the catalog and connected organizations always stay)',
      ) + SUSPENDED_DELETION_TEXT,
    ),
  },
  {
    description: 'The desired access package, its resources and its assignment policies.',
  },
);

/** The AccessPackagePolicy kind. */
export const accessPackagePolicyDefinition = defineKind({
  kind: 'AccessPackagePolicy',
  plural: 'accesspackagepolicies',
  shortName: 'app',
  description:
    'AccessPackagePolicy declares one Entra entitlement-management access package in a tenant: its catalog, ' +
    'the groups it grants and its assignment policies, automatic (birthright, by membership rule) or on ' +
    'request with approval. Drift made in the tenant is corrected on every resync.',
  specSchema: AccessPackagePolicySpecSchema,
  statusSchema: AccessPackagePolicyStatusSchema,
  columns: [
    {
      name: 'Package',
      type: 'string',
      jsonPath: '.spec.accessPackage.displayName',
      description: 'Access package display name.',
    },
    {
      name: 'Delivered',
      type: 'integer',
      jsonPath: '.status.assignments.delivered',
      description: 'Delivered assignments.',
    },
    {
      name: 'Pending',
      type: 'integer',
      jsonPath: '.status.pendingRequests',
      description: 'Pending requests.',
    },
  ],
});

export type AccessPackagePolicySpec = Static<typeof AccessPackagePolicySpecSchema>;
export type AccessPackagePolicyStatus = Static<typeof AccessPackagePolicyStatusSchema>;
export type AccessPackagePolicy = CustomResource<
  'AccessPackagePolicy',
  AccessPackagePolicySpec,
  AccessPackagePolicyStatus
>;
export type Approver = Static<typeof ApproverSchema>;
