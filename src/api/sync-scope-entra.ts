// The Entra engine of a SyncScope (spec.engine: Entra): what Entra's own cross-tenant synchronization job
// cannot do is refused at admission, and what the operator reads back from the job lands in status.entra.
import { Type, type Static } from '@sinclair/typebox';
import { Obj, StringEnum, Timestamp, type CelRule } from './common.js';

/** At most this many provisioning log ids of the cursor's second are kept (status.entra.logSeen). */
export const LOG_SEEN_LIMIT = 1000;

/** The engines a SyncScope can run on. */
export const SYNC_ENGINES = ['Operator', 'Entra'] as const;

const ENTRA = "self.engine == 'Entra'";

/** Admission rules: the settings Entra's job has no counterpart for, each refused with what to do instead. */
export const ENTRA_ENGINE_RULES: CelRule[] = [
  {
    rule: `!(${ENTRA}) || self.mode != 'DryRun'`,
    message:
      "engine Entra: Entra's synchronization job has no dry run; preview with engine Operator and mode DryRun",
  },
  {
    rule: `!(${ENTRA}) || self.scope.membership == 'Direct'`,
    message:
      'engine Entra: Entra puts only direct members of assigned groups in scope; membership must be Direct',
  },
  {
    rule:
      `!(${ENTRA}) || (self.deprovision.onOutOfScope == 'SoftDelete' && ` +
      "self.deprovision.onSourceDeleted == 'SoftDelete' && self.deprovision.onSourceDisabled == 'Disable')",
    message:
      'engine Entra: Entra soft-deletes users out of scope or deleted in the source and disables users disabled ' +
      'there; deprovision must keep these defaults',
  },
  {
    rule: `!(${ENTRA}) || !self.adoptExisting`,
    message:
      'engine Entra: Entra matches existing B2B users by its own anchor, not by mail; adoptExisting must be false ' +
      '(docs/sync-vs-entra.md, "Choosing an engine")',
  },
  {
    rule: `!(${ENTRA}) || self.anchorAttribute == 'onPremisesExtensionAttributes.extensionAttribute15'`,
    message: 'engine Entra: Entra keeps its own anchor; anchorAttribute must be left at its default',
  },
  {
    rule: `!(${ENTRA}) || (self.interval == '10s' && self.fullResyncInterval == '24h')`,
    message:
      "engine Entra: Entra's job runs a cycle every 40 minutes whatever is asked; leave interval and " +
      'fullResyncInterval unset',
  },
  {
    rule: `!(${ENTRA}) || self.safety.deletionThreshold == 500`,
    message:
      "engine Entra: Graph documents only switching Entra's accidental-deletion prevention on, not its threshold; " +
      'leave safety.deletionThreshold at 500 and set the threshold in the Entra admin center',
  },
  {
    rule: `!(${ENTRA}) || self.deletionPolicy == 'Orphan'`,
    message:
      'engine Entra: deleting the SyncScope leaves the configuration and its users in place (as Entra does when a ' +
      'configuration is removed); deletionPolicy must be Orphan',
  },
];

/** `spec.engine`. */
export const SyncEngine = StringEnum(SYNC_ENGINES, {
  default: 'Operator',
  description:
    "Who synchronizes: Operator (default) runs this operator's engine (invitations, seconds of latency, plans, " +
    "drift correction); Entra configures and watches Entra's own cross-tenant synchronization job in the source " +
    'tenant from the same scope and AttributeMapping (cycles every 40 minutes). With Entra, mode DryRun, ' +
    'membership Transitive, deprovision actions other than the defaults, adoptExisting, anchorAttribute, ' +
    'interval, fullResyncInterval, a deletionThreshold other than 500 and deletionPolicy Delete are refused: ' +
    'the job (or Graph) has no counterpart for them.',
});

const EntraQuarantine = Obj(
  {
    reason: Type.String({
      maxLength: 128,
      description: "Entra's quarantine reason, e.g. EncounteredQuarantineException.",
    }),
    message: Type.String({ maxLength: 2048, description: "The job's error." }),
    nextAttempt: Type.Optional(Timestamp('When Entra tries again.')),
  },
  { description: 'Why the job is in quarantine.' },
);

