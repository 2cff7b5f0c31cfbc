// One sync cycle of a SyncScope on engine Operator: say it started (when the scope was not Ready), read the
// exclusions, run the engine with progress reports, and tell an outage from a persistent failure.
import type { Logger } from 'winston';
import type { SyncScope } from '../../api/index.js';
import { durationToMilliseconds } from '../../time/duration.js';
import type { SyncExclusion } from '../../governance/exclusions.js';
import { GraphRequestError, writeShareOf } from '../../graph/index.js';
import { withInFlightStatus } from '../../sync/invitations-in-flight.js';
import { createsThisCycle } from '../../sync/quota.js';
import { apiStatusCode, objectKey } from '../../kube/client.js';
import type { CycleResult, runSyncCycle } from '../../sync/cycle.js';
import { isTransientFailure } from '../../sync/safety.js';
import type { OperatorContext } from '../context.js';
import { exclusionMap, loadExclusions } from './exclusions.js';
import type { CycleInputs } from './gates.js';
import { runGroupsAfterUsers, type GroupPassOutcome } from './groups.js';
import type { ScopeMemory } from './memory.js';
import type { CycleEnd } from './quarantine.js';
import { writeSyncScopeStatus } from './report.js';
import { cycleStartedStatus, provisioningStatus } from './progress.js';

/** The sync engine's entry point (a seam for the controller's unit tests). */
export type CycleRunner = typeof runSyncCycle;

/** A cycle that completed, with what it read and did, or one that failed as a whole. */
export type CycleRun =
  | {
      ok: true;
      started: Date;
      ended: Date;
      full: boolean;
      result: CycleResult;
      groups: GroupPassOutcome | undefined;
      exclusions: SyncExclusion[];
    }
  | { ok: false; started: Date; transient: boolean; message: string };

/** Whether a failed cycle met an outage (of a tenant, the network or the API server) rather than a configuration error. */
export function isTransient(err: unknown): boolean {
  if (err instanceof GraphRequestError) return isTransientFailure(err.info);
  const status = apiStatusCode(err);
  return status !== undefined && (status === 429 || status >= 500);
}

/** How the cycle ended, for the quarantine policy. */
export function cycleEnd(run: CycleRun, dryRun: boolean): CycleEnd {
  if (!run.ok) return { outcome: run.transient ? 'unreachable' : 'failed' };
  const { result } = run;
  const tried = result.outcomes.length + result.plan.failures.length;
  return { outcome: 'succeeded', tried, failed: result.done.failed, dryRun };
}

/** Runs one cycle of `scope` with the state in `memory`; never throws for a failure of the cycle itself. */
export async function runCycle(
  ctx: OperatorContext,
  scope: SyncScope,
  memory: ScopeMemory,
  inputs: CycleInputs,
  options: { approved: boolean; outage: boolean; log: Logger; run: CycleRunner },
): Promise<CycleRun> {
  const { spec } = scope;
  const generation = scope.metadata.generation;
  const started = new Date(ctx.clock.now());
  const key = objectKey(scope.metadata);
  const full = started.getTime() - memory.lastFullMs >= durationToMilliseconds(spec.fullResyncInterval);
  options.log.debug('sync cycle started', { full, scopeChanged: memory.scopeChanged });
  try {
    // Retried through an outage, a scope keeps saying TenantUnreachable until a cycle completes, rather than
    // turning Syncing and back (and recording the change each time) at every try.
    if (!options.outage && cycleStartedStatus(scope.status, generation, started))
      await writeSyncScopeStatus(
        ctx,
        scope,
        (current) => cycleStartedStatus(current, generation, started) ?? current ?? {},
      );
    const exclusions = loadExclusions(ctx, scope);
    const result = await options.run({
      source: inputs.source.client,
      target: inputs.target.client,
      sourceTenantId: inputs.source.tenantId,
      targetTenantId: inputs.target.tenantId,
      spec,
      mapping: inputs.mapping,
      state: memory.state,
      now: started,
      full,
      dryRun: spec.mode === 'DryRun',
      approveDeletions: options.approved,
      scopeChanged: memory.scopeChanged,
      excluded: exclusionMap(exclusions),
      writer: key,
      recordInFlight: (inFlight) =>
        writeSyncScopeStatus(ctx, scope, (current) => withInFlightStatus(current, inFlight)),
      maxCreates: createsThisCycle(writeShareOf(inputs.target.client, key)),
      // A progress report that fails must not stop the creates: the cycle's own status write follows.
      onCreateProgress: (progress) =>
        writeSyncScopeStatus(ctx, scope, (current) =>
          provisioningStatus(current, progress, generation, new Date(ctx.clock.now())),
        ).catch((err: unknown) => {
          options.log.warn('could not report provisioning progress', { error: String(err) });
        }),
    });
    const groups = await runGroupsAfterUsers(scope, {
      source: inputs.source.client,
      target: inputs.target.client,
      sourceTenantId: inputs.source.tenantId,
      state: memory.state,
      mappingSpec: inputs.mappingSpec,
      users: result,
      now: started,
      full,
      dryRun: spec.mode === 'DryRun',
      approveDeletions: options.approved,
    });
    const ended = new Date(ctx.clock.now());
    if (full) memory.lastFullMs = started.getTime();
    memory.scopeChanged = false;
    return { ok: true, started, ended, full, result, groups, exclusions };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, started, transient: isTransient(err), message };
  }
}
