import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import {
  Conditions,
  Count,
  DeletionPolicy,
  GraphId,
  Mode,
  Obj,
  ObjectName,
  ObservedGeneration,
  StringEnum,
  Suspend,
  Timestamp,
  Uuid,
  cel,
  immutable,
  deletionPolicyText,
  SUSPENDED_DELETION_TEXT,
} from './common.js';
import { SyncedGroupRefSchema } from './group-sync.js';
import { defineKind } from './kind.js';
import type { CustomResource } from './kind.js';

const WITH_ID = "['User', 'GroupMembers']";

const ReviewerSchema = Obj(
  {
    type: StringEnum(['Managers', 'GroupOwners', 'GroupMembers', 'User'], {
      description:
        "Who reviews: Managers (each reviewed user's manager), GroupOwners (owners of the reviewed group), " +
        'GroupMembers (members of a group) or User (one user).',
    }),
    id: Type.Optional(Uuid('Object id of the user or group, for User and GroupMembers.')),
  },
  {
    description: 'One reviewer.',
    ...cel({
      rule: `self.type in ${WITH_ID} ? has(self.id) : !has(self.id)`,
      messageExpression:
        `self.type in ${WITH_ID} ? 'reviewer of type ' + self.type + ' needs an id' : ` +
        "'reviewer of type ' + self.type + ' takes no id'",
    }),
  },
);

const FallbackReviewerSchema = Obj(
  {
    type: StringEnum(['GroupMembers', 'User'], { description: 'GroupMembers (members of a group) or User.' }),
    id: Uuid('Object id of the user or group.'),
  },
  { description: 'One fallback reviewer.' },
);

const INTERVAL_DAYS =
  "(self.interval == 'Weekly' ? 7 : self.interval == 'Monthly' ? 28 : self.interval == 'Quarterly' ? 90 : " +
  "self.interval == 'SemiAnnually' ? 180 : 365)";

/** `ReviewSchedule.spec`. */
export const ReviewScheduleSpecSchema = Obj(
  {
    tenantLinkRef: ObjectName('Name of the TenantLink of the tenant the review runs in. Cannot be changed.', {
      ...immutable('tenantLinkRef', 'create a new resource to work in another tenant'),
    }),
    displayName: Type.Optional(
      Type.String({ maxLength: 256, description: 'Display name of the review. Absent: the resource name.' }),
    ),
    description: Type.String({
      minLength: 1,
      maxLength: 1024,
      default: 'Recurring access review declared by a ReviewSchedule resource.',
      description:
        'Description shown to administrators and reviewers (Graph requires one; review mails show the first ' +
        '256 characters). Default: a sentence naming the ReviewSchedule kind.',
    }),
    scope: Obj(
      {
        group: Type.Optional(Uuid('Object id of a group whose members (transitive) are reviewed.')),
        syncedGroup: Type.Optional(SyncedGroupRefSchema),
        accessPackagePolicyRef: Type.Optional(
          ObjectName('Name of an AccessPackagePolicy in this namespace whose assignments are reviewed.'),
        ),
        principals: StringEnum(['All', 'Guests', 'Members', 'SyncedFrom'], {
          default: 'All',
          description:
            'Which users are reviewed: All (default), Guests, Members, or SyncedFrom (users synchronized ' +
            'from the TenantLinks listed in syncedFrom, selected by the sourceMarker that the AttributeMapping ' +
            'of each SyncScope from them declares; without one the resource reports ScopeUnsupported).',
        }),
        syncedFrom: Type.Optional(
          Type.Array(ObjectName('Name of a TenantLink of a source tenant.'), {
            maxItems: 50,
            'x-kubernetes-list-type': 'set',
            description: 'Source TenantLinks, with principals: SyncedFrom.',
          }),
        ),
      },
      {
        description:
          'What is reviewed: members of a group (by id, or a synchronized group by its source) or assignments of ' +
          'an access package.',
        ...cel(
          {
            rule:
              '(has(self.group) ? 1 : 0) + (has(self.syncedGroup) ? 1 : 0) + ' +
              '(has(self.accessPackagePolicyRef) ? 1 : 0) == 1',
            message: 'scope must set exactly one of group, syncedGroup or accessPackagePolicyRef',
          },
          {
            rule: "(self.principals == 'SyncedFrom') == (has(self.syncedFrom) && size(self.syncedFrom) > 0)",
            message: 'syncedFrom must list TenantLinks exactly when principals is SyncedFrom',
          },
          {
            // Graph's assignment query scope filters by package and policy only (see reviewScope).
            rule: "!has(self.accessPackagePolicyRef) || self.principals == 'All'",
            message:
              "an access package review covers all of the package's assignments: principals must be All " +
              "(narrow who is assigned with the package's policies instead)",
          },
        ),
      },
    ),
    reviewers: Type.Array(ReviewerSchema, {
      default: [],
      maxItems: 25,
      description: 'Reviewers. Empty: every reviewed user reviews their own access (self-review).',
    }),
    fallbackReviewers: Type.Optional(
      Type.Array(FallbackReviewerSchema, {
        maxItems: 25,
        description: 'Reviewers used when Managers or GroupOwners resolve to nobody.',
      }),
    ),
    recurrence: Obj(
      {
        startDate: Type.String({ format: 'date', maxLength: 10, description: 'First day, YYYY-MM-DD.' }),
        endDate: Type.Optional(
          Type.String({
            format: 'date',
            maxLength: 10,
            description: 'Last day, YYYY-MM-DD. Absent: no end.',
          }),
        ),
        interval: StringEnum(['Weekly', 'Monthly', 'Quarterly', 'SemiAnnually', 'Annually'], {
          default: 'Quarterly',
          description: 'How often a review instance starts. Default Quarterly.',
        }),
        every: Type.Integer({
          minimum: 1,
          maximum: 52,
          default: 1,
          description:
            'Start an instance every this many intervals, e.g. interval: Weekly, every: 2. Default 1.',
        }),
        durationInDays: Type.Integer({
          minimum: 1,
          maximum: 180,
          default: 14,
          description:
            'Days each instance stays open for decisions; shorter than the recurrence. Default 14.',
        }),
      },
      {
        description: 'When review instances start and how long they last.',
        ...cel(
          {
            rule: `self.durationInDays < self.every * ${INTERVAL_DAYS}`,
            message: 'durationInDays must be shorter than the recurrence period',
          },
          {
            rule: '!has(self.endDate) || self.endDate > self.startDate',
            message: 'endDate must be after startDate',
          },
        ),
      },
    ),
    decisions: Obj(
      {
        autoApply: Type.Boolean({
          default: false,
          description: 'Apply the decisions automatically when an instance ends (see onDeny). Default false.',
        }),
        defaultDecision: StringEnum(['Approve', 'Deny', 'Recommendation', 'None'], {
          default: 'None',
          description:
            'Decision taken for users nobody reviewed: Approve, Deny, Recommendation (follow the ' +
            'recommendation) or None (leave them not reviewed). Default None.',
        }),
        justificationRequired: Type.Boolean({
          default: true,
          description: 'Reviewers must justify an approval. Default true.',
        }),
        recommendations: Type.Boolean({
          default: true,
          description: 'Show reviewers recommendations based on sign-in activity. Default true.',
        }),
      },
      { default: {}, description: 'How decisions are made and applied.' },
    ),
    onDeny: StringEnum(['RemoveAccess', 'ExcludeFromSync'], {
      default: 'RemoveAccess',
      description:
        'What a Deny decision does: RemoveAccess (default) removes the group membership or assignment; ' +
        'ExcludeFromSync also takes a synchronized user out of the SyncScope that provisions them, so sync ' +
        'does not bring them back. With autoApply and RemoveAccess on users still in sync scope, the ' +
        'SyncConflict condition warns that sync would re-provision them.',
    }),
    mode: Mode(),
    suspend: Suspend(),
    deletionPolicy: DeletionPolicy(
      deletionPolicyText('the access review schedule definition') + SUSPENDED_DELETION_TEXT,
    ),
  },
  {
    description: 'The desired recurring access review.',
    ...cel({
      rule:
        "!has(self.reviewers) || !self.reviewers.exists(r, r.type == 'GroupOwners') || " +
        'has(self.scope.group) || has(self.scope.syncedGroup)',
      message: 'reviewers of type GroupOwners need scope.group or scope.syncedGroup',
    }),
  },
);

