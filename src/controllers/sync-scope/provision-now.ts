// The crosstenant.io/provision-now annotation: one user synchronized at once, between intervals, with the
// report Entra's provision on demand gives, in status and an Event; the annotation is removed afterwards.
import type { SyncScope } from '../../api/index.js';
import { PROVISION_NOW_ANNOTATION } from '../../api/index.js';
import type { ProvisionNowStatus } from '../../api/sync-scope-status.js';
import { isNotFound, mergePatch } from '../../kube/client.js';
import { provisionNow } from '../../sync/provision-now.js';
import type { ProvisionNowInput } from '../../sync/provision-now.js';
import { provisionNowFailed } from '../../sync/provision-now-report.js';
import type { OperatorContext } from '../context.js';
import { exclusionMap, loadExclusions } from './exclusions.js';
import type { CycleInputs } from './gates.js';
import type { ScopeMemory } from './memory.js';
import { writeSyncScopeStatus } from './report.js';
import { eventSubject, SYNC_SCOPE_KIND } from './resource.js';

const EVENT_MESSAGE_LIMIT = 1024;

/** The user the annotation asks to provision now, or undefined when it is not set. */
export function provisionNowRequest(scope: SyncScope): string | undefined {
  return scope.metadata.annotations?.[PROVISION_NOW_ANNOTATION];
}

/**
 * Runs the provision-now request of `scope`: the report goes to status.provisionNow and an Event
 * (ProvisionedOnDemand or ProvisionOnDemandFailed), then the annotation is removed so that it can be set again.
 * A failure is reported the same way and never fails the reconcile: the request is answered once.
 */
export async function provisionOnDemand(
  ctx: OperatorContext,
  scope: SyncScope,
  input: Omit<ProvisionNowInput, 'user' | 'now' | 'dryRun'>,
  requested: string,
): Promise<ProvisionNowStatus> {
  const now = new Date(ctx.clock.now());
  let report: ProvisionNowStatus;
  try {
    report = await provisionNow({ ...input, user: requested, now, dryRun: scope.spec.mode === 'DryRun' });
  } catch (err) {
    report = provisionNowFailed(requested, now, err instanceof Error ? err.message : String(err));
  }
  const { namespace = '', name = '' } = scope.metadata;
  try {
    await writeSyncScopeStatus(ctx, scope, (current) => ({ ...current, provisionNow: report }));
    await ctx.clients.customObjects.patchNamespacedCustomObject(
      {
        ...SYNC_SCOPE_KIND,
        namespace,
        name,
        body: { metadata: { annotations: { [PROVISION_NOW_ANNOTATION]: null } } },
      },
      mergePatch,
    );
  } catch (err) {
    if (!isNotFound(err)) throw err;
    return report;
  }
  const ok = report.result === 'Succeeded' || report.result === 'DryRun';
  void ctx.events.event(
    eventSubject(scope),
    ok ? 'Normal' : 'Warning',
    ok ? 'ProvisionedOnDemand' : 'ProvisionOnDemandFailed',
    `${requested}: ${report.message}`.slice(0, EVENT_MESSAGE_LIMIT),
  );
  return report;
}

/** Answers a provision-now request between cycles; the next cycle stays where it was due. */
export async function provisionBetweenCycles(
  ctx: OperatorContext,
  scope: SyncScope,
  inputs: CycleInputs,
  memory: ScopeMemory,
  requested: string,
): Promise<{ requeueAfterMs: number }> {
  const excluded = exclusionMap(loadExclusions(ctx, scope));
  const input = {
    source: inputs.source.client,
    target: inputs.target.client,
    sourceTenantId: inputs.source.tenantId,
    targetTenantId: inputs.target.tenantId,
    spec: scope.spec,
    mapping: inputs.mapping,
    state: memory.state,
    excluded,
  };
  await provisionOnDemand(ctx, scope, input, requested);
  return { requeueAfterMs: Math.max(1, memory.nextCycleMs - ctx.clock.now()) };
}
