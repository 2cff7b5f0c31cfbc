// The template the governance kinds share: each supplies how it acts in its tenant and how it cleans up;
// the template connects through spec.tenantLinkRef, turns Graph failures and warnings into conditions, and
// runs on the shared reconcile (finalizer, deletionPolicy, suspend, report).
import type { Logger } from 'winston';
import type {
  ConditionReason,
  ConditionType,
  KindResource,
  ReadyReason,
  ReasonKind,
} from '../../api/index.js';
import { eventEntry } from '../../api/index.js';
import type { Explanation, Readiness } from '../../kube/conditions.js';
import type { ConditionUpdate, ReportEvent } from '../../kube/report.js';
import { forgetGovernanceSeries } from '../../governance/metrics.js';
import { GraphRequestError } from '../../graph/index.js';
import type { OperatorContext } from '../context.js';
import type { TenantConnectResult, TenantConnection } from '../shared/tenant-clients.js';
import type { Pass, ReconciledKind } from '../shared/reconcile.js';
import { RESYNC_MS, suspendedReadiness } from '../shared/reconcile.js';

/** How soon a resource waiting on Graph (deliveries, runs, instances) is read again. */
export const PROGRESS_MS = 10_000;

export { RESYNC_MS };

/** The governance kinds. */
export type GovernanceKindName = 'AccessPackagePolicy' | 'ReviewSchedule' | 'LifecycleWorkflow';

/** A governance resource as the template sees it. */
export interface GovernanceResource<St> {
  metadata: { name?: string; namespace?: string; generation?: number };
  spec: {
    tenantLinkRef: string;
    suspend: boolean;
    mode: 'Enforce' | 'DryRun';
    deletionPolicy: 'Orphan' | 'Delete';
  };
  status?: St;
}

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
export interface GovernanceKind<T extends GovernanceResource<St>, St, K extends GovernanceKindName> {
  resource: KindResource<K>;
  /** Resolves references, plans and (unless DryRun) writes; `connect` yields the tenant's Graph client. */
  act(obj: T, connect: () => Promise<TenantConnectResult>, log: Logger): Promise<Outcome<St, K>>;
  /** Removes what the resource created; 'done' lets the finalizer go. */
  cleanup(obj: T, connection: TenantConnection, log: Logger): Promise<'done' | { requeueAfterMs: number }>;
  /** What `cleanup` would remove, in words for an Event (undefined when nothing was created). */
  inTenant(obj: T): string | undefined;
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

/** The readiness of a TenantLink that cannot be used: one not ready yet is retried, the rest stall. */
export function unusableLink(
  failure: Extract<TenantConnectResult, { ok: false }>,
): Readiness<Extract<TenantConnectResult, { ok: false }>['reason']> {
  const state = failure.reason === 'TenantLinkNotReady' ? 'notReady' : 'stalled';
  return { state, reason: failure.reason, message: failure.message };
}

/** How soon a resource whose TenantLink cannot be used looks again. */
export const LINK_RETRY_MS = 30_000;

/** Runs `body` with a connection, or reports why there is none. */
export async function withConnection<St, K extends GovernanceKindName>(
  connect: () => Promise<TenantConnectResult>,
  body: (connection: TenantConnection) => Promise<Outcome<St, K>>,
  warnings?: Warnings<K>,
): Promise<Outcome<St, K>> {
  const connected = await connect();
  if (!connected.ok)
    return { status: {}, readiness: unusableLink(connected), warnings, requeueAfterMs: LINK_RETRY_MS };
  try {
    return await body(connected.connection);
  } catch (err) {
    const failure = graphFailure(err);
    return { status: {}, ...failure, warnings };
  }
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

/** What a pass that reached the tenant did: its status, what it wrote (or would), whether Graph is settling. */
export interface Synced<St> {
  status: Partial<St>;
  plan: readonly string[];
  settling?: boolean;
}

/** The outcome of a pass that reached the tenant: ready with `summary`, looked at again soon while settling. */
export function reached<St, K extends GovernanceKindName>(
  result: Synced<St>,
  dryRun: boolean,
  summary: string,
  warnings: Warnings<K> | undefined,
): Outcome<St, K> {
  return {
    status: result.status,
    warnings,
    readiness: passed(dryRun, result.plan, summary),
    requeueAfterMs: result.settling ? PROGRESS_MS : RESYNC_MS,
  };
}

/**
 * An outcome as the shared reconcile reports it: warnings as True conditions, status fields merged. A warning
 * whose reason the catalogue also lists as an Event of the kind is recorded as that Event when it appears.
 */
function toPass<St extends object, K extends GovernanceKindName>(
  kind: K,
  outcome: Outcome<St, K>,
): Pass<K, St> {
  const warnings: Record<string, Explanation | undefined> = outcome.warnings ?? {};
  const conditions = Object.fromEntries(
    Object.entries(warnings).map(([type, warning]): [string, ConditionUpdate<string>] => [
      type,
      warning && { status: 'True', ...warning },
    ]),
  ) as Pass<K, St>['conditions'];
  const events = Object.entries(warnings).flatMap(([type, warning]): ReportEvent<K>[] => {
    const entry = warning && eventEntry(kind, warning.reason);
    if (!warning || !entry) return [];
    const whenRaised = type as Exclude<ConditionType<K>, 'Ready'>;
    return [{ type: entry.type, reason: entry.reason, message: warning.message, whenRaised }];
  });
  return {
    readiness: outcome.readiness,
    conditions,
    events,
    fields: (current) => ({ ...current, ...outcome.status }) as NonNullable<typeof current>,
    requeueAfterMs: outcome.requeueAfterMs ?? RESYNC_MS,
  };
}

/** A governance kind on the shared reconcile: connected through spec.tenantLinkRef. */
export function governed<T extends GovernanceResource<St>, St extends object, K extends GovernanceKindName>(
  ctx: OperatorContext,
  kind: GovernanceKind<T, St, K>,
): ReconciledKind<K, St, T & { metadata: T['metadata'] & { namespace?: string } }> {
  const connect = (obj: T) => () => ctx.tenants.connect(obj.metadata.namespace ?? '', obj.spec.tenantLinkRef);
  return {
    resource: kind.resource,
    act: async (obj, log) => toPass(kind.resource.kind, await kind.act(obj, connect(obj), log)),
    suspended: () => ({
      readiness: suspendedReadiness('the tenant is neither read nor written'),
    }),
    cleanup: {
      run: async (obj, log) => {
        const connected = await connect(obj)();
        if (!connected.ok) return { requeueAfterMs: LINK_RETRY_MS };
        const done = await kind.cleanup(obj, connected.connection, log);
        if (done === 'done') log.info('deleted what the resource created in the tenant');
        return done;
      },
      inTenant: (obj) => kind.inTenant(obj),
    },
    forget: forgetGovernanceSeries,
  };
}