const DecisionCountsSchema = Obj(
  {
    approved: Count('Approved.'),
    denied: Count('Denied.'),
    notReviewed: Count('Not reviewed yet.'),
    dontKnow: Count("Reviewed as Don't know."),
  },
  { description: 'Decisions by result.' },
);

/** `ReviewSchedule.status`. */
export const ReviewScheduleStatusSchema = Obj(
  {
    observedGeneration: ObservedGeneration(),
    conditions: Conditions(),
    definitionId: Type.Optional(GraphId('Id of the access review schedule definition.')),
    currentInstance: Type.Optional(
      Obj(
        {
          id: GraphId('Id of the instance.'),
          status: Type.String({ maxLength: 64, description: 'Status reported by Graph, e.g. InProgress.' }),
          startTime: Type.Optional(Timestamp('When the instance started.')),
          endTime: Type.Optional(Timestamp('When the instance ends.')),
          decisions: Type.Optional(DecisionCountsSchema),
        },
        { description: 'The most recent review instance.' },
      ),
    ),
    lastApplied: Type.Optional(
      Obj(
        {
          instanceId: GraphId('Id of the instance whose decisions were applied.'),
          time: Timestamp('When they were applied.'),
          removed: Count('Users whose access was removed.'),
          excludedFromSync: Count('Users excluded from synchronization.'),
          failed: Count('Decisions that could not be applied.'),
        },
        {
          description: 'Results of the last applied decisions.',
        },
      ),
    ),
  },
  { description: 'The review as Graph reports it.' },
);

/** The ReviewSchedule kind. */
export const reviewScheduleDefinition = defineKind({
  kind: 'ReviewSchedule',
  plural: 'reviewschedules',
  shortName: 'rvs',
  description:
    'ReviewSchedule declares a recurring Entra access review in one tenant: of the members of a group or of ' +
    "an access package's assignments, optionally only of users synchronized from given tenants. Denied " +
    'users can also be excluded from synchronization so that sync does not re-provision them.',
  specSchema: ReviewScheduleSpecSchema,
  statusSchema: ReviewScheduleStatusSchema,
  columns: [
    {
      name: 'Instance',
      type: 'string',
      jsonPath: '.status.currentInstance.status',
      description: 'Status of the current instance.',
    },
    {
      name: 'Denied',
      type: 'integer',
      jsonPath: '.status.currentInstance.decisions.denied',
      description: 'Denied in the current instance.',
    },
  ],
});

export type ReviewScheduleSpec = Static<typeof ReviewScheduleSpecSchema>;
export type ReviewScheduleStatus = Static<typeof ReviewScheduleStatusSchema>;
export type ReviewSchedule = CustomResource<'ReviewSchedule', ReviewScheduleSpec, ReviewScheduleStatus>;
