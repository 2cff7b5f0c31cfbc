import type { SyncScope } from '../../api/index.js';
import { executeBatches, listUsers, segment, type GraphClient } from '../../graph/index.js';
import { readPath } from '../../sync/mapping/values.js';
import { selectName } from '../../sync/mapping/compile.js';
import { plural } from '../../sync/plural.js';
import { addFinalizer, hasFinalizer, removeFinalizer } from '../../kube/finalizers.js';
import type { OperatorContext } from '../context.js';
import { ownGroups } from './deletion-groups.js';
import { rivalsOf, scopeTenants } from './overlap.js';
import { eventSubject, SYNC_SCOPE_FINALIZER, SYNC_SCOPE_KIND } from './resource.js';

/** What a deleted SyncScope removes of one kind, and how its Event and log line name it. */
interface OwnObjects {
  noun: 'user' | 'group';
  collection: '/users' | '/groups';
  ids: readonly string[];
  /** The deletion in the past tense: `soft-deleted`, `deleted`. */
  done: string;
  /** What the deletion means for the objects, said after the count. */
  aftermath: string;
  reasons: { done: 'UsersDeleted' | 'GroupsDeleted'; failed: 'UsersNotDeleted' | 'GroupsNotDeleted' };
}

/**
 * Deletes the objects in `$batch`es of 20 and says so in an Event and a log line. Returns why some could not be
 * deleted, or undefined: the caller keeps the finalizer and the next reconcile tries again (deleting the rest
 * once more is harmless: a 404 is already done).
 */
async function deleteOwn(
  ctx: OperatorContext,
  scope: SyncScope,
  target: GraphClient,
  own: OwnObjects,
): Promise<string | undefined> {
  const results = await executeBatches(
    target,
    own.ids.map((id, i) => ({
      id: String(i),
      method: 'DELETE' as const,
      url: `${own.collection}/${segment(id)}`,
    })),
  );
  const failed = results.filter((r) => r.status >= 300 && r.status !== 404);
  const deleted = own.ids.length - failed.length;
  const subject = eventSubject(scope);
  const what = `${own.done} ${plural(deleted, own.noun)} this SyncScope created`;
  const log = {
    syncScope: `${scope.metadata.namespace ?? ''}/${scope.metadata.name ?? ''}`,
    kind: own.noun,
    deleted,
    failed: failed.length,
  };
  if (failed.length > 0) {
    const first = failed[0]?.error;
    const why = first ? `${first.code}: ${first.message}` : `HTTP ${failed[0]?.status}`;
    const message =
      `deletionPolicy Delete: ${what}; ${plural(failed.length, own.noun)} could not be deleted (the first: ` +
      `${why}) and ${failed.length === 1 ? 'is' : 'are'} tried again`;
    ctx.logger.warn(`could not delete every ${own.noun} of a deleted SyncScope`, { ...log, error: why });
    void ctx.events.event(subject, 'Warning', own.reasons.failed, message);
    return message;
  }
  ctx.logger.info(`deleted the ${own.noun}s of a deleted SyncScope`, log);
  void ctx.events.event(
    subject,
    'Normal',
    own.reasons.done,
    `deletionPolicy Delete: ${what} (${own.aftermath})`,
  );
  return undefined;
}

/**
 * Deletes what a SyncScope with `deletionPolicy: Delete` created before its finalizer is removed: the target
 * users carrying its source tenant in the anchor (soft-deleted, restorable for 30 days as Entra's soft delete)
 * and, with spec.groupSync, the target groups carrying it in the group anchor. Both kinds are tried; if any
 * object could not be deleted the call fails, so the finalizer stays and the next reconcile tries again.
 */
async function deprovisionOwnObjects(ctx: OperatorContext, scope: SyncScope): Promise<void> {
  const namespace = scope.metadata.namespace ?? '';
  const source = await ctx.tenants.connect(namespace, scope.spec.source.tenantLinkRef);
  const target = await ctx.tenants.connect(namespace, scope.spec.target.tenantLinkRef);
  if (!source.ok || !target.ok)
    throw new Error('both TenantLinks must be ready to delete what this SyncScope created');
  const client = target.connection.client;
  const sourceTenantId = source.connection.tenantId;
  const anchor = scope.spec.anchorAttribute;
  const users = await listUsers(client, { select: ['id', selectName(anchor)], top: 999 });
  const userIds = users.flatMap((user) => {
    const value = readPath(user, anchor);
    return typeof value === 'string' && value.startsWith(`${sourceTenantId}:`) ? [user.id] : [];
  });
  const failures = [
    await deleteOwn(ctx, scope, client, {
      noun: 'user',
      collection: '/users',
      ids: userIds,
      done: 'soft-deleted',
      aftermath: 'restorable for 30 days',
      reasons: { done: 'UsersDeleted', failed: 'UsersNotDeleted' },
    }),
  ];
  const groupSync = scope.spec.groupSync;
  if (groupSync)
    failures.push(
      await deleteOwn(ctx, scope, client, {
        noun: 'group',
        collection: '/groups',
        ids: await ownGroups(client, groupSync, sourceTenantId),
        done: 'deleted',
        aftermath: 'security groups are deleted for good',
        reasons: { done: 'GroupsDeleted', failed: 'GroupsNotDeleted' },
      }),
    );
  const failed = failures.filter((f) => f !== undefined);
  if (failed.length > 0) throw new Error(failed.join('; '));
}

function objectRef(scope: SyncScope) {
  return {
    kind: SYNC_SCOPE_KIND,
    namespace: scope.metadata.namespace ?? '',
    name: scope.metadata.name ?? '',
  };
}

/**
 * A SyncScope being deleted: with deletionPolicy Delete its users and groups are deleted, unless another live
 * SyncScope of `writers` syncs the same tenant pair (they are that scope's now) or it is a DryRun; then the
 * finalizer goes.
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
    await deprovisionOwnObjects(ctx, scope);
  await removeFinalizer(ctx.clients, objectRef(scope), SYNC_SCOPE_FINALIZER);
}

/** Keeps the finalizer in step with spec.deletionPolicy: present only with Delete. */
export async function keepFinalizer(ctx: OperatorContext, scope: SyncScope): Promise<void> {
  const wanted = scope.spec.deletionPolicy === 'Delete';
  const present = hasFinalizer(scope, SYNC_SCOPE_FINALIZER);
  if (wanted && !present) await addFinalizer(ctx.clients, objectRef(scope), SYNC_SCOPE_FINALIZER);
  if (!wanted && present) await removeFinalizer(ctx.clients, objectRef(scope), SYNC_SCOPE_FINALIZER);
}
