import { Type } from '@sinclair/typebox';
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
    provisionNow: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        'x-kubernetes-preserve-unknown-fields': true,
        description:
          'Result of the last on-demand provisioning requested with the crosstenant.io/provision-now ' +
          'annotation: scope evaluation, each attribute with its source value and result, and the action taken.',
      }),
    ),
  },
  { description: 'Observed state of the synchronization.' },
);
