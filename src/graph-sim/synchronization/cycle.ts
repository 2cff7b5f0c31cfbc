// A synchronization job's cycles on the simulator clock: the initial cycle once started, then an incremental
// cycle every 40 minutes; a cycle that cannot run at all quarantines the job (Entra's retry schedule), and
// every change to a user is written to the provisioning log.
import { randomUUID } from 'node:crypto';
import { policyState } from '../policies/state.js';
import type { SimStore } from '../store/store.js';
import type { TenantState } from '../store/tenant.js';
import type { Props } from '../store/types.js';
import { compileJob, provisionUser, type JobContext, type UserOutcome } from './provision.js';
import { synchronizationState, type SimConfiguration, type SimJob } from './state.js';
import { heldBack } from './safety.js';
import { CYCLE_INTERVAL_MS, DELETE_THRESHOLD_DEFAULT } from './template.js';

const HOUR_MS = 3_600_000;

/** A failure of the whole cycle: Graph's synchronizationError. */
export class CycleFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The job's context, or the reason it cannot run: credentials and the target's identity sync policy. */
export function jobContext(
  store: SimStore,
  source: TenantState,
  config: SimConfiguration,
  job: SimJob,
): JobContext {
  const targetId = config.secrets.get('CompanyId');
  const target = targetId ? store.resolve(targetId) : undefined;
  if (!target || config.secrets.get('AuthenticationType') !== 'SyncPolicy')
    throw new CycleFailure(
      'CredentialsInvalid',
      'The synchronization secrets do not name a reachable target tenant (CompanyId, AuthenticationType SyncPolicy).',
    );
  const policy = policyState(target).identitySync.get(source.info.id.toLowerCase());
  const inbound = policy?.['userSyncInbound'] as Props | null | undefined;
  if (inbound?.['isSyncAllowed'] !== true)
    throw new CycleFailure(
      'AzureDirectoryB2BManagementPolicyCheckFailure',
      `The target tenant ${target.info.id} does not allow users to be synchronized from ${source.info.id} ` +
        '(identity synchronization policy userSyncInbound.isSyncAllowed).',
    );
  try {
    return { store, source, target, config, job, ...compileJob(job) };
  } catch (err) {
    throw new CycleFailure('SchemaInvalid', (err as Error).message);
  }
}

/** A user's failure as provisioningErrorInfo gives it. */
interface UserFailure {
  errorCode: string;
  reason: string;
}

/** Appends a provisioningObjectSummary for one user's change (or failed attempt). */
export function logChange(
  ctx: JobContext,
  cycleId: string,
  sourceId: string,
  outcome: Pick<UserOutcome, 'action' | 'targetId' | 'modified'>,
  failure?: UserFailure,
): void {
  const now = ctx.store.clock.isoNow();
  const source = ctx.source.users.get(sourceId) ?? ctx.source.deletedUsers.get(sourceId);
  const sp = ctx.config.servicePrincipal;
  synchronizationState(ctx.source).provisioningLog.push({
    id: randomUUID(),
    activityDateTime: now,
    tenantId: ctx.source.info.id,
    jobId: ctx.job.id,
    cycleId,
    changeId: randomUUID(),
    provisioningAction: outcome.action,
    durationInMilliseconds: 0,
    servicePrincipal: { id: sp['id'], displayName: sp['displayName'] },
    sourceSystem: { id: ctx.source.info.id, displayName: 'Azure Active Directory', details: {} },
    targetSystem: {
      id: ctx.target.info.id,
      displayName: 'Azure Active Directory (target tenant)',
      details: {},
    },
    initiatedBy: { id: '', displayName: 'Azure AD Provisioning Service', initiatorType: 'system' },
    sourceIdentity: {
      id: sourceId,
      displayName: source?.props['displayName'] ?? '',
      identityType: 'User',
      details: { UserPrincipalName: source?.props['userPrincipalName'] ?? '' },
    },
    targetIdentity: { id: outcome.targetId ?? '', displayName: '', identityType: 'User', details: {} },
    provisioningStatusInfo: failure
      ? {
          status: 'failure',
          errorInformation: {
            errorCode: failure.errorCode,
            reason: failure.reason,
            additionalDetails: null,
            errorCategory: 'nonServiceFailure',
            recommendedAction: null,
          },
        }
      : { status: 'success', errorInformation: null },
    provisioningSteps: [],
    modifiedProperties: outcome.modified,
  });
}

function execution(began: string, ended: string, counts: Props, state: string, error: Props | null): Props {
  return { activityIdentifier: randomUUID(), ...counts, state, timeBegan: began, timeEnded: ended, error };
}

