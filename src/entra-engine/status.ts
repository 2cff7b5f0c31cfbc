// A synchronization job's status read as a SyncScope's readiness, counts and status.entra. Pure: the job as
// Graph returns it in, plain data out.
import type { ReadyReason } from '../api/index.js';
import type { EntraStatus } from '../api/sync-scope-entra.js';
import type { SynchronizationJob } from '../graph/synchronization.js';

/** Entra's quarantine reason for a cycle whose deletions and disables passed the threshold. */
export const TOO_MANY_DELETES = 'TooManyDeletes';

/** The SyncScope's readiness and quarantine as the job shows them. */
export interface JobReadiness {
  ready: boolean;
  reason: ReadyReason<'SyncScope'>;
  message: string;
  quarantine?: { reason: string; message: string };
}

/** Readiness from the job: Active and NotRun are ready; Paused is not (unless asked by suspend); Quarantine is not. */
export function jobReadiness(job: SynchronizationJob, suspended: boolean): JobReadiness {
  const status = job.status;
  const q = status.quarantine;
  if (status.code === 'Quarantine' || q) {
    const message = q?.error?.message ?? status.lastExecution?.error?.message ?? 'the job is in quarantine';
    const reason = q?.reason ?? 'EncounteredQuarantineException';
    if (reason === TOO_MANY_DELETES)
      return {
        ready: false,
        reason: 'DeletionThresholdExceeded',
        message:
          `Entra held back deletions past its accidental-deletion threshold: ${message} Allow them in the Entra ` +
          'admin center, or undo their cause and set crosstenant.io/restart-job',
        quarantine: { reason, message },
      };
    return {
      ready: false,
      reason: 'Quarantined',
      message: `Entra quarantined the job (${reason}): ${message}`,
      quarantine: { reason, message },
    };
  }
  if (suspended)
    return { ready: false, reason: 'Suspended', message: "spec.suspend is true: Entra's job is paused" };
  if (job.schedule.state !== 'Active')
    return { ready: false, reason: 'JobNotRunning', message: `Entra's job is ${job.schedule.state}` };
  if (status.code === 'NotRun')
    return {
      ready: true,
      reason: 'InitialCycle',
      message: "Entra's job is started; its initial cycle has not completed",
    };
  return { ready: true, reason: 'Synced', message: "Entra's job is active: a cycle every 40 minutes" };
}

/** The user count Entra reports as synchronized. */
export function synchronizedUsers(job: SynchronizationJob): number {
  return job.status.synchronizedEntryCountByType?.find((e) => e.key.toLowerCase() === 'user')?.value ?? 0;
}

/** status.entra from the job (ids and bookkeeping from `base`). */
export function entraStatus(base: EntraStatus, job: SynchronizationJob): EntraStatus {
  const s = job.status;
  const last = s.lastExecution;
  const q = jobReadiness(job, false).quarantine;
  const out: EntraStatus = { ...base, schedule: job.schedule.state, code: s.code };
  delete out.quarantine;
  delete out.lastExecution;
  if (last?.state)
    out.lastExecution = {
      state: last.state,
      ...(last.timeBegan ? { began: last.timeBegan } : {}),
      ...(last.timeEnded ? { ended: last.timeEnded } : {}),
      ...(last.countExported !== undefined ? { exported: last.countExported } : {}),
    };
  if (s.lastSuccessfulExecution?.timeEnded) out.lastSuccessfulRun = s.lastSuccessfulExecution.timeEnded;
  if (q)
    out.quarantine = {
      reason: q.reason,
      message: q.message.slice(0, 2048),
      ...(s.quarantine?.nextAttempt ? { nextAttempt: s.quarantine.nextAttempt } : {}),
    };
  out.escrowed = last?.countEscrowed ?? 0;
  return out;
}
