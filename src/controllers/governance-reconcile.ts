// What the three governance controllers share: finalizer and deletionPolicy, suspend, Graph failures as
// conditions, warning conditions, the status write and readiness events. Each kind supplies `act`.
import type { KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from 'winston';
import type { ConditionReason, ConditionType, KindResource, ReadyReason, ReasonKind } from '../api/index.js';
import { API_VERSION, GROUP, VERSION } from '../api/index.js';
import { GraphRequestError } from '../graph/index.js';
import { isNotFound, splitKey } from '../kube/client.js';
import type { Condition, Explanation, Readiness } from '../kube/conditions.js';
import type { ReconcileResult } from '../kube/controller.js';
import { addFinalizer, hasFinalizer, removeFinalizer } from '../kube/finalizers.js';
import type { Fields, Report } from '../kube/report.js';
import { report } from '../kube/report.js';
import { forgetGovernanceSeries } from '../governance/metrics.js';
import type { OperatorContext } from './context.js';
import { isWatched } from './context.js';
import type { TenantConnectResult, TenantConnection } from './tenant-clients.js';

/** The finalizer governance resources carry while deletionPolicy is Delete. */
export const GOVERNANCE_FINALIZER = 'crosstenant.io/delete-in-tenant';

/** How often a ready resource is read again from Graph to correct drift and refresh its status. */
export const RESYNC_MS = 60_000;
/** How soon a resource waiting on Graph (deliveries, runs, instances) is read again. */
export const PROGRESS_MS = 10_000;

/** A governance resource as the skeleton sees it. */
export type GovernanceResource = KubernetesObject & {
  metadata: { name?: string; namespace?: string; generation?: number };
  spec: {
    tenantLinkRef: string;
    suspend: boolean;
    mode: 'Enforce' | 'DryRun';
    deletionPolicy: 'Orphan' | 'Delete';
  };
  status?: { conditions?: Condition[]; observedGeneration?: number };
};

/** The governance kinds. */
export type GovernanceKindName = 'AccessPackagePolicy' | 'ReviewSchedule' | 'LifecycleWorkflow';

/** Warning conditions of kind `K` by type: True with this explanation, or removed when undefined. */
export type Warnings<K extends ReasonKind> = {
  [C in Exclude<ConditionType<K>, 'Ready'>]?: Explanation<ConditionReason<K, C>> | undefined;
};

/** What one reconcile found: status fields, readiness, warning conditions (set when present), next look. */
export interface Outcome<St, K extends ReasonKind> {
  status: Partial<St>;
  readiness: Readiness<ReadyReason<K>>;
  warnings?: Warnings<K>;
  requeueAfterMs?: number;
}

/** One governance kind: how it acts in the tenant and how it cleans up. */
export interface GovernanceKind<T extends GovernanceResource, St, K extends GovernanceKindName> {
  resource: KindResource<K>;
  /** Resolves references, plans and (unless DryRun) writes; `connect` yields the tenant's Graph client. */
  act(obj: T, connect: () => Promise<TenantConnectResult>, log: Logger): Promise<Outcome<St, K>>;
  /** Removes what the resource created; 'done' lets the finalizer go. */
  cleanup(obj: T, connection: TenantConnection, log: Logger): Promise<'done' | { requeueAfterMs: number }>;
  /** What `cleanup` would remove, in words for an Event (undefined when nothing was created). */
  inTenant(obj: T): string | undefined;
}

/** The Event reason for a resource deleted while suspended, whose objects stay in the tenant. */
export const LEFT_IN_TENANT = 'LeftInTenant';

/** The message of a LeftInTenant Event: the tenant was not touched, and what stays there. */
export function leftInTenantMessage(what: string | undefined): string {
  const left = what ? `left in place: ${what}` : 'nothing had been created there';
  return (
    'Deleted while suspended (spec.suspend), so deletionPolicy Delete was not carried out and the tenant ' +
    `was neither read nor written; ${left}. Remove it in the tenant by hand if it is no longer wanted`
  );
}

/** A readiness that needs the user, for references and rules. */
export function stalled<R extends string>(reason: R, message: string): Readiness<R> {
  return { state: 'stalled', reason, message };
}

/** Turns a failed Graph call into readiness and a retry time; other errors pass through. */
export function graphFailure(err: unknown): {
  readiness: Readiness<'PermissionsMissing' | 'GraphRequestFailed'>;
  requeueAfterMs: number;
} {
  if (!(err instanceof GraphRequestError)) throw err;
  const info = err.info;
  const requestId = info.requestId ? ` (request-id ${info.requestId})` : '';
  const message = `Graph answered ${info.status || 'nothing'}: ${info.code}: ${info.message}${requestId}`;
  if (info.status === 403)
    return { readiness: stalled('PermissionsMissing', message), requeueAfterMs: RESYNC_MS };
  return {
    readiness: { state: 'notReady', reason: 'GraphRequestFailed', message },
    requeueAfterMs: Math.max(info.retryAfterSeconds ?? 0, 30) * 1000,
  };
}

/** Runs `body` with a connection, or reports why there is none. */
export async function withConnection<St, K extends GovernanceKindName>(
  connect: () => Promise<TenantConnectResult>,
  body: (connection: TenantConnection) => Promise<Outcome<St, K>>,
  warnings?: Warnings<K>,
): Promise<Outcome<St, K>> {
  const connected = await connect();
  if (!connected.ok) {
    const state = connected.reason === 'TenantLinkNotReady' ? 'notReady' : 'stalled';
    return {
      status: {},
      readiness: { state, reason: connected.reason, message: connected.message },
      warnings,
      requeueAfterMs: 30_000,
    };
  }
  try {
    return await body(connected.connection);
  } catch (err) {
    const failure = graphFailure(err);
    return { status: {}, ...failure, warnings };
  }
}

/** Lists the custom resources of a kind in a namespace (an empty list when its CRD is not installed). */
export async function listResources<T extends KubernetesObject>(
  ctx: OperatorContext,
  plural: string,
  namespace: string,
): Promise<T[]> {
  try {
    const list = (await ctx.clients.customObjects.listNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      plural,
      namespace,
    })) as KubernetesListObject<T>;
    return list.items;
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
}