/** Runs one cycle of `job` now and updates its status (quarantine on a whole-cycle failure). */
export function runCycle(store: SimStore, source: TenantState, config: SimConfiguration, job: SimJob): void {
  const began = store.clock.isoNow();
  const status = job.status;
  let ctx: JobContext;
  try {
    ctx = jobContext(store, source, config, job);
  } catch (err) {
    const failure = err instanceof CycleFailure ? err : new CycleFailure('Unknown', String(err));
    quarantine(store, job, began, failure);
    return;
  }
  const cycleId = randomUUID();
  const ids = new Set([...source.users.keys(), ...job.links.keys()]);
  const held = heldBack(ctx, ids);
  let exported = 0;
  let entitled = 0;
  let escrowed = 0;
  for (const id of ids) {
    const kind = held?.get(id);
    if (kind) {
      if (kind === 'delete')
        logChange(ctx, cycleId, id, { action: 'stagedDelete', targetId: job.links.get(id), modified: [] });
      continue;
    }
    let outcome;
    try {
      outcome = provisionUser(ctx, id);
    } catch (err) {
      // An object that fails is escrowed: counted, logged, and tried again by the next cycle.
      escrowed += 1;
      const action = job.links.has(id) ? 'update' : 'create';
      const reason = `Failed to ${action} the user: ${(err as Error).message}`;
      logChange(ctx, cycleId, id, { action, modified: [] }, { errorCode: 'AttributeMappingError', reason });
      continue;
    }
    if (!outcome) continue;
    if (outcome.decision.inScope) entitled += 1;
    if (outcome.exported) {
      exported += 1;
      logChange(ctx, cycleId, id, outcome);
    }
  }
  const ended = store.clock.isoNow();
  const synced = [...job.links.values()].filter((t) => ctx.target.users.has(t)).length;
  const counts = {
    countEntitled: entitled,
    countEntitledForProvisioning: entitled,
    countEscrowed: escrowed,
    countEscrowedRaw: escrowed,
    countExported: exported,
    countExports: exported,
    countImported: ids.size,
    countImportedDeltas: ids.size,
    countImportedReferenceDeltas: 0,
  };
  status['synchronizedEntryCountByType'] = [{ key: 'User', value: synced }];
  if (held) {
    const message =
      `${held.size} deletions and disables exceed the accidental-deletion threshold of ${DELETE_THRESHOLD_DEFAULT}; ` +
      'they are held back (stagedDelete) until the cause is fixed and the job restarted.';
    job.initialDone = true;
    quarantine(store, job, began, new CycleFailure('TooManyDeletes', message), 'TooManyDeletes', counts);
    return;
  }
  const done = execution(began, ended, counts, 'Succeeded', null);
  status['code'] = 'Active';
  status['countSuccessiveCompleteFailures'] = 0;
  status['quarantine'] = null;
  status['lastExecution'] = done;
  status['lastSuccessfulExecution'] = done;
  if (exported > 0) status['lastSuccessfulExecutionWithExports'] = done;
  else {
    status['steadyStateLastAchievedTime'] = ended;
    if (status['steadyStateFirstAchievedTime'] === '0001-01-01T00:00:00Z')
      status['steadyStateFirstAchievedTime'] = ended;
  }
  job.initialDone = true;
  job.nextRunMs = store.clock.now() + CYCLE_INTERVAL_MS;
}

/** Entra's quarantine retry schedule: 6 h, 12 h, 24 h, then daily. */
function retryAfterMs(seriesCount: number): number {
  return [6 * HOUR_MS, 12 * HOUR_MS][seriesCount - 1] ?? 24 * HOUR_MS;
}

function quarantine(
  store: SimStore,
  job: SimJob,
  began: string,
  failure: CycleFailure,
  reason = 'EncounteredQuarantineException',
  counts: Props = {},
): void {
  const status = job.status;
  const now = store.clock.isoNow();
  const previous = status['quarantine'] as Props | null;
  const seriesCount = ((previous?.['seriesCount'] as number | undefined) ?? 0) + 1;
  const nextMs = store.clock.now() + retryAfterMs(seriesCount);
  const error = { code: failure.code, message: failure.message, tenantActionable: true };
  status['code'] = 'Quarantine';
  status['countSuccessiveCompleteFailures'] =
    ((status['countSuccessiveCompleteFailures'] as number) ?? 0) + 1;
  status['lastExecution'] = execution(began, now, counts, 'Failed', error);
  status['quarantine'] = {
    currentBegan: previous?.['currentBegan'] ?? now,
    seriesBegan: previous?.['seriesBegan'] ?? now,
    seriesCount,
    nextAttempt: new Date(nextMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    reason,
    error,
  };
  job.nextRunMs = nextMs;
}

/** Runs every active job whose cycle is due (a clock step of hours runs one cycle, as Entra would catch up). */
export function runDueJobs(store: SimStore): void {
  const now = store.clock.now();
  for (const tenant of store.tenants.values()) {
    for (const config of synchronizationState(tenant).configurations.values()) {
      for (const job of config.jobs.values()) {
        if (job.scheduleState !== 'Active' || job.nextRunMs === undefined || job.nextRunMs > now) continue;
        runCycle(store, tenant, config, job);
      }
    }
  }
}
