// A SyncScope with engine Entra: the operator configures Entra's own cross-tenant synchronization from the
// SyncScope and its AttributeMapping and reports what the job does. Recipe: connect both tenants, make sure
// the target allows the sync, bring the source's configuration to the spec, start or pause the job, answer
// provision-now and restart requests, then report the job's status, Events and metrics.
import type { AttributeMappingSpec } from '../../api/attribute-mapping.js';
import type { EntraStatus } from '../../api/sync-scope-entra.js';
import type { ReadyReason, SyncScope, SyncScopeStatus } from '../../api/index.js';
import {
  isConditionReason,
  PROVISION_GROUP_NOW_ANNOTATION,
  PROVISION_NOW_ANNOTATION,
  RESTART_JOB_ANNOTATION,
} from '../../api/index.js';
import type { JobReadiness } from '../../entra-engine/status.js';
import { entraStatus, jobReadiness, synchronizedUsers, TOO_MANY_DELETES } from '../../entra-engine/status.js';
import { getIdentitySyncPolicy, writeIdentitySyncPolicy, type GraphClient } from '../../graph/index.js';
import { controlSynchronizationJob, getSynchronizationJob } from '../../graph/synchronization.js';
import { mergePatch } from '../../kube/client.js';
import type { Readiness } from '../../kube/conditions.js';
import type { ReconcileResult } from '../../kube/controller.js';
import { recordEntraJob } from '../../sync/metrics.js';
import type { OperatorContext } from '../context.js';
import { EntraRefusal } from '../../entra-engine/refusal.js';
import { exclusionsStatus, loadExclusions } from '../sync-scope/exclusions.js';
import { ensureConfiguration } from './configuration.js';
import { reportProvisioningLog } from './provisioning-log.js';
import { provisionThroughEntra } from './provision-now.js';
import { announce } from './events.js';
import { operatorUsersLeft } from './switch.js';
import { reportSyncScope } from '../sync-scope/report.js';
import { loggerFor } from '../../observability/logger.js';
import { SYNC_SCOPE_KIND as SYNC_SCOPES } from '../sync-scope/resource.js';

/** Entra's job runs every 40 minutes; its status is read every minute. */
const POLL_MS = 60_000;

/** The AttributeMapping a SyncScope uses, or why it cannot be used. */
export type MappingInput =
  { ok: true; spec: AttributeMappingSpec } | { ok: false; reason: ReadyReason<'SyncScope'>; message: string };

/**
 * Reports the Entra path's outcome through the SyncScope's one report (status, and an Event and a log line
 * when Ready changes): the job's quarantine becomes the Quarantined condition, Entra's delete threshold the
 * DeletionThresholdExceeded condition.
 */
async function report(
  ctx: OperatorContext,
  scope: SyncScope,
  readiness: Readiness<ReadyReason<'SyncScope'>>,
  entra?: EntraStatus,
  extra: (s: SyncScopeStatus) => SyncScopeStatus = (s) => s,
): Promise<void> {
  const q = entra?.quarantine;
  const { namespace = '', name = '' } = scope.metadata;
  await reportSyncScope(ctx, scope, loggerFor({ controller: 'syncscope', namespace, name }, ctx.logger), {
    readiness,
    conditions: {
      // A reason Graph's documentation does not list (Entra may add some) is reported as its own Unknown.
      Quarantined: q && {
        status: 'True',
        reason: isConditionReason('SyncScope', 'Quarantined', q.reason) ? q.reason : 'Unknown',
        message: q.message,
      },
      DeletionThresholdExceeded:
        q?.reason === TOO_MANY_DELETES
          ? { status: 'True', reason: 'TooManyDeletes', message: q.message }
          : undefined,
    },
    fields: (current) => extra({ ...current, ...(entra ? { entra } : {}) }),
  });
}

async function removeAnnotation(ctx: OperatorContext, scope: SyncScope, annotation: string): Promise<void> {
  const { namespace = '', name = '' } = scope.metadata;
  await ctx.clients.customObjects.patchNamespacedCustomObject(
    { ...SYNC_SCOPES, namespace, name, body: { metadata: { annotations: { [annotation]: null } } } },
    mergePatch,
  );
}

/** The target's identity synchronization policy allows the source: created when absent, never overridden. */
async function ensureSyncAllowed(target: GraphClient, sourceTenantId: string): Promise<string | undefined> {
  const policy = await getIdentitySyncPolicy(target, sourceTenantId);
  if (policy?.userSyncInbound?.isSyncAllowed === true) return undefined;
  if (policy) {
    return (
      `the target tenant does not allow users to be synchronized from ${sourceTenantId} ` +
      '(identity synchronization policy userSyncInbound.isSyncAllowed is not true); allow it, e.g. in a TenantRelationship'
    );
  }
  await writeIdentitySyncPolicy(target, sourceTenantId, 'PUT', {
    displayName: 'crosstenant-operator',
    userSyncInbound: { isSyncAllowed: true },
  });
  return undefined;
}

