import { Type, type Static } from '@sinclair/typebox';
import {
  Conditions,
  Count,
  Obj,
  ObjectName,
  ObservedGeneration,
  StringEnum,
  Timestamp,
  Uuid,
} from './common.js';
import { GroupSyncStatusSchema } from './group-sync.js';
import { ProvisionGroupNowSchema, ProvisionNowAttributeSchema, Text } from './provision-now.js';
import { EntraStatusSchema } from './sync-scope-entra.js';

/** Actions of the sync planner, named as in Entra's provisioning logs. */
export const SYNC_ACTIONS = ['create', 'update', 'deprovision', 'restore'] as const;

function UserRef(description: string) {
  return Type.String({ maxLength: 256, description });
}

function Action(description: string) {
  return StringEnum(SYNC_ACTIONS, { description });
}

const SOURCE_USER = 'Source user: object id, followed by the UPN in parentheses when known.';
const TARGET_USER = 'Target user object id, when one exists.';

const PlannedActionSchema = Obj(
  {
    action: Action('What would be done.'),
    sourceUser: UserRef(SOURCE_USER),
    targetUser: Type.Optional(UserRef(TARGET_USER)),
    changes: Type.Optional(
      Type.Array(
        Obj(
          {
            attribute: Type.String({ maxLength: 256, description: 'Target attribute.' }),
            from: Type.Optional(Type.String({ maxLength: 1024, description: 'Current target value.' })),
            to: Type.Optional(Type.String({ maxLength: 1024, description: 'Value it would get.' })),
          },
          { description: 'One attribute change.' },
        ),
        { maxItems: 64, description: 'Attribute changes of a create or update.' },
      ),
    ),
  },
  { description: 'One planned action.' },
);

/** Reasons of a scope decision: in scope, or the first test the user failed. */
export const SCOPE_REASONS = [
  'InScope',
  'NotInternalMember',
  'NotAssigned',
  'FilteredOut',
  'Excluded',
] as const;
/** Outcomes of an on-demand provisioning. */
export const PROVISION_NOW_RESULTS = ['Succeeded', 'Failed', 'DryRun', 'UserNotFound'] as const;

const ProvisionNowScopeSchema = Obj(
  {
    inScope: Type.Boolean({ description: 'Whether the user is in scope.' }),
    reason: StringEnum(SCOPE_REASONS, { description: 'InScope, or the first test the user failed.' }),
    message: Text('The decision in a sentence.'),
    internalMember: Obj(
      {
        passed: Type.Boolean({ description: 'The user is an internal member (no guest, no B2B user).' }),
        message: Type.Optional(Text('Why not, when it did not pass.')),
      },
      { description: 'Only internal members of the source tenant are synchronized.' },
    ),
    assignedGroup: Type.Optional(
      Obj(
        {
          passed: Type.Boolean({ description: 'The user is a member of an assigned group.' }),
          membership: StringEnum(['Direct', 'Transitive'], { description: 'Which membership counts.' }),
          groups: Type.Array(Text('Object id of an assigned group the user is a member of.', 64), {
            maxItems: 50,
            description: 'The assigned groups the user is a member of.',
          }),
        },
        { description: 'Assignment through groups; absent when the scope is allUsers.' },
      ),
    ),
    filters: Type.Array(
      Obj(
        {
          filter: Type.Integer({
            minimum: 0,
            description: 'Index of the scoping filter (filters are ORed).',
          }),
          attribute: Text('Source attribute.', 256),
          operator: Text('Operator.', 64),
          value: Type.Optional(Text('Value the clause compares with.')),
          actual: Type.Optional(Text("The user's value; absent when null.")),
          passed: Type.Boolean({ description: 'Whether the clause held (clauses of a filter are ANDed).' }),
        },
        { description: 'One scoping filter clause.' },
      ),
      { maxItems: 64, description: 'Every scoping filter clause with its result.' },
    ),
    excludedBy: Type.Optional(
      ObjectName('ReviewSchedule whose denial (onDeny: ExcludeFromSync) keeps the user out.'),
    ),
  },
  { description: 'Scope evaluation, each test reported even after one failed.' },
);

