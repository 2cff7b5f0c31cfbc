// Switching a SyncScope between engines deletes nothing: moving to Entra leaves the users our engine created
// in place and says how many; moving back pauses Entra's job (its configuration is kept) so that two engines
// never manage the same users.
import type { SyncScope } from '../../api/index.js';
import { API_VERSION } from '../../api/index.js';
import { controlSynchronizationJob, getSynchronizationJob } from '../../graph/synchronization.js';
import type { OperatorContext } from '../context.js';
import { writeSyncScopeStatus } from '../sync-scope/report.js';

/** Users the Operator engine left when the SyncScope first runs on Entra, or undefined when it is no switch. */
export function operatorUsersLeft(scope: SyncScope): number | undefined {
  if (scope.status?.entra) return undefined;
  const provisioned = scope.status?.counts?.provisioned ?? 0;
  return provisioned > 0 ? provisioned : undefined;
}

/**
 * For a SyncScope back on engine Operator that still has status.entra: pauses Entra's job, records an Event
 * and drops status.entra. Returns false when the source tenant cannot be reached (tried again next time).
 */
export async function leaveEntraEngine(ctx: OperatorContext, scope: SyncScope): Promise<boolean> {
  const entra = scope.status?.entra;
  const namespace = scope.metadata.namespace ?? '';
  const source = await ctx.tenants.connect(namespace, scope.spec.source.tenantLinkRef);
  if (!source.ok) return false;
  if (entra?.servicePrincipalId && entra.jobId) {
    const client = source.connection.client;
    const job = await getSynchronizationJob(client, entra.servicePrincipalId, entra.jobId);
    if (job?.schedule.state === 'Active')
      await controlSynchronizationJob(client, entra.servicePrincipalId, entra.jobId, 'pause');
  }
  void ctx.events.event(
    { apiVersion: API_VERSION, kind: 'SyncScope', metadata: scope.metadata },
    'Normal',
    'EngineSwitched',
    "engine Operator: Entra's job is paused and its configuration kept; the users Entra created stay in place " +
      '(adoptExisting: true adopts them)',
  );
  await writeSyncScopeStatus(ctx, scope, (current) => {
    const { entra: _left, ...rest } = current ?? {};
    return rest;
  });
  return true;
}
