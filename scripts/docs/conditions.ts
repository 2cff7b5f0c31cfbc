// The conditions each kind's controller sets, for the reference. The schemas cannot say this (a condition
// is a free-form list entry), so it is written here from src/controllers; test/packaging/docs.test.ts
// checks that every reason a controller sets is listed.
import type { KindName } from '../../src/api/index.js';
import { APPROVE_DELETIONS_ANNOTATION, PROVISION_NOW_ANNOTATION } from '../../src/api/index.js';
import { GOVERNANCE_FINALIZER } from '../../src/controllers/governance-reconcile.js';
import { SYNC_SCOPE_FINALIZER } from '../../src/controllers/sync-scope/controller.js';
import { RESTART_JOB_ANNOTATION } from '../../src/controllers/sync-scope-entra/controller.js';
import { SYNC_EXCLUSIONS_ANNOTATION } from '../../src/governance/exclusions.js';

/** One condition type, status and reason a controller sets, and what the user should make of it. */
export interface ConditionDoc {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  /** One reason, or several that mean the same to the user. */
  reasons: string[];
  meaning: string;
}

/** An annotation or finalizer the operator reads or writes on a kind. */
export interface MetadataDoc {
  name: string;
  kind: 'annotation' | 'finalizer';
  meaning: string;
}

/** A Kubernetes Event reason a controller records on the resource, and when. */
export interface EventDoc {
  reason: string;
  type: 'Normal' | 'Warning';
  meaning: string;
}

/** What the reference says about a kind beyond its schema. */
export interface KindNotes {
  conditions: ConditionDoc[];
  metadata: MetadataDoc[];
  /** Event reasons beyond the condition reasons (which are recorded as Events when Ready changes). */
  events?: EventDoc[];
  /** An example manifest, relative to the repository root. */
  example: string;
}

const ready = (status: ConditionDoc['status'], reason: string | string[], meaning: string): ConditionDoc => ({
  type: 'Ready',
  status,
  reasons: typeof reason === 'string' ? [reason] : reason,
  meaning,
});

const condition = (
  type: string,
  status: 'True' | 'False',
  reason: string,
  meaning: string,
): ConditionDoc => ({
  type,
  status,
  reasons: [reason],
  meaning,
});

const SUSPENDED = ready(
  'False',
  'Suspended',
  '`spec.suspend` is true: the tenant is neither read nor written.',
);

/** Reasons a resource gets when the TenantLink it uses cannot be opened; `missing` names its other referents. */
const linkUnusable = (missing: string, suffix = ''): ConditionDoc[] => [
  ready('False', 'ReferenceNotFound', `${missing} does not exist in this namespace.${suffix}`),
  ready(
    'False',
    'TenantLinkNotReady',
    'The TenantLink has not signed in successfully yet, is suspended or is failing; retried on its own. ' +
      'A TenantLink whose only problem is PermissionsMissing is used anyway.',
  ),
  ready(
    'False',
    ['SecretNotFound', 'SecretKeyMissing', 'CredentialsInvalid', 'TenantNotFound', 'TenantUnreachable'],
    'Opening the TenantLink failed since it last signed in (for example its Secret was deleted); see TenantLink.',
  ),
];

/** The conditions the three governance controllers share (src/controllers/governance-reconcile.ts). */
const governance = (missing: string): ConditionDoc[] => [
  ready(
    'True',
    'ReconciliationSucceeded',
    'The tenant matches the spec; the message says what this pass created or corrected. Drift is ' +
      'corrected every minute.',
  ),
  ready('True', 'DryRun', '`spec.mode: DryRun`: the message lists what would be written; nothing was.'),
  SUSPENDED,
  ...linkUnusable(`The TenantLink named by \`spec.tenantLinkRef\`, or ${missing},`, ' Stalled.'),
  ready(
    'False',
    'PermissionsMissing',
    'Graph answered 403: the app lacks a permission (see the TenantLink status and [permissions](../permissions.md)). Stalled.',
  ),
  ready(
    'False',
    'GraphRequestFailed',
    "Another Graph error; the message carries Graph's code and request id. Retried after Retry-After or 30 s.",
  ),
];