const EntraProvisionNow = Obj(
  {
    user: Type.String({
      maxLength: 256,
      description: 'The annotation value: a source user object id or UPN.',
    }),
    time: Timestamp('When it ran.'),
    result: StringEnum(['Succeeded', 'Failed', 'Skipped', 'UserNotFound'], {
      description: 'Succeeded (written or nothing to do), Failed, Skipped (out of scope) or UserNotFound.',
    }),
    steps: Type.Array(
      Obj(
        {
          name: Type.String({ maxLength: 128, description: 'Entra step, e.g. EntryImport, EntryExportAdd.' }),
          status: Type.String({ maxLength: 64, description: 'Success, Skipped, Failure, ...' }),
          description: Type.Optional(Type.String({ maxLength: 1024, description: "Entra's sentence." })),
        },
        { description: 'One step of the on-demand provisioning.' },
      ),
      { maxItems: 32, description: 'The steps Entra reported.' },
    ),
  },
  { description: "The last crosstenant.io/provision-now answered through Entra's provisionOnDemand." },
);

/** `status.entra`: the Entra configuration this SyncScope drives and what its job reports. */
export const EntraStatusSchema = Obj(
  {
    servicePrincipalId: Type.Optional(
      Type.String({
        maxLength: 64,
        description: 'The configuration (service principal) in the source tenant.',
      }),
    ),
    jobId: Type.Optional(Type.String({ maxLength: 256, description: 'The synchronization job.' })),
    secretsVersion: Type.Optional(
      Type.String({
        maxLength: 64,
        description:
          'Digest of the secrets last written (Graph never returns them), so unchanged ones are not written again.',
      }),
    ),
    schedule: Type.Optional(
      Type.String({ maxLength: 32, description: "The job's schedule state: Active, Paused, Disabled." }),
    ),
    code: Type.Optional(
      Type.String({
        maxLength: 32,
        description: "The job's status code: NotRun, Active, Paused, Quarantine.",
      }),
    ),
    lastExecution: Type.Optional(
      Obj(
        {
          state: Type.String({ maxLength: 64, description: 'Succeeded, Failed, ...' }),
          began: Type.Optional(Timestamp('Start.')),
          ended: Type.Optional(Timestamp('End.')),
          exported: Type.Optional(
            Type.Integer({ minimum: 0, description: 'Objects written to the target.' }),
          ),
        },
        { description: 'The last cycle of the job.' },
      ),
    ),
    lastSuccessfulRun: Type.Optional(Timestamp('End of the last cycle without errors.')),
    quarantine: Type.Optional(EntraQuarantine),
    escrowed: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Objects whose last action failed (escrows).' }),
    ),
    operatorUsersLeft: Type.Optional(
      Type.Integer({
        minimum: 0,
        description:
          'Users the Operator engine had provisioned when this SyncScope switched to engine Entra: left in place, ' +
          'for Entra to match (docs/sync-vs-entra.md, "Switching engines").',
      }),
    ),
    logCursor: Type.Optional(
      Timestamp('activityDateTime of the newest provisioning log entry reported as an Event.'),
    ),
    logSeen: Type.Optional(
      Type.Array(Type.String({ maxLength: 64, description: 'A provisioning log entry id.' }), {
        maxItems: LOG_SEEN_LIMIT,
        description:
          'Ids of the provisioning log entries already reported in the second of logCursor: the log is read ' +
          'from the second before it (Graph filters activityDateTime with gt only), and these are not reported twice.',
      }),
    ),
    provisionNow: Type.Optional(EntraProvisionNow),
  },
  {
    description: "Entra's cross-tenant synchronization as this SyncScope configured it (engine Entra only).",
  },
);

export type EntraStatus = Static<typeof EntraStatusSchema>;
export type EntraProvisionNowStatus = Static<typeof EntraProvisionNow>;
