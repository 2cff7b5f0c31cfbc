// The reconcile every kind but SyncScope shares: a resource gone or outside the watched namespaces, deletion
// with its finalizer and deletionPolicy, suspension, then one pass and its report.
import type { V1ObjectMeta } from '@kubernetes/client-node';
import type { Logger } from 'winston';
import type { KindResource, ReasonKind } from '../../api/index.js';
import { splitKey } from '../../kube/client.js';
import type { Readiness } from '../../kube/conditions.js';
import type { ReconcileResult } from '../../kube/controller.js';
import { addFinalizer, hasFinalizer, removeFinalizer } from '../../kube/finalizers.js';
import type { Report } from '../../kube/report.js';
import { report } from '../../kube/report.js';
import type { OperatorContext } from '../context.js';
import { isWatched } from '../context.js';

/** The finalizer a resource carries while deletionPolicy is Delete. */
export const DELETE_IN_TENANT_FINALIZER = 'crosstenant.io/delete-in-tenant';

/** How often a ready resource is read again from its tenant to correct drift and refresh its status. */
export const RESYNC_MS = 60_000;

/** A resource as the shared reconcile reads it. */
export interface ReconciledResource<S> {
  metadata: V1ObjectMeta;
  spec: { suspend: boolean; mode?: 'Enforce' | 'DryRun'; deletionPolicy?: 'Orphan' | 'Delete' };
  status?: S;
}

/** One pass over a resource: its report, and when to look again (by default after RESYNC_MS; 0: not by itself). */
export interface Pass<K extends ReasonKind, S> extends Report<K, S> {
  requeueAfterMs?: number | ((stored: S | undefined) => number);
}

/** How deletion with `deletionPolicy: Delete` removes what the resource created. */
export interface Cleanup<T> {
  /** Removes it (not called in DryRun); 'done' lets the finalizer go. */
  run(obj: T, log: Logger): Promise<'done' | { requeueAfterMs: number }>;
  /** What it would remove, in words for the LeftInTenant Event (undefined when nothing was created). */
  inTenant(obj: T): string | undefined;
}

/** A kind as the shared reconcile sees it. */
export interface ReconciledKind<K extends ReasonKind, S, T extends ReconciledResource<S>> {
  resource: KindResource<K>;
  /** The pass of a resource that is not suspended. */
  act(obj: T, log: Logger): Promise<Pass<K, S>>;
  /** The pass of a suspended resource: Suspended, reading and writing nothing. */
  suspended(obj: T): Pass<K, S>;
  /** Present for kinds whose deletion can remove what they created in a tenant. */
  cleanup?: Cleanup<T>;
  /** Forgets what is kept about a resource gone from the cache (metrics series, cached clients). */
  forget?(namespace: string, name: string): void;
}

/** The readiness of a suspended resource. */
export function suspendedReadiness(what: string): Readiness<'Suspended'> {
  return {
    state: 'notReady',
    reason: 'Suspended',
    message: `Reconciliation is suspended (spec.suspend): ${what}`,
  };
}

/** The message of a LeftInTenant Event: the tenant was not touched, and what stays there. */
export function leftInTenantMessage(what: string | undefined): string {
  const left = what ? `left in place: ${what}` : 'nothing had been created there';
  return (
    'Deleted while suspended (spec.suspend), so deletionPolicy Delete was not carried out and the tenant ' +
    `was neither read nor written; ${left}. Remove it in the tenant by hand if it is no longer wanted`
  );
}

/** Reconciles one key of a kind that acts in a tenant. */
export async function reconcileResource<
  K extends ReasonKind,
  S extends object,
  T extends ReconciledResource<S>,
>(
  ctx: OperatorContext,
  kind: ReconciledKind<K, S, T>,
  key: string,
  obj: T | undefined,
  log: Logger,
): Promise<ReconcileResult | void> {
  const { namespace = '', name } = splitKey(key);
  if (!obj) {
    kind.forget?.(namespace, name);
    return;
  }
  if (!isWatched(ctx, namespace)) return;
  const ref = { kind: kind.resource, namespace, name };
  if (obj.metadata.deletionTimestamp) {
    if (!kind.cleanup || !hasFinalizer(obj, DELETE_IN_TENANT_FINALIZER)) return;
    const finished = await finalize(ctx, kind, kind.cleanup, obj, log);
    if (finished !== 'done') return finished;
    await removeFinalizer(ctx.clients, ref, DELETE_IN_TENANT_FINALIZER);
    return;
  }
  if (kind.cleanup) {
    const wanted = obj.spec.deletionPolicy === 'Delete';
    const present = hasFinalizer(obj, DELETE_IN_TENANT_FINALIZER);
    if (wanted && !present) await addFinalizer(ctx.clients, ref, DELETE_IN_TENANT_FINALIZER);
    if (!wanted && present) await removeFinalizer(ctx.clients, ref, DELETE_IN_TENANT_FINALIZER);
  }
  const pass = obj.spec.suspend ? kind.suspended(obj) : await kind.act(obj, log);
  const { stored } = await report({ ...ctx, log, now: new Date(ctx.clock.now()) }, kind.resource, obj, pass);
  if (obj.spec.suspend) return;
  const next = pass.requeueAfterMs ?? RESYNC_MS;
  return { requeueAfterMs: typeof next === 'number' ? next : next(stored.status) };
}

/** Deletion with the finalizer: nothing in the tenant while suspended or in DryRun, else the cleanup. */
async function finalize<K extends ReasonKind, S, T extends ReconciledResource<S>>(
  ctx: OperatorContext,
  kind: ReconciledKind<K, S, T>,
  cleanup: Cleanup<T>,
  obj: T,
  log: Logger,
): Promise<'done' | { requeueAfterMs: number }> {
  if (obj.spec.deletionPolicy !== 'Delete') return 'done';
  if (obj.spec.suspend) {
    const subject = {
      apiVersion: kind.resource.apiVersion,
      kind: kind.resource.kind,
      metadata: obj.metadata,
    };
    await ctx.events.event(subject, 'Warning', 'LeftInTenant', leftInTenantMessage(cleanup.inTenant(obj)));
    return 'done';
  }
  if (obj.spec.mode !== 'Enforce') return 'done';
  return cleanup.run(obj, log);
}