const ATTRIBUTES_NOT_SYNCED = condition(
  'AttributesNotSynced',
  'True',
  'NoSyncScopeMapsAttribute',
  'Warning, present only while true: the rule reads user attributes that no SyncScope into this tenant ' +
    'maps, so synchronized users never match on them.',
);

const ruleInvalid = (what: string): ConditionDoc =>
  ready('False', 'RuleInvalid', `${what} does not parse; the message shows where. Stalled.`);

const governanceFinalizer: MetadataDoc = {
  name: GOVERNANCE_FINALIZER,
  kind: 'finalizer',
  meaning:
    'Present while `deletionPolicy: Delete`: on deletion the operator first removes what the resource ' +
    'created in the tenant (in `mode: DryRun` it removes nothing), then the finalizer.',
};

/** Conditions, annotations, finalizers and examples by kind. */
export const KIND_NOTES: Record<KindName, KindNotes> = {
  TenantLink: {
    example: 'examples/contoso/tenant-links.yaml',
    metadata: [],
    conditions: [
      ready(
        'True',
        'Connected',
        'Signed in and read `/organization`; every permission the resources using this link need is granted. ' +
          'Checked again every 5 minutes and whenever the referenced Secret changes.',
      ),
      ready(
        'False',
        'PermissionsMissing',
        'Signed in, but the token lacks the permissions in `status.missingPermissions`. Grant them with admin ' +
          'consent. Stalled.',
      ),
      ready('False', 'SecretNotFound', 'The referenced Secret does not exist in this namespace. Stalled.'),
      ready('False', 'SecretKeyMissing', 'The Secret has no value under the referenced key. Stalled.'),
      ready(
        'False',
        'CredentialsInvalid',
        'The token request was refused (the message carries the AADSTS error), or `workloadIdentity` is set ' +
          'but no federated token is projected into the pod. Stalled.',
      ),
      ready(
        'False',
        'TenantNotFound',
        'The sign-in authority does not know `spec.tenantId` (AADSTS90002): a wrong tenant id, or a tenant of ' +
          'another cloud than `spec.cloud`. Stalled: checked again every 5 minutes, not retried as an outage.',
      ),
      ready(
        'False',
        'TenantUnreachable',
        'The sign-in authority or Graph could not be reached or answered an error; retried 30 s later, then after a wait as long as the outage so far, at most 5 minutes.',
      ),
      SUSPENDED,
    ],
  },
  SyncScope: {
    example: 'examples/contoso/sync-scopes.yaml',
    metadata: [
      {
        name: APPROVE_DELETIONS_ANNOTATION,
        kind: 'annotation',
        meaning:
          'Set it (any value) to let the next cycle make the deprovisions the deletion threshold holds. The ' +
          'operator removes it after that cycle (not in DryRun), so it approves one cycle only.',
      },
      {
        name: PROVISION_NOW_ANNOTATION,
        kind: 'annotation',
        meaning:
          'Set it to a source user (object id or UPN) to provision that user at once, between intervals: ' +
          '`status.provisionNow` then shows the scope tests, each attribute (source value, mapping, result) ' +
          "and the action with Graph's outcome, and an Event is recorded. The operator removes it afterwards; " +
          'in `mode: DryRun` nothing is written.',
      },
      {
        name: RESTART_JOB_ANNOTATION,
        kind: 'annotation',
        meaning:
          'Set it (any value) to restart synchronization. `engine: Operator`: the quarantine, Disabled ' +
          "included, is cleared and a cycle runs at once. `engine: Entra`: Entra's job restarts (its " +
          'watermark, escrows and quarantine are cleared and every user is evaluated again at the next cycle). ' +
          "The operator removes it afterwards. With `engine: Entra`, `crosstenant.io/provision-now` goes through Entra's provisionOnDemand " +
          'and its steps land in `status.entra.provisionNow`.',
      },
      {
        name: SYNC_SCOPE_FINALIZER,
        kind: 'finalizer',
        meaning:
          'Present while `deletionPolicy: Delete`: on deletion the operator soft-deletes every target user ' +
          'anchored to the source tenant (in $batches of 20), then removes the finalizer. Both TenantLinks must be ' +
          'Ready.',
      },
    ],
    events: [
      {
        reason: 'UserCreated',
        type: 'Normal',
        meaning: 'A cycle that touched 3 users or fewer provisioned this one.',
      },
      {
        reason: 'UserUpdated',
        type: 'Normal',
        meaning: 'Same, for an update; the message names the attributes.',
      },
      {
        reason: 'UserDeprovisioned',
        type: 'Normal',
        meaning:
          'Same, for a disable or delete, with why: out of scope, deleted or disabled in the source, or denied ' +
          'in an access review (naming the ReviewSchedule).',
      },
      { reason: 'UserRestored', type: 'Normal', meaning: 'Same, for a soft-deleted user back in scope.' },
      {
        reason: 'UserSyncFailed',
        type: 'Warning',
        meaning: "Same, for an action Graph refused; Graph's error.",
      },
      {
        reason: 'Synced',
        type: 'Normal',
        meaning:
          'A cycle that touched more users: the counts (Warning when some failed), and how many deprovisions ' +
          'each ReviewSchedule caused.',
      },
      {
        reason: 'UsersDeleted',
        type: 'Normal',
        meaning: 'Deleted with `deletionPolicy: Delete`: how many target users it soft-deleted.',
      },
      {
        reason: 'UsersNotDeleted',
        type: 'Warning',
        meaning:
          'Same, when Graph refused some deletes; the finalizer stays and the deletion is tried again.',
      },
      {
        reason: 'ProvisionedOnDemand',
        type: 'Normal',
        meaning: 'The provision-now request was carried out (or planned, in DryRun).',
      },
      {
        reason: 'ProvisionOnDemandFailed',
        type: 'Warning',
        meaning: 'The provision-now user was not found, or Graph refused the write.',
      },
      {
        reason: 'EntraConfigured',
        type: 'Normal',
        meaning:
          "`engine: Entra`: the operator wrote to Entra's configuration (created it or the job, wrote the " +
          'secrets, updated the job schema, changed assignments); the message lists what.',
      },
      {
        reason: 'EngineSwitched',
        type: 'Normal',
        meaning:
          '`spec.engine` changed. To Entra: the users the Operator engine provisioned stay in place ' +
          "(`status.entra.operatorUsersLeft`). Back to Operator: Entra's job is paused, its configuration kept.",
      },
      {
        reason: 'EntraSynchronized',
        type: 'Normal',
        meaning:
          "`engine: Entra`: Entra's provisioning log has new entries; the message counts them by action.",
      },
      {
        reason: 'UserFailed',
        type: 'Warning',
        meaning: "`engine: Entra`: a user's entry in Entra's provisioning log failed, with Entra's reason.",
      },
    ],
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
        'EncounteredQuarantineException',
        "`engine: Entra`: Entra put the job in quarantine; the reason is Entra's own (also " +
          'EncounteredEscrowProportionThreshold, QuarantinedOnDemand, ...) and the message its error. Fix the ' +
          "cause and set `crosstenant.io/restart-job`, or wait for Entra's next attempt.",
      ),
    ],
  },
  AttributeMapping: {
    example: 'examples/contoso/attribute-mapping.yaml',
    metadata: [],
    conditions: [
      ready('True', 'Compiled', 'Every mapping and expression compiles.'),
      ready(
        'False',
        'Suspended',
        '`spec.suspend` is true: the SyncScopes using this mapping pause with MappingSuspended until it is ' +
          'set back to false.',
      ),
      ready(
        'False',
        'ExpressionInvalid',
        'At least one mapping is invalid: an expression that does not parse or names an unknown function, a ' +
          "target Graph's user cannot take (read-only, unknown, the wrong type), or an unknown source " +
          'attribute. The message counts the faulty mappings and names the first errors; `status.errors` lists ' +
          'each with line and column. SyncScopes using the mapping stop with MappingInvalid. Stalled.',
      ),
    ],
  },
  AccessPackagePolicy: {
    example: 'examples/contoso/access-package-policy.yaml',
    metadata: [governanceFinalizer],
    conditions: [
      ...governance('a TenantLink in `allowedRequestors.syncedFrom`'),
      ready('False', 'ReferenceNotFound', 'A group in `resources` does not exist in the tenant. Stalled.'),
      ruleInvalid("An automatic policy's membership rule"),
      ATTRIBUTES_NOT_SYNCED,
    ],
  },
  TenantRelationship: {
    example: 'examples/contoso/tenant-relationship.yaml',
    metadata: [
      {
        ...governanceFinalizer,
        meaning:
          'Present while `deletionPolicy: Delete`: on deletion the operator first removes the partner ' +
          'configurations of the declared pairs from both tenants (in `mode: DryRun` it removes nothing), then ' +
          'the finalizer.',
      },
    ],
    events: [
      {
        reason: 'SettingsApplied',
        type: 'Normal',
        meaning:
          'The pass wrote settings into a tenant; the message lists each partner configuration and step.',
      },
      {
        reason: 'DriftCorrected',
        type: 'Warning',
        meaning:
          'A declared setting was changed in a tenant after it was in place (by hand or another tool) and was ' +
          'set back; the message names each setting. `status.drift` lists them too.',
      },
    ],
    conditions: [
      ...governance('a TenantLink named by `spec.pairs` or `spec.multiTenantOrganization`'),
      ready(
        'Unknown',
        'MultiTenantOrganizationJoining',
        'The multitenant organization was created or tenants were added or sent their join request; Entra ' +
          'completes joins asynchronously (up to hours). Reconciling is True meanwhile; checked every 10 s.',
      ),
    ],
  },
  ReviewSchedule: {
    example: 'examples/contoso/review-schedules.yaml',
    metadata: [
      {
        name: SYNC_EXCLUSIONS_ANNOTATION,
        kind: 'annotation',
        meaning:
          'Written by the operator with `onDeny: ExcludeFromSync`: the source users its denials excluded, as ' +
          'JSON (SyncScope, source and target user, since when, review instance). To lift one exclusion, set ' +
          '`"lifted": true` on its entry (do not remove the entry: the decision would record it again): the ' +
          'SyncScope provisions the user again, and only a denial in a later review instance excludes them ' +
          'anew. Removing `onDeny: ExcludeFromSync` lifts them all.',
      },
      governanceFinalizer,
    ],
    conditions: [
      ...governance('`scope.accessPackagePolicyRef` or a TenantLink in `scope.syncedFrom`'),
      ready(
        'False',
        'DependencyNotReady',
        'The AccessPackagePolicy has no access package id in its status yet; retried on its own.',
      ),
      ready(
        'False',
        'ScopeUnsupported',
        '`principals` other than All on an access package review: Graph filters such reviews only by package ' +
          'and policy. Stalled.',
      ),
      condition(
        'SyncConflict',
        'True',
        'SyncReprovisionsDeniedUsers',
        'Warning, present only while true: denied users are removed automatically, but a SyncScope into this ' +
          'tenant would provision them again. Use `onDeny: ExcludeFromSync` or review in the source tenant.',
      ),
    ],
  },
  LifecycleWorkflow: {
    example: 'examples/contoso/lifecycle-workflow.yaml',
    metadata: [governanceFinalizer],
    conditions: [
      ...governance("a task's AccessPackagePolicy or the policy it names"),
      ready(
        'False',
        'DependencyNotReady',
        "A task's AccessPackagePolicy has no access package or policy id in its status yet; retried on its own.",
      ),
      ruleInvalid('`spec.scope.rule`'),
      ready(
        'False',
        'TriggerNotSupported',
        '`spec.category: mover`: Lifecycle Workflows triggers movers on attribute or membership changes, ' +
          'which `spec.trigger` (a date attribute) cannot express. Stalled.',
      ),
      ATTRIBUTES_NOT_SYNCED,
    ],
  },
};
