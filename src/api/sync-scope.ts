import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import {
  DeletionPolicy,
  Duration,
  Mode,
  Obj,
  ObjectName,
  StringEnum,
  Suspend,
  Uuid,
  cel,
  immutable,
  deletionPolicyText,
} from './common.js';
import { defineKind } from './kind.js';
import type { CustomResource } from './kind.js';
import { ENTRA_ENGINE_RULES, SyncEngine } from './sync-scope-entra.js';
import { GROUP_SYNC_RULES, GroupSyncSchema } from './group-sync.js';
import { SyncScopeStatusSchema } from './sync-scope-status.js';

/** Where a created target user keeps `<source tenant id>:<source object id>`, unless the SyncScope says otherwise. */
export const DEFAULT_ANCHOR_ATTRIBUTE = 'onPremisesExtensionAttributes.extensionAttribute15';

/** Annotation whose presence lets a cycle held by the deletion threshold go ahead. */
export const APPROVE_DELETIONS_ANNOTATION = 'crosstenant.io/approve-deletions';
/** Annotation naming one source user (object id or UPN) to provision at once. */
export const PROVISION_NOW_ANNOTATION = 'crosstenant.io/provision-now';
/** Annotation naming one source security group (object id) to provision at once, with its member references. */
export const PROVISION_GROUP_NOW_ANNOTATION = 'crosstenant.io/provision-group-now';
/**
 * Annotation asking for a fresh start, removed once done: engine Operator leaves quarantine or the Disabled
 * state; engine Entra restarts its job (clearing its watermark, escrows and quarantine).
 */
export const RESTART_JOB_ANNOTATION = 'crosstenant.io/restart-job';

/** Entra scoping-filter operators, spelled as YAML-friendly words. */
export const FILTER_OPERATORS = [
  'Equals',
  'NotEquals',
  'IsTrue',
  'IsFalse',
  'IsNull',
  'IsNotNull',
  'Includes',
  'EndsWith',
  'GreaterThan',
  'GreaterThanOrEquals',
  'In',
  'NotIn',
  'RegexMatch',
  'NotRegexMatch',
] as const;

const VALUELESS = "['IsTrue', 'IsFalse', 'IsNull', 'IsNotNull']";

const ATTRIBUTE_PATTERN = '^[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)?$';

const FilterClauseSchema = Obj(
  {
    attribute: Type.String({
      minLength: 1,
      maxLength: 256,
      pattern: ATTRIBUTE_PATTERN,
      description:
        'Source user attribute to test, e.g. department, country, employeeType, ' +
        'onPremisesExtensionAttributes.extensionAttribute1 or a directory extension extension_<appId>_<name>. ' +
        'Multi-valued attributes are not supported.',
    }),
    operator: StringEnum(FILTER_OPERATORS, {
      description:
        "Entra's scoping-filter operator. Equals, NotEquals, Includes and EndsWith compare case-sensitively; " +
        'GreaterThan and GreaterThanOrEquals compare integers; In and NotIn take a comma-separated list; ' +
        'RegexMatch and NotRegexMatch take a .NET regular expression, run by a linear-time engine: ' +
        'look-ahead, backreferences, atomic and conditional groups and \\b are refused (docs/sync-vs-entra.md); IsTrue, IsFalse, IsNull and IsNotNull ' +
        'take no value. Every clause except IsNull is false when the attribute is null or empty.',
    }),
    value: Type.Optional(
      Type.String({
        maxLength: 1024,
        description: 'Value to compare with; omitted for the valueless operators.',
      }),
    ),
  },
  {
    description: 'One test on a source user attribute.',
    ...cel(
      {
        rule: `self.operator in ${VALUELESS} ? !has(self.value) : has(self.value)`,
        messageExpression:
          `self.operator in ${VALUELESS} ? 'operator ' + self.operator + ' takes no value' : ` +
          "'operator ' + self.operator + ' needs a value'",
      },
      {
        rule:
          "!(self.operator in ['GreaterThan', 'GreaterThanOrEquals']) || " +
          "(has(self.value) && self.value.matches('^-?[0-9]+$'))",
        message: 'GreaterThan and GreaterThanOrEquals compare integers: value must be a whole number',
      },
      {
        // The controller checks the whole pattern; admission catches the constructs plain to see.
        rule:
          "!(self.operator in ['RegexMatch', 'NotRegexMatch']) || !has(self.value) || " +
          "!self.value.matches('(^|[^\\\\\\\\])\\\\(\\\\?(=|!|>|\\\\()')",
        message:
          'RegexMatch and NotRegexMatch: look-ahead (?= (?!, atomic (?> and conditional (?( groups are not ' +
          'supported (they need backtracking)',
      },
    ),
  },
);

