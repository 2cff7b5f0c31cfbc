// The statuses a SyncScope shows while a cycle runs: Syncing when it was not Ready, then how far a long run
// of creates has come.
import type { SyncScopeStatus } from '../../api/index.js';
import { findCondition, READY, setReadiness } from '../../kube/conditions.js';
import type { CycleProgress } from '../../sync/cycle.js';
import { plural } from '../../sync/plural.js';

/**
 * While a cycle creates more users than it applies at once (a large initial sync takes hours at Graph's
 * write rate): Ready=Unknown and Reconciling=True with how far the creates are, so that kubectl, Argo CD
 * and Flux show progress rather than the last cycle's state.
 */
export function provisioningStatus(
  current: SyncScopeStatus | undefined,
  progress: CycleProgress,
  generation: number | undefined,
  now: Date,
): SyncScopeStatus {
  const message = `creating ${plural(progress.planned, 'user')}: ${progress.done} done, the cycle goes on`;
  return {
    ...current,
    // Counts of this process's cycle, not of one a restart cut short (or none on a first sync).
    counts: {
      pendingUpdate: 0,
      pendingDeprovision: 0,
      failed: 0,
      ...current?.counts,
      inScope: progress.inScope,
      provisioned: progress.provisioned,
      pendingCreate: progress.planned - progress.done + progress.deferred,
    },
    conditions: setReadiness(
      current?.conditions,
      { state: 'progressing', reason: 'Provisioning', message },
      generation,
      now,
    ),
  };
}

/**
 * The status while a cycle runs on a SyncScope that is not Ready (new, failing, or waiting on a tenant):
 * Reconciling, so that what it said before (a TenantLink not checked yet, an outage) does not stand for
 * the whole of a long first cycle. A Ready scope keeps its status: a cycle every interval writes once.
 */
export function cycleStartedStatus(
  current: SyncScopeStatus | undefined,
  generation: number | undefined,
  started: Date,
): SyncScopeStatus | undefined {
  if (findCondition(current?.conditions, READY)?.status === 'True') return undefined;
  const message = `a sync cycle started at ${started.toISOString()} and is running`;
  return {
    ...current,
    conditions: setReadiness(
      current?.conditions,
      { state: 'progressing', reason: 'Syncing', message },
      generation,
      started,
    ),
  };
}