const ProvisionNowSchema = Obj(
  {
    user: Text('The annotation value: a source user object id or UPN.', 256),
    time: Timestamp('When it ran.'),
    result: StringEnum(PROVISION_NOW_RESULTS, {
      description:
        'Succeeded (written, or nothing to do), Failed, DryRun (planned, nothing written) or UserNotFound.',
    }),
    message: Text('What happened, in a sentence.'),
    sourceUser: Type.Optional(
      Obj(
        {
          id: Text('Object id.', 64),
          userPrincipalName: Type.Optional(Text('UPN.', 256)),
        },
        { description: 'The source user found.' },
      ),
    ),
    scope: Type.Optional(ProvisionNowScopeSchema),
    action: StringEnum([...SYNC_ACTIONS, 'none'], { description: 'The action planned for the user.' }),
    targetUser: Type.Optional(UserRef(TARGET_USER)),
    attributes: Type.Array(ProvisionNowAttributeSchema, {
      maxItems: 128,
      description: 'Every mapped attribute.',
    }),
    graph: Type.Optional(
      Obj(
        {
          ok: Type.Boolean({ description: 'Whether Graph accepted every write.' }),
          message: Type.Optional(Text('The Graph error, when it failed.')),
        },
        { description: 'The outcome of the writes; absent when nothing was written.' },
      ),
    ),
  },
  {
    description:
      'Result of the last on-demand provisioning requested with the crosstenant.io/provision-now ' +
      'annotation: scope evaluation, each attribute with its source values and result, and the action taken.',
  },
);

const QuotaSchema = Obj(
  {
    windowSeconds: Count("Length of the window the figures cover: the target's write quota window."),
    writes: Count('Writes into the target tenant this SyncScope was let through in the window.'),
    tenantWrites: Count(
      'Writes into the target tenant the operator let through in the window for every writer using the same app (SyncScopes and governance resources).',
    ),
    sharePercent: Type.Integer({
      minimum: 0,
      maximum: 100,
      description: 'writes as a percentage of tenantWrites (0 when nothing was written).',
    }),
  },
  {
    description:
      "How much of the target tenant's write quota this SyncScope gets. Writes of all SyncScopes into one tenant share one queue: deprovisions and disables first, then updates, then creates, and fair shares between SyncScopes within each.",
  },
);