const ScopeSchema = Obj(
  {
    allUsers: Type.Optional(
      Type.Boolean({
        description: 'Every internal member user of the source tenant is in scope (then leave groups empty).',
      }),
    ),
    groups: Type.Optional(
      Type.Array(Uuid('Object id of a group in the source tenant.'), {
        maxItems: 500,
        'x-kubernetes-list-type': 'set',
        description:
          'Object ids of source groups whose members are in scope (static or dynamic groups). Only direct ' +
          'members count, as in Entra, unless membership is Transitive.',
      }),
    ),
    membership: StringEnum(['Direct', 'Transitive'], {
      default: 'Direct',
      description:
        'Direct (default, as Entra) puts only direct members of the groups in scope; Transitive also takes ' +
        'members of nested groups.',
    }),
    filters: Type.Optional(
      Type.Array(
        Obj(
          {
            clauses: Type.Array(FilterClauseSchema, {
              minItems: 1,
              maxItems: 20,
              description: 'Clauses that must all hold (AND).',
            }),
          },
          {
            description: 'One scoping filter: a user passes when every clause holds.',
          },
        ),
        {
          maxItems: 20,
          description:
            'Entra scoping filters applied on top of allUsers or groups: a user is in scope when any filter ' +
            'passes (OR). Empty or absent means no filtering. Only internal members of the source are ever in ' +
            'scope: B2B users and internal guests never are, which also rules out sync loops between tenants.',
        },
      ),
    ),
  },
  {
    description:
      'Which source users are synchronized: allUsers: true or a list of groups, plus optional filters.',
    ...cel({
      rule: '(has(self.allUsers) && self.allUsers) != (has(self.groups) && size(self.groups) > 0)',
      message: 'set either allUsers: true or a non-empty groups list, not both',
    }),
  },
);

function DeprovisionAction(description: string, fallback: 'Disable' | 'SoftDelete') {
  return StringEnum(['Disable', 'SoftDelete', 'Delete', 'Ignore'], {
    default: fallback,
    description:
      `${description} Disable sets accountEnabled false; SoftDelete moves the target user to deleted items ` +
      '(restorable for 30 days, and restored if the source user comes back in scope); Delete removes it ' +
      `permanently; Ignore leaves it as it is. Default ${fallback}, as Entra.`,
  });
}

/** `SyncScope.spec`. */
export const SyncScopeSpecSchema = Obj(
  {
    source: Obj(
      {
        tenantLinkRef: ObjectName(
          'Name of the TenantLink of the source tenant, in this namespace. Cannot be changed.',
          {
            ...immutable('source.tenantLinkRef', 'create a new SyncScope for another pair of tenants'),
          },
        ),
      },
      { description: 'The tenant users are read from.' },
    ),
    target: Obj(
      {
        tenantLinkRef: ObjectName(
          'Name of the TenantLink of the target tenant, in this namespace. Cannot be changed.',
          {
            ...immutable('target.tenantLinkRef', 'create a new SyncScope for another pair of tenants'),
          },
        ),
      },
      { description: 'The tenant B2B users are created in.' },
    ),
    engine: SyncEngine,
    scope: ScopeSchema,
    groupSync: Type.Optional(GroupSyncSchema),
    userType: StringEnum(['Member', 'Guest'], {
      default: 'Member',
      description:
        'userType of the users created in the target: Member (default, as Entra cross-tenant sync) or Guest.',
    }),
    attributeMappingRef: Type.Optional(
      ObjectName(
        'Name of the AttributeMapping that decides which attributes flow. Absent: the default cross-tenant ' +
          'attribute set.',
      ),
    ),
    adoptExisting: Type.Boolean({
      default: false,
      description:
        'Adopt a target user that was not created by this SyncScope when its mail matches the source user ' +
        '(it is then anchored and managed). False (default) reports such users as conflicts instead.',
    }),
    anchorAttribute: Type.String({
      default: DEFAULT_ANCHOR_ATTRIBUTE,
      maxLength: 256,
      pattern:
        '^(onPremisesExtensionAttributes\\.extensionAttribute([1-9]|1[0-5])|extension_[0-9a-fA-F]{32}_[A-Za-z0-9_]+)$',
      description:
        'Target user attribute that stores the source tenant id and source object id, linking each created ' +
        'user to its source: an onPremisesExtensionAttributes.extensionAttributeN or a directory extension. ' +
        'It must not be used for anything else in the target tenant. Cannot be changed.',
      ...immutable('anchorAttribute', 'the users already provisioned carry their anchor in it'),
    }),
    deprovision: Obj(
      {
        onOutOfScope: DeprovisionAction(
          'What happens to the target user when the source user leaves scope (group, filter or scope change).',
          'SoftDelete',
        ),
        onSourceDeleted: DeprovisionAction(
          'What happens to the target user when the source user is deleted.',
          'SoftDelete',
        ),
        onSourceDisabled: DeprovisionAction(
          'What happens to the target user when the source account is disabled.',
          'Disable',
        ),
      },
      { default: {}, description: 'What happens to target users whose source users leave.' },
    ),
    safety: Obj(
      {
        deletionThreshold: Type.Integer({
          minimum: 0,
          default: 500,
          description:
            'Largest number of deprovisions (disables, soft deletes, deletes) one cycle may make. A cycle ' +
            'that would make more holds them all (staged) and sets DeletionThresholdExceeded until the ' +
            'annotation crosstenant.io/approve-deletions is set. Default 500, as Entra; 0 holds every ' +
            'deprovision.',
        }),
      },
      { default: {}, description: 'Guards against mass deprovisioning.' },
    ),
    interval: Duration(
      'How often the source and target are polled for changes (delta queries), e.g. 10s; 1s to 24h. ' +
        'Default 10s.',
      {
        default: '10s',
        ...cel(
          { rule: "duration(self) >= duration('1s')", message: 'interval must be at least 1s' },
          { rule: "duration(self) <= duration('24h')", message: 'interval must be at most 24h' },
        ),
      },
    ),
    fullResyncInterval: Duration(
      'How often a full read of both tenants replaces the delta cursors and corrects any drift; 1m to ' +
        '720h (30 days). Default 24h.',
      {
        default: '24h',
        ...cel(
          { rule: "duration(self) >= duration('1m')", message: 'fullResyncInterval must be at least 1m' },
          {
            rule: "duration(self) <= duration('720h')",
            message: 'fullResyncInterval must be at most 720h',
          },
        ),
      },
    ),
    mode: Mode(),
    suspend: Suspend(),
    deletionPolicy: DeletionPolicy(
      deletionPolicyText('the users (and, with groupSync, the security groups) this SyncScope created') +
        ' Users are soft-deleted (restorable for 30 days); security groups are deleted for good.',
    ),
  },
  {
    description: 'One synchronization direction, from a source tenant into a target tenant.',
    ...cel(
      {
        rule: 'self.source.tenantLinkRef != self.target.tenantLinkRef',
        message: 'source and target must be different TenantLinks',
      },
      ...ENTRA_ENGINE_RULES,
      ...GROUP_SYNC_RULES,
    ),
  },
);

