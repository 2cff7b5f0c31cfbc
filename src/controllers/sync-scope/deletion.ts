import type { SyncScope } from '../../api/index.js';
import { executeBatches, listUsers, segment } from '../../graph/index.js';
import { readPath } from '../../sync/mapping/values.js';
import { selectName } from '../../sync/mapping/compile.js';
import { plural } from '../../sync/plural.js';
import { addFinalizer, hasFinalizer, removeFinalizer } from '../../kube/finalizers.js';
import type { OperatorContext } from '../context.js';
import { rivalsOf, scopeTenants } from './overlap.js';
import { eventSubject, SYNC_SCOPE_FINALIZER, SYNC_SCOPE_KIND } from './resource.js';

/**
 * Soft-deletes every target user a SyncScope with `deletionPolicy: Delete` created (those carrying its
 * source tenant in the anchor), before its finalizer is removed, in `$batch`es of 20. Restorable for 30
 * days, as Entra's soft delete. A user that could not be deleted fails the call, so the finalizer stays and
 * the next reconcile tries again (deleting the rest once more is harmless: a 404 is already done).
 */
async function deprovisionOwnUsers(ctx: OperatorContext, scope: SyncScope): Promise<number> {
  const namespace = scope.metadata.namespace ?? '';
  const source = await ctx.tenants.connect(namespace, scope.spec.source.tenantLinkRef);
  const target = await ctx.tenants.connect(namespace, scope.spec.target.tenantLinkRef);
  if (!source.ok || !target.ok)
    throw new Error('both TenantLinks must be ready to delete the users this SyncScope created');
  const anchor = scope.spec.anchorAttribute;
  const users = await listUsers(target.connection.client, { select: ['id', selectName(anchor)], top: 999 });
  const prefix = `${source.connection.tenantId}:`;
  const own = users.filter((user) => {
    const value = readPath(user, anchor);
    return typeof value === 'string' && value.startsWith(prefix);
  });
  const results = await executeBatches(
    target.connection.client,
    own.map((user, i) => ({ id: String(i), method: 'DELETE' as const, url: `/users/${segment(user.id)}` })),
  );
  const failed = results.filter((r) => r.status >= 300 && r.status !== 404);
  const deleted = own.length - failed.length;
  const subject = eventSubject(scope);
  const log = { syncScope: `${namespace}/${scope.metadata.name ?? ''}`, deleted, failed: failed.length };
  if (failed.length > 0) {
    const first = failed[0]?.error;
    const why = first ? `${first.code}: ${first.message}` : `HTTP ${failed[0]?.status}`;
    const message =
      `deletionPolicy Delete: soft-deleted ${plural(deleted, 'user')} this SyncScope created; ` +
      `${plural(failed.length, 'user')} could not be deleted (the first: ${why}) and ${failed.length === 1 ? 'is' : 'are'} tried again`;
    ctx.logger.warn('could not delete every user of a deleted SyncScope', { ...log, error: why });
    void ctx.events.event(subject, 'Warning', 'UsersNotDeleted', message);
    throw new Error(message);
  }
  ctx.logger.info('deleted the users of a deleted SyncScope', log);
  void ctx.events.event(
    subject,
    'Normal',
    'UsersDeleted',
    `deletionPolicy Delete: soft-deleted ${plural(deleted, 'user')} this SyncScope created (restorable for 30 days)`,
  );
  return deleted;
}

function objectRef(scope: SyncScope) {
  return {
    kind: SYNC_SCOPE_KIND,
    namespace: scope.metadata.namespace ?? '',
    name: scope.metadata.name ?? '',
  };
}

/**
 * A SyncScope being deleted: with deletionPolicy Delete its users are deleted, unless another live SyncScope
 * of `writers` syncs the same tenant pair (they are that scope's now) or it is a DryRun; then the finalizer
 * goes.
 */
export async function finalizeDeletion(
  ctx: OperatorContext,
  scope: SyncScope,
  writers: readonly SyncScope[],
): Promise<void> {
  if (!hasFinalizer(scope, SYNC_SCOPE_FINALIZER)) return;
  const tenantsOf = (s: SyncScope) => scopeTenants(s, (ns, link) => ctx.tenants.tenantIdOf(ns, link));
  const handedOver = rivalsOf(tenantsOf(scope), writers.map(tenantsOf)).length > 0;
  if (scope.spec.deletionPolicy === 'Delete' && scope.spec.mode !== 'DryRun' && !handedOver)
    await deprovisionOwnUsers(ctx, scope);
  await removeFinalizer(ctx.clients, objectRef(scope), SYNC_SCOPE_FINALIZER);
}

/** Keeps the finalizer in step with spec.deletionPolicy: present only with Delete. */
export async function keepFinalizer(ctx: OperatorContext, scope: SyncScope): Promise<void> {
  const wanted = scope.spec.deletionPolicy === 'Delete';
  const present = hasFinalizer(scope, SYNC_SCOPE_FINALIZER);
  if (wanted && !present) await addFinalizer(ctx.clients, objectRef(scope), SYNC_SCOPE_FINALIZER);
  if (!wanted && present) await removeFinalizer(ctx.clients, objectRef(scope), SYNC_SCOPE_FINALIZER);
}