/** `SyncScope.status`. */
export const SyncScopeStatusSchema = Obj(
  {
    observedGeneration: ObservedGeneration(),
    conditions: Conditions(),
    counts: Type.Optional(
      Obj(
        {
          inScope: Count('Source users currently in scope.'),
          provisioned: Count('Target users created or adopted by this SyncScope and still present.'),
          pendingCreate: Count('In-scope users not yet created in the target.'),
          pendingUpdate: Count('Target users whose attributes differ from what the mapping gives.'),
          pendingDeprovision: Count('Target users waiting to be deprovisioned (including staged ones).'),
          failed: Count('Users whose last action failed and waits for a retry.'),
          pendingInvitations: Type.Optional(
            Count('Target users this SyncScope invited that have not redeemed the invitation yet.'),
          ),
          groupsInScope: Type.Optional(
            Count('Source security groups spec.groupSync provisions; absent without groupSync.'),
          ),
          groupsProvisioned: Type.Optional(
            Count(
              'Target security groups this SyncScope created and still present; absent without groupSync.',
            ),
          ),
        },
        {
          description: 'Current figures of this SyncScope.',
        },
      ),
    ),
    lastCycle: Type.Optional(
      Obj(
        {
          kind: StringEnum(['Initial', 'Incremental', 'Full'], {
            description: 'Initial (first full read), Incremental (delta) or Full (periodic full resync).',
          }),
          startTime: Timestamp('When the cycle started.'),
          endTime: Type.Optional(Timestamp('When the cycle ended; absent while it runs.')),
          created: Count('Users created.'),
          updated: Count('Users updated.'),
          deprovisioned: Count('Users disabled or deleted.'),
          restored: Count('Soft-deleted users restored.'),
          failed: Count('Actions that failed.'),
          graphRequests: Count('Microsoft Graph requests made.'),
          throttled: Count('Requests Graph throttled (HTTP 429).'),
        },
        {
          description: 'The most recent synchronization cycle.',
        },
      ),
    ),
    plan: Type.Optional(
      Obj(
        {
          creates: Count('Users that would be created.'),
          updates: Count('Users that would be updated.'),
          deprovisions: Count('Users that would be deprovisioned.'),
          restores: Count('Users that would be restored.'),
          sample: Type.Array(PlannedActionSchema, {
            maxItems: 50,
            description: 'The first planned actions.',
          }),
        },
        {
          description: 'What the last cycle would have written, reported in DryRun mode.',
        },
      ),
    ),
    stagedDeprovisions: Type.Optional(
      Obj(
        {
          count: Count('Deprovisions held back.'),
          sample: Type.Array(
            Obj(
              {
                sourceUser: UserRef(SOURCE_USER),
                targetUser: UserRef('Target user object id.'),
                action: StringEnum(['Disable', 'SoftDelete', 'Delete'], { description: 'The held action.' }),
              },
              { description: 'One held deprovision.' },
            ),
            { maxItems: 50, description: 'The first held deprovisions.' },
          ),
        },
        {
          description:
            'Deprovisions held because they exceed spec.safety.deletionThreshold; set the annotation ' +
            'crosstenant.io/approve-deletions to release them.',
        },
      ),
    ),
    failures: Type.Optional(
      Type.Array(
        Obj(
          {
            sourceUser: UserRef(SOURCE_USER),
            action: Action('The action that failed.'),
            message: Type.String({
              maxLength: 1024,
              description: 'Why it failed (Graph error code and text).',
            }),
            attempts: Type.Integer({ minimum: 1, description: 'Attempts so far.' }),
            nextRetryTime: Timestamp('When it is tried again.'),
          },
          {
            description: 'One user whose last action failed.',
          },
        ),
        { maxItems: 50, description: 'Latest failures, one per user, most recent first (at most 50).' },
      ),
    ),
    sourceDeltaLink: Type.Optional(
      Type.String({
        maxLength: 16384,
        description: 'Delta cursor of the source read; cleared to force a full read.',
      }),
    ),
    groupsDeltaLink: Type.Optional(
      Type.String({
        maxLength: 16384,
        description:
          "Delta cursor of the assigned groups' membership (members@delta; the first one when more than " +
          '50 groups are read in several queries); direct membership only.',
      }),
    ),
    targetDeltaLink: Type.Optional(
      Type.String({
        maxLength: 16384,
        description: 'Delta cursor of the target index; cleared to force a full read.',
      }),
    ),
    exclusions: Type.Optional(
      Type.Array(
        Obj(
          {
            sourceUserId: Uuid('Object id of the excluded source user.'),
            reviewSchedule: ObjectName('ReviewSchedule whose denied decision excluded the user.'),
            since: Timestamp('When the user was excluded.'),
          },
          { description: 'One excluded user.' },
        ),
        {
          maxItems: 5000,
          description:
            'Source users kept out of scope because an access review with onDeny: ExcludeFromSync denied them.',
        },
      ),
    ),
    invitationsInFlight: Type.Optional(
      Type.Array(
        Obj(
          {
            sourceUser: Type.String({ maxLength: 64, description: 'Object id of the source user.' }),
            email: Type.String({ maxLength: 320, description: 'The address invited.' }),
            since: Timestamp('When the invitation was recorded, just before it was sent.'),
          },
          { description: 'One invitation sent, or about to be, for a source user.' },
        ),
        {
          maxItems: 1000,
          description:
            'Invitations recorded before they were sent and whose user does not carry its anchor yet. After a ' +
            'restart the operator finishes these creates, and only these: an unanchored user at an address it ' +
            'did not record is never taken over without adoptExisting.',
        },
      ),
    ),
    provisionNow: Type.Optional(ProvisionNowSchema),
    provisionGroupNow: Type.Optional(ProvisionGroupNowSchema),
    entra: Type.Optional(EntraStatusSchema),
    quota: Type.Optional(QuotaSchema),
    groups: Type.Optional(GroupSyncStatusSchema),
  },
  { description: 'Observed state of the synchronization.' },
);

/** `SyncScope.status.provisionNow`. */
export type ProvisionNowStatus = Static<typeof ProvisionNowSchema>;