/** The SyncScope kind. */
export const syncScopeDefinition = defineKind({
  kind: 'SyncScope',
  plural: 'syncscopes',
  shortName: 'ss',
  description:
    'SyncScope synchronizes users in one direction, from a source tenant into a target tenant, as Entra ' +
    'cross-tenant synchronization does but within seconds. It provisions in-scope source users as B2B users, ' +
    'keeps their attributes updated and deprovisions them when they leave. Annotations: ' +
    'crosstenant.io/approve-deletions (any value) releases deprovisions held by the deletion threshold; ' +
    'crosstenant.io/provision-now: <source user object id or UPN> provisions that one user at once and reports ' +
    'the result in status.provisionNow. With spec.groupSync it also provisions source security groups and keeps ' +
    'their memberships; crosstenant.io/provision-group-now: <source group object id> provisions that one group ' +
    'and its member references at once and reports the result in status.provisionGroupNow.',
  specSchema: SyncScopeSpecSchema,
  statusSchema: SyncScopeStatusSchema,
  columns: [
    { name: 'Mode', type: 'string', jsonPath: '.spec.mode', description: 'Enforce or DryRun.' },
    { name: 'In Scope', type: 'integer', jsonPath: '.status.counts.inScope', description: 'Users in scope.' },
    {
      name: 'Provisioned',
      type: 'integer',
      jsonPath: '.status.counts.provisioned',
      description: 'Target users managed by this SyncScope.',
    },
    { name: 'Failed', type: 'integer', jsonPath: '.status.counts.failed', description: 'Users failing.' },
    {
      name: 'Groups',
      type: 'integer',
      jsonPath: '.status.counts.groupsProvisioned',
      description: 'Target security groups managed by this SyncScope (spec.groupSync).',
      priority: 1,
    },
    {
      name: 'Source',
      type: 'string',
      jsonPath: '.spec.source.tenantLinkRef',
      description: 'Source TenantLink.',
      priority: 1,
    },
    {
      name: 'Target',
      type: 'string',
      jsonPath: '.spec.target.tenantLinkRef',
      description: 'Target TenantLink.',
      priority: 1,
    },
  ],
});

export type SyncScopeSpec = Static<typeof SyncScopeSpecSchema>;
export type SyncScopeStatus = Static<typeof SyncScopeStatusSchema>;
export type SyncScope = CustomResource<'SyncScope', SyncScopeSpec, SyncScopeStatus>;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];
