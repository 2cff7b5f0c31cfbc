// The reports of on-demand provisioning: the attribute report both annotations share, and the report of
// crosstenant.io/provision-group-now (status.provisionGroupNow). The user report stays in sync-scope-status.ts.
import { Type, type Static } from '@sinclair/typebox';
import { Count, Obj, StringEnum, Timestamp } from './common.js';
import type { GroupRefusalReason } from './group-sync.js';

/** A bounded string of a report. */
export function Text(description: string, maxLength = 1024) {
  return Type.String({ maxLength, description });
}

/** One mapped attribute of an on-demand provisioning: source values, mapping, result. */
export const ProvisionNowAttributeSchema = Obj(
  {
    target: Text('Target attribute.', 256),
    mapping: Text('The mapping: [source], a constant, or the expression.'),
    sources: Type.Array(
      Obj(
        {
          attribute: Text('Source attribute the mapping read.', 256),
          value: Type.Optional(Text('Its value; absent when null.')),
        },
        { description: 'One source value.' },
      ),
      { maxItems: 16, description: 'Source attributes the mapping read, with their values.' },
    ),
    result: Type.Optional(Text('What the mapping gave; absent when null.')),
    current: Type.Optional(
      Text("The target object's value before; absent when null or when there is no target object."),
    ),
    flow: StringEnum(['Changed', 'Unchanged', 'Skipped', 'Failed'], {
      description:
        'Changed (written, or to write), Unchanged, Skipped (OnCreate on an update, ' +
        'IgnoreFlowIfNullOrEmpty, or an object that is not written: out of scope, excluded, deprovisioned or ' +
        'failed) or Failed (the expression failed).',
    }),
    error: Type.Optional(Text('Why the expression failed.')),
  },
  { description: 'One attribute: source values, mapping, result.' },
);

/** Outcomes of an on-demand group provisioning. */
export const PROVISION_GROUP_NOW_RESULTS = [
  'Succeeded',
  'Failed',
  'DryRun',
  'GroupNotFound',
  'NotInScope',
  'GroupNotSupported',
] as const;

/** Why a group is or is not provisioned: in scope, not named by groupSync, or refused for its type. */
export const GROUP_SCOPE_REASONS = [
  'InScope',
  'NotInGroupSync',
  'NotSecurityGroup',
  'MailEnabledGroup',
  'MicrosoftGroup',
] as const satisfies readonly (GroupRefusalReason | 'InScope' | 'NotInGroupSync')[];

/** Why a direct member of the source group is not a member of the target group. */
export const MEMBER_SKIP_REASONS = ['NotInUserScope', 'NotSynchronized', 'NestedGroup', 'NotAUser'] as const;

const REPORTED = 50;
const ObjectId = (description: string) => Text(description, 64);

/** `SyncScope.status.provisionGroupNow`: the report of the last provision-group-now request. */
export const ProvisionGroupNowSchema = Obj(
  {
    group: Text('The annotation value: a source group object id.', 256),
    time: Timestamp('When it ran.'),
    result: StringEnum(PROVISION_GROUP_NOW_RESULTS, {
      description:
        'Succeeded (written, or nothing to do), Failed (a mapping or a Graph write failed), DryRun (planned, ' +
        'nothing written), GroupNotFound, NotInScope (groupSync does not name it) or GroupNotSupported (not a ' +
        'security group, or mail-enabled, or a Microsoft 365 group).',
    }),
    message: Text('What happened, in a sentence.'),
    sourceGroup: Type.Optional(
      Obj(
        {
          id: ObjectId('Object id.'),
          displayName: Type.Optional(Text('Display name.', 256)),
        },
        { description: 'The source group found.' },
      ),
    ),
    scope: Type.Optional(
      Obj(
        {
          inScope: Type.Boolean({ description: 'Whether spec.groupSync provisions the group.' }),
          reason: StringEnum(GROUP_SCOPE_REASONS, {
            description:
              'InScope; NotInGroupSync (neither groupSync.groupIds nor, with groupSync.assignedGroups, ' +
              'scope.groups names it); or why its type is refused.',
          }),
          message: Text('The decision in a sentence.'),
        },
        { description: 'Scope evaluation of the group.' },
      ),
    ),
    action: StringEnum(['create', 'update', 'none'], {
      description:
        'create (a new security group), update (attributes or members changed) or none. Provision-now never ' +
        'deletes a group.',
    }),
    targetGroup: Type.Optional(ObjectId('Object id of the security group in the target, when one exists.')),
    attributes: Type.Array(ProvisionNowAttributeSchema, {
      maxItems: 32,
      description: 'Every mapped group attribute.',
    }),
    members: Type.Optional(
      Obj(
        {
          direct: Count('Direct members of the source group (users, groups and other objects).'),
          desired: Count(
            'Members the target group should have: the synchronized counterparts of the users in the user scope.',
          ),
          added: Type.Array(ObjectId('Target user object id.'), {
            maxItems: REPORTED,
            description: `Members added (to add, in DryRun); the first ${REPORTED}.`,
          }),
          addedCount: Count('Members added, or to add in DryRun.'),
          removed: Type.Array(ObjectId('Target object id.'), {
            maxItems: REPORTED,
            description: `Members removed (to remove, in DryRun); the first ${REPORTED}.`,
          }),
          removedCount: Count('Members removed, or to remove in DryRun.'),
          skipped: Type.Array(
            Obj(
              {
                sourceMember: ObjectId('Object id of the member in the source.'),
                reason: StringEnum(MEMBER_SKIP_REASONS, {
                  description:
                    'NotInUserScope (the last cycle found the user out of scope), NotSynchronized (no target ' +
                    'user yet: provision the user first, or wait for the next cycle), NestedGroup (nested ' +
                    'groups are not synchronized, as in Entra) or NotAUser (a device or service principal).',
                }),
              },
              { description: 'One source member that is not a member in the target.' },
            ),
            { maxItems: REPORTED, description: `Source members left out, and why; the first ${REPORTED}.` },
          ),
          skippedCount: Count('Source members left out.'),
        },
        { description: 'The membership: what was (or would be) added and removed, and who was left out.' },
      ),
    ),
    graph: Type.Optional(
      Obj(
        {
          ok: Type.Boolean({ description: 'Whether Graph accepted every write.' }),
          writes: Count('Writes sent.'),
          failed: Count('Writes Graph refused.'),
          results: Type.Array(
            Obj(
              {
                write: Text('The write: create, update, addMember <id> or removeMember <id>.', 128),
                ok: Type.Boolean({ description: 'Whether Graph accepted it.' }),
                error: Type.Optional(Text("Graph's error, when it failed.")),
              },
              { description: "One write and Graph's answer." },
            ),
            {
              maxItems: REPORTED,
              description: `Graph's answer per write, failures first; the first ${REPORTED}.`,
            },
          ),
        },
        { description: 'The outcome of the writes; absent when nothing was written.' },
      ),
    ),
  },
  {
    description:
      'Result of the last on-demand group provisioning requested with the crosstenant.io/provision-group-now ' +
      'annotation: scope evaluation, each mapped attribute, the action, the member references added and ' +
      "removed, the members left out and why, and Graph's answer per write.",
  },
);

/** `SyncScope.status.provisionGroupNow`. */
export type ProvisionGroupNowStatus = Static<typeof ProvisionGroupNowSchema>;