/** The reconcile of a governance kind: deletion, finalizer, suspend, act, status and events. */
export async function reconcileGovernance<
  T extends GovernanceResource,
  St extends object,
  K extends GovernanceKindName,
>(
  ctx: OperatorContext,
  kind: GovernanceKind<T, St, K>,
  key: string,
  obj: T | undefined,
  log: Logger,
): Promise<ReconcileResult | void> {
  const { namespace = '', name } = splitKey(key);
  if (!obj) {
    forgetGovernanceSeries(namespace, name);
    return;
  }
  if (!isWatched(ctx, namespace)) return;
  const ref = { kind: kind.resource, namespace, name };
  const connect = () => ctx.tenants.connect(namespace, obj.spec.tenantLinkRef);
  if (obj.metadata.deletionTimestamp) {
    if (!hasFinalizer(obj, GOVERNANCE_FINALIZER)) return;
    if (obj.spec.deletionPolicy === 'Delete' && obj.spec.suspend) {
      const subject = { apiVersion: API_VERSION, kind: kind.resource.kind, metadata: obj.metadata };
      await ctx.events.event(subject, 'Warning', LEFT_IN_TENANT, leftInTenantMessage(kind.inTenant(obj)));
    } else if (obj.spec.deletionPolicy === 'Delete' && obj.spec.mode === 'Enforce') {
      const connected = await connect();
      if (!connected.ok) return { requeueAfterMs: 30_000 };
      const done = await kind.cleanup(obj, connected.connection, log);
      if (done !== 'done') return done;
      log.info('deleted what the resource created in the tenant');
    }
    await removeFinalizer(ctx.clients, ref, GOVERNANCE_FINALIZER);
    return;
  }
  const wantsFinalizer = obj.spec.deletionPolicy === 'Delete';
  if (wantsFinalizer && !hasFinalizer(obj, GOVERNANCE_FINALIZER))
    await addFinalizer(ctx.clients, ref, GOVERNANCE_FINALIZER);
  if (!wantsFinalizer && hasFinalizer(obj, GOVERNANCE_FINALIZER))
    await removeFinalizer(ctx.clients, ref, GOVERNANCE_FINALIZER);

  const outcome: Outcome<St, K> = obj.spec.suspend
    ? {
        status: {},
        readiness: {
          state: 'notReady',
          reason: 'Suspended',
          message: 'Reconciliation is suspended (spec.suspend): the tenant is neither read nor written',
        },
      }
    : await kind.act(obj, connect, log);
  const warnings: Record<string, Explanation | undefined> = outcome.warnings ?? {};
  await report<K, T, T['status'] & object>({ ...ctx, log, now: ctx.now() }, kind.resource, obj, {
    readiness: outcome.readiness,
    conditions: Object.fromEntries(
      Object.entries(warnings).map(([type, warning]) => [type, warning && { status: 'True', ...warning }]),
    ) as Report<K, T['status'] & object>['conditions'],
    fields: (current) => ({ ...current, ...outcome.status }) as Fields<T['status'] & object>,
  });
  if (obj.spec.suspend) return;
  return { requeueAfterMs: outcome.requeueAfterMs ?? RESYNC_MS };
}

/** Readiness after a pass: in DryRun the plan (what would be written), else `summary` and what was written. */
export function passed(
  dryRun: boolean,
  plan: readonly string[],
  summary: string,
): Readiness<'DryRun' | 'ReconciliationSucceeded'> {
  if (dryRun) {
    const message =
      plan.length === 0 ? 'DryRun: the tenant matches the spec' : `DryRun: would ${plan.join('; ')}`;
    return { state: 'ready', reason: 'DryRun', message };
  }
  const message = plan.length === 0 ? summary : `${summary}; did ${plan.join('; ')}`;
  return { state: 'ready', reason: 'ReconciliationSucceeded', message };
}
