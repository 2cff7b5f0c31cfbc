// The conditions and Events of the SyncScope controller.
import { condition, event, ready } from './entries.js';
import { linkUnusable, SUSPENDED } from './shared.js';

/** The reasons Graph documents for a synchronization job's quarantine (synchronizationQuarantine.reason). */
export const ENTRA_QUARANTINE_REASONS = [
  'EncounteredBaseEscrowThreshold',
  'EncounteredTotalEscrowThreshold',
  'EncounteredEscrowProportionThreshold',
  'EncounteredQuarantineException',
  'Unknown',
  'QuarantinedOnDemand',
  'TooManyDeletes',
  'IngestionInterrupted',
] as const;

/** What the SyncScope controller reports. */
export const syncScopeReasons = {
  conditions: [
    ready('True', 'Synced', 'The last cycle completed; the message gives users provisioned and in scope.'),
    ready(
      'Unknown',
      'Provisioning',
      'A large initial sync is under way. During a cycle that creates more users than it applies at once ' +
        '(2,000), the message says how many of how many are done, updated as it goes; a cycle plans at most ' +
        '10,000 creates, and after it the message says how many are left for the next cycles, which follow ' +
        'at once. With `Reconciling=True`, so Argo CD and Flux show the SyncScope progressing.',
    ),
    ready(
      'Unknown',
      'Syncing',
      'A cycle is running for a SyncScope that was not Ready (its first cycle, or the first after a failure); ' +
        'the message says when it started. With `Reconciling=True`; a Ready SyncScope keeps `Synced` while ' +
        'its cycles run.',
    ),
    ready(
      'True',
      'DryRun',
      '`spec.mode: DryRun`: the last cycle planned without writing; see `status.plan`.',
    ),
    SUSPENDED,
    ...linkUnusable(
      'The source or target TenantLink (retried every 15 s), or the AttributeMapping named by ' +
        '`spec.attributeMappingRef` (Stalled),',
    ),
    ready(
      'False',
      'MappingInvalid',
      'The AttributeMapping does not compile; the message gives the target, line and column. Stalled.',
    ),
    ready(
      'False',
      'GroupNotSupported',
      '`spec.groupSync` names a group that is not synchronized: a Microsoft 365, mail-enabled or ' +
        'distribution group (only security groups are); `status.groups.refused` lists them. Users and the ' +
        'other groups go on being synchronized.',
    ),
    ready(
      'False',
      'ScopeInvalid',
      'A scoping filter cannot run: a regular expression the linear-time engine refuses (look-ahead, ' +
        'backreferences, `\\b`, ...) or a clause without its value; the message names the clause and the ' +
        'character. Checked before any cycle, so nothing is read or written. Stalled.',
    ),
    ready(
      'False',
      'MappingSuspended',
      'The referenced AttributeMapping has `spec.suspend: true`: no reads, no writes until it is resumed.',
    ),
    ready(
      'False',
      ['InvitationsRestricted', 'B2BCollaborationBlocked', 'AutomaticRedemptionMissing'],
      'Preflight, before the first cycle and every 5 minutes: a setting in the source or target tenant would ' +
        "block the operator's invitations or leave synchronized users behind a consent prompt: the target " +
        'lets only administrators (or nobody) invite, B2B collaboration does not allow all users of the pair ' +
        '(target inbound, source outbound), or automatic redemption is off (target inbound, source outbound). ' +
        'The message names each setting and tenant; change it (a TenantRelationship can) and the SyncScope ' +
        'proceeds at its next check. Nothing is written meanwhile. Stalled.',
    ),
    ready(
      'False',
      'AnchorAttributeMissing',
      'Preflight, with the same timing: `spec.anchorAttribute` is a directory extension ' +
        '(`extension_<appId>_<name>`) that the target tenant does not have registered for users, as ' +
        '`getAvailableExtensionProperties` lists them; the message says which and how to register it. Nothing ' +
        'is invited until it exists. Stalled.',
    ),
    ready(
      'False',
      'PermissionsMissing',
      'Preflight: Graph answered 403 reading the cross-tenant access settings (the app lacks ' +
        '`Policy.Read.All` in one of the tenants; see [permissions](../permissions.md)). Stalled.',
    ),
    ready(
      'False',
      'GraphRequestFailed',
      "Preflight: another Graph error reading the cross-tenant access settings; the message carries Graph's " +
        'code and request id. Retried every 15 s.',
    ),
    ready(
      'False',
      'OverlappingSyncScope',
      'An older SyncScope in this namespace already syncs the same source tenant into the same target ' +
        "(through any TenantLinks); two would deprovision each other's users, so this one does nothing. Merge " +
        'its groups and filters into the other and delete it: with `deletionPolicy: Delete` its deletion ' +
        'leaves the users to the other. DryRun scopes never overlap. Stalled.',
    ),
    ready(
      'False',
      'CycleFailed',
      'A whole cycle failed (a Graph or network error); retried after twice, then four times, the interval.',
    ),
    ready(
      'False',
      'Quarantined',
      'Three cycles in a row failed, or too many users failed in one; see the Quarantined condition.',
    ),
    ready(
      'False',
      'Disabled',
      'The SyncScope was in quarantine for four weeks, as Entra disables a provisioning job, and no longer ' +
        'runs; the Quarantined condition keeps the last error. Fix the cause, then set the annotation ' +
        '`crosstenant.io/restart-job` (any value): the quarantine is cleared, a cycle runs at once and the ' +
        'annotation is removed. A change to the spec does the same. Stalled.',
    ),
    ready(
      'False',
      'DeletionThresholdExceeded',
      'The cycle planned more deprovisions than `spec.safety.deletionThreshold`; all of them are held. Stalled.',
    ),
    condition('Synced', 'True', 'Synced', 'Every user in scope is in sync.'),
    condition(
      'Synced',
      'False',
      'UsersFailed',
      'Some users failed (`status.failures`); each is retried with back-off from 30 s up to 6 h.',
    ),
    condition(
      'DeletionThresholdExceeded',
      'True',
      'DeletionThresholdExceeded',
      'Deprovisions are held (`status.stagedDeprovisions`) until the annotation ' +
        '`crosstenant.io/approve-deletions` is set.',
    ),
    condition(
      'DeletionThresholdExceeded',
      'True',
      'TooManyDeletes',
      "`engine: Entra`: Entra's job held back deletions past its accidental-deletion threshold (its " +
        'quarantine reason TooManyDeletes); allow them in the Entra admin center, or undo their cause and set ' +
        '`crosstenant.io/restart-job`.',
    ),
    condition(
      'DeletionThresholdExceeded',
      'False',
      'WithinThreshold',
      "The last cycle's deprovisions were within the threshold.",
    ),
    condition(
      'Quarantined',
      'True',
      'EncounteredQuarantineException',
      'Three cycles in a row failed as a whole. Cycles are tried again 6 h, 12 h and 24 h after the ' +
        "quarantine began (the condition's lastTransitionTime), then daily, and the SyncScope is Disabled " +
        'after four weeks in quarantine; the message gives the error and the next try. Any change to the ' +
        'SyncScope (spec, labels, annotations) or its AttributeMapping tries at once.',
    ),
    condition(
      'Quarantined',
      'True',
      'EncounteredEscrowProportionThreshold',
      "Entra's escrow threshold: in one cycle at least 5,000 users failed and they were more than 40 % of " +
        'those tried, or more than 40,000 failed. Retried like the reason above; the message gives the ' +
        'count and the first failure. Not in DryRun.',
    ),
    condition('Quarantined', 'False', 'Healthy', 'The last cycle succeeded.'),
    ready(
      'True',
      'InitialCycle',
      "`engine: Entra`: Entra's job is started and its initial cycle has not completed yet.",
    ),
    ready(
      'False',
      'JobNotRunning',
      "`engine: Entra`: Entra's job is paused or disabled although the SyncScope is not suspended; the " +
        'operator starts it again.',
    ),
    ready(
      'False',
      'SyncNotAllowed',
      "`engine: Entra`: the target tenant's identity synchronization policy for the source says " +
        '`userSyncInbound.isSyncAllowed` is not true (the operator creates the policy only where there is ' +
        'none, and never overrides one); allow it, for instance in a TenantRelationship.',
    ),
    ready(
      'False',
      'ScopingOperatorUnsupported',
      "`engine: Entra`: a scoping filter uses an operator the job's schema does not list " +
        '(`schema/filterOperators`); the message names it and the ones listed. Nothing is written. Stalled.',
    ),
    ready(
      'False',
      'MappingFunctionUnsupported',
      "`engine: Entra`: a mapping expression calls a function the job's schema does not list " +
        '(`schema/functions`), or with another number of arguments. Nothing is written. Stalled.',
    ),
    ready(
      'False',
      'EngineSwitching',
      "Back from `engine: Entra`: Entra's job must be paused before the Operator engine writes, and the " +
        'source TenantLink cannot be used yet; retried every 15 s.',
    ),
    ready(
      'False',
      'EntraRequestFailed',
      "`engine: Entra`: a Graph call configuring or reading Entra's synchronization failed; retried every minute.",
    ),
    condition(
      'Quarantined',
      'True',
      ENTRA_QUARANTINE_REASONS,
      "`engine: Entra`: Entra put the job in quarantine; the reason is Entra's own " +
        '(EncounteredQuarantineException, EncounteredEscrowProportionThreshold, QuarantinedOnDemand, ...; ' +
        "Unknown for one Graph's documentation does not list) and the message its error. Fix the " +
        "cause and set `crosstenant.io/restart-job`, or wait for Entra's next attempt.",
    ),
  ],
  events: [
    event('UserCreated', 'Normal', 'A cycle that touched 3 users or fewer provisioned this one.'),
    event(
      'GroupCreated',
      'Normal',
      '`spec.groupSync`: a security group created in the target, with its members.',
    ),
    event('GroupCreateFailed', 'Warning', 'Same, when Graph refused the create; retried next cycle.'),
    event(
      'GroupDeleted',
      'Normal',
      'A target group deleted because its source group was deleted or left `spec.groupSync`.',
    ),
    event('GroupDeleteFailed', 'Warning', 'Same, when Graph refused the delete; retried next cycle.'),
    event('UserUpdated', 'Normal', 'Same, for an update; the message names the attributes.'),
    event(
      'UserDeprovisioned',
      'Normal',
      'Same, for a disable or delete, with why: out of scope, deleted or disabled in the source, or denied ' +
        'in an access review (naming the ReviewSchedule).',
    ),
    event('UserRestored', 'Normal', 'Same, for a soft-deleted user back in scope.'),
    event('UserSyncFailed', 'Warning', "Same, for an action Graph refused; Graph's error."),
    event(
      'Synced',
      'Normal',
      'A cycle that touched more users: the counts (Warning when some failed), and how many deprovisions ' +
        'each ReviewSchedule caused.',
    ),
    event(
      'UsersDeleted',
      'Normal',
      'Deleted with `deletionPolicy: Delete`: how many target users it soft-deleted.',
    ),
    event(
      'UsersNotDeleted',
      'Warning',
      'Same, when Graph refused some deletes; the finalizer stays and the deletion is tried again.',
    ),
    event(
      'GroupsDeleted',
      'Normal',
      'Deleted with `deletionPolicy: Delete` and `spec.groupSync`: how many target groups it deleted (for good: ' +
        'security groups cannot be restored).',
    ),
    event(
      'GroupsNotDeleted',
      'Warning',
      'Same, when Graph refused some group deletes; the finalizer stays and the deletion is tried again.',
    ),
    event(
      'ProvisionedOnDemand',
      'Normal',
      'A provision-now (user) or provision-group-now (group) request was carried out, or planned in DryRun; ' +
        'the message starts with the user, or `group <id>`, and says what was done.',
    ),
    event(
      'ProvisionOnDemandFailed',
      'Warning',
      'The provision-now user or the provision-group-now group was not found, is not in scope or refused, ' +
        'its mapping failed, or Graph refused a write; `status.provisionNow` or `status.provisionGroupNow` ' +
        'has the whole report.',
    ),
    event(
      'EntraConfigured',
      'Normal',
      "`engine: Entra`: the operator wrote to Entra's configuration (created it or the job, wrote the " +
        'secrets, updated the job schema, changed assignments); the message lists what.',
    ),
    event(
      'EngineSwitched',
      'Normal',
      '`spec.engine` changed. To Entra: the users the Operator engine provisioned stay in place ' +
        "(`status.entra.operatorUsersLeft`). Back to Operator: Entra's job is paused, its configuration kept.",
    ),
    event(
      'EntraSynchronized',
      'Normal',
      "`engine: Entra`: Entra's provisioning log has new entries; the message counts them by action.",
    ),
    event(
      'UserFailed',
      'Warning',
      "`engine: Entra`: a user's entry in Entra's provisioning log failed, with Entra's reason.",
    ),
  ],
};
