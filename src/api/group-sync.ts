import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Count, Obj, ObjectName, StringEnum, Uuid, cel, immutable } from './common.js';

/** Why a source group is not provisioned: reasons reported in status.groups.refused. */
export const GROUP_REFUSAL_REASONS = [
  'GroupNotFound',
  'NotSecurityGroup',
  'MailEnabledGroup',
  'MicrosoftGroup',
] as const;

function GroupDeprovisionAction(description: string) {
  return StringEnum(['Delete', 'Ignore'], {
    default: 'Delete',
    description:
      `${description} Delete deletes the target group (Graph keeps a deleted security group in ` +
      'deleted items for 30 days, where an administrator can restore it); Ignore leaves it as it is, no longer managed. Default Delete, as Entra removes the groups ' +
      'it created. Group deletes count against safety.deletionThreshold with the user deprovisions.',
  });
}

/** `SyncScope.spec.groupSync`: security groups provisioned into the target with their members. */
export const GroupSyncSchema = Obj(
  {
    assignedGroups: Type.Boolean({
      default: false,
      description:
        'Provision the groups of scope.groups themselves, as Entra does for the groups assigned to a ' +
        'configuration ("Sync only assigned users and groups"). Default false: they only put users in scope.',
    }),
    groupIds: Type.Optional(
      Type.Array(Uuid('Object id of a security group in the source tenant.'), {
        maxItems: 500,
        'x-kubernetes-list-type': 'set',
        description:
          'Further source security groups to provision, by object id. Their members are added only if they are ' +
          'in the user scope; a group adds no one to the user scope.',
      }),
    ),
    anchorAttribute: Type.String({
      maxLength: 256,
      pattern: '^extension_[0-9a-fA-F]{32}_[A-Za-z0-9_]+$',
      description:
        'Directory extension of the target tenant, registered with targetObjects [Group], that stores ' +
        '<source tenant id>:<source group id> on each group created, so that a restart finds them again. ' +
        'Groups have no onPremisesExtensionAttributes; register the extension on an application of the target ' +
        'tenant (POST /applications/{id}/extensionProperties). Cannot be changed.',
      ...immutable('groupSync.anchorAttribute', 'the groups already provisioned carry their anchor in it'),
    }),
    deprovision: Obj(
      {
        onOutOfScope: GroupDeprovisionAction(
          'What happens to the target group when its source group leaves groupSync (or scope.groups).',
        ),
        onSourceDeleted: GroupDeprovisionAction(
          'What happens to the target group when the source group is deleted.',
        ),
      },
      { default: {}, description: 'What happens to target groups whose source groups leave.' },
    ),
  },
  {
    description:
      'Security group synchronization: source security groups (static or dynamic membership) are created as ' +
      "static security groups in the target, and each one's members are the synchronized B2B counterparts of " +
      "the source group's direct members that are in the user scope. Nested groups are not members (as in " +
      'Entra). Microsoft 365, mail-enabled and non-security groups are refused and reported in status.groups.',
  },
);

/** CEL rules on `SyncScope.spec` for group synchronization, which needs assigned scoping as Entra does. */
export const GROUP_SYNC_RULES = cel(
  {
    rule:
      '!has(self.groupSync) || !(self.groupSync.assignedGroups || (has(self.groupSync.groupIds) && ' +
      'size(self.groupSync.groupIds) > 0)) || !(has(self.scope.allUsers) && self.scope.allUsers)',
    message:
      'groupSync needs scope.groups: as in Entra, groups are synchronized only with "Sync only assigned users ' +
      'and groups", not with allUsers',
  },
  {
    rule: "!has(self.groupSync) || self.engine != 'Entra'",
    message: 'groupSync is run by the operator engine only',
  },
)['x-kubernetes-validations'];

export type GroupSyncSpec = Static<typeof GroupSyncSchema>;
export type GroupRefusalReason = (typeof GROUP_REFUSAL_REASONS)[number];

const GroupFigures = (what: string) =>
  Obj(
    {
      created: Count(`Groups ${what} created.`),
      updated: Count(`Groups ${what} updated.`),
      deleted: Count(`Groups ${what} deleted.`),
      membersAdded: Count(`Members ${what} added.`),
      membersRemoved: Count(`Members ${what} removed.`),
    },
    {
      description: `Group writes ${what === 'that would be' ? 'the last DryRun cycle planned' : 'of the last cycle'}.`,
    },
  );

/** `SyncScope.status.groups`: what group synchronization found and did. */
export const GroupSyncStatusSchema = Obj(
  {
    inScope: Count('Source groups provisioned by groupSync that are security groups.'),
    provisioned: Count('Target groups created by this SyncScope and still present.'),
    failed: Count('Group writes that failed in the last cycle; retried next cycle.'),
    lastCycle: Type.Optional(GroupFigures('that were')),
    plan: Type.Optional(GroupFigures('that would be')),
    stagedDeletes: Type.Optional(
      Count(
        'Group deletes held because the deletion threshold was exceeded (see DeletionThresholdExceeded).',
      ),
    ),
    refused: Type.Optional(
      Type.Array(
        Obj(
          {
            sourceGroupId: Uuid('Object id of the refused source group.'),
            reason: StringEnum(GROUP_REFUSAL_REASONS, { description: 'Why it is not provisioned.' }),
            message: Type.String({ maxLength: 1024, description: 'What to do about it.' }),
          },
          { description: 'One source group not provisioned.' },
        ),
        { maxItems: 50, description: 'Source groups named by groupSync that are not provisioned, and why.' },
      ),
    ),
    synced: Type.Optional(
      Type.Array(
        Obj(
          {
            sourceGroupId: Uuid('Object id of the source group.'),
            targetGroupId: Uuid('Object id of its security group in the target.'),
            displayName: Type.String({ maxLength: 256, description: 'Display name in the target.' }),
            members: Count('Members of the target group.'),
          },
          { description: 'One synchronized group.' },
        ),
        {
          maxItems: 500,
          description:
            'The synchronized groups, by source id: AccessPackagePolicy and ReviewSchedule resolve a synced ' +
            'group from here.',
        },
      ),
    ),
  },
  { description: 'Security group synchronization (spec.groupSync).' },
);

export type GroupSyncStatus = Static<typeof GroupSyncStatusSchema>;

/** A group synchronized by a SyncScope, named by its source: governance resources resolve it to the target group. */
export const SyncedGroupRefSchema = Obj(
  {
    syncScopeRef: ObjectName(
      'Name of the SyncScope, in this namespace, whose groupSync provisions the group into this tenant.',
    ),
    sourceGroupId: Uuid('Object id of the group in the source tenant.'),
  },
  {
    description:
      'A security group synchronized from a source tenant, by the SyncScope and the source group id; the ' +
      "operator reads the target group's id from the SyncScope's status.groups.synced, so no target id is copied by hand.",
  },
);

export type SyncedGroupRef = Static<typeof SyncedGroupRefSchema>;