/** Reconciles a SyncScope whose spec.engine is Entra. */
export async function reconcileEntraEngine(
  ctx: OperatorContext,
  scope: SyncScope,
  mapping: MappingInput,
): Promise<ReconcileResult> {
  const { namespace = '' } = scope.metadata;
  const spec = scope.spec;
  const ref = { namespace, name: scope.metadata.name ?? '' };
  const notReady = async (state: Readiness['state'], reason: ReadyReason<'SyncScope'>, message: string) => {
    await report(ctx, scope, { state, reason, message });
    return { requeueAfterMs: POLL_MS };
  };
  if (!mapping.ok)
    return notReady(
      mapping.reason === 'MappingSuspended' ? 'notReady' : 'stalled',
      mapping.reason,
      mapping.message,
    );
  const source = await ctx.tenants.connect(namespace, spec.source.tenantLinkRef);
  if (!source.ok) return notReady('notReady', source.reason, `source: ${source.message}`);
  const target = await ctx.tenants.connect(namespace, spec.target.tenantLinkRef);
  if (!target.ok) return notReady('notReady', target.reason, `target: ${target.message}`);
  const client = source.connection.client;

  try {
    // A refusing target is reported, and the job still read: its quarantine says what Entra made of it.
    const refused = await ensureSyncAllowed(target.connection.client, source.connection.tenantId);
    const exclusions = await loadExclusions(ctx, scope);
    const ensured = await ensureConfiguration(
      client,
      scope,
      mapping.spec,
      target.connection.tenantId,
      exclusions.map((e) => e.sourceUserId),
    );
    const ids = {
      servicePrincipalId: ensured.servicePrincipal.id,
      jobId: ensured.job.id,
      ruleId: ensured.ruleId,
    };
    const running = ensured.job.schedule.state === 'Active';
    if (spec.suspend && running)
      await controlSynchronizationJob(client, ids.servicePrincipalId, ids.jobId, 'pause');
    if (!spec.suspend && !running)
      await controlSynchronizationJob(client, ids.servicePrincipalId, ids.jobId, 'start');
    const restart = scope.metadata.annotations?.[RESTART_JOB_ANNOTATION] !== undefined;
    if (restart) await controlSynchronizationJob(client, ids.servicePrincipalId, ids.jobId, 'restart');

    const requested = scope.metadata.annotations?.[PROVISION_NOW_ANNOTATION];
    const groupRequest = scope.metadata.annotations?.[PROVISION_GROUP_NOW_ANNOTATION];
    const provisioned =
      requested === undefined
        ? undefined
        : await provisionThroughEntra(client, ids, requested, new Date(ctx.clock.now()));

    const job = (await getSynchronizationJob(client, ids.servicePrincipalId, ids.jobId)) ?? ensured.job;
    const left = operatorUsersLeft(scope);
    let entra = entraStatus(
      left === undefined ? ensured.entra : { ...ensured.entra, operatorUsersLeft: left },
      job,
    );
    if (provisioned) entra = { ...entra, provisionNow: provisioned };
    entra = await reportProvisioningLog(ctx, scope, client, entra, new Date(ctx.clock.now()));
    const fromJob = jobReadiness(job, spec.suspend);
    const readiness: JobReadiness =
      refused && !fromJob.quarantine ? { ready: false, reason: 'SyncNotAllowed', message: refused } : fromJob;
    const inScope = job.status.lastSuccessfulExecution?.countEntitled ?? 0;
    const provisionedUsers = synchronizedUsers(job);
    await report(
      ctx,
      scope,
      { state: readiness.ready ? 'ready' : 'notReady', reason: readiness.reason, message: readiness.message },
      entra,
      (s) => ({
        ...s,
        exclusions: exclusionsStatus(exclusions),
        counts: {
          inScope,
          provisioned: provisionedUsers,
          // Entra does not report pending work; escrows are its failing objects.
          pendingCreate: 0,
          pendingUpdate: 0,
          pendingDeprovision: 0,
          failed: entra.escrowed ?? 0,
        },
      }),
    );
    const ended = job.status.lastSuccessfulExecution?.timeEnded;
    recordEntraJob(ref, {
      inScope,
      provisioned: provisionedUsers,
      ...(ended ? { lastSuccess: new Date(ended) } : {}),
      quarantined: fromJob.quarantine !== undefined,
    });
    announce(ctx, scope, {
      writes: ensured.writes,
      operatorUsersLeft: left,
      provisioned,
      groupRequest,
    });
    if (provisioned) await removeAnnotation(ctx, scope, PROVISION_NOW_ANNOTATION);
    if (groupRequest !== undefined) await removeAnnotation(ctx, scope, PROVISION_GROUP_NOW_ANNOTATION);
    if (restart) await removeAnnotation(ctx, scope, RESTART_JOB_ANNOTATION);
    return { requeueAfterMs: POLL_MS };
  } catch (err) {
    if (err instanceof EntraRefusal) return notReady('stalled', err.reason, err.message);
    const message = err instanceof Error ? err.message : String(err);
    return notReady('notReady', 'EntraRequestFailed', message);
  }
}
