import type { SyncScope } from '../api/index.js';
import { deleteUser, listUsers } from '../graph/index.js';
import { readPath } from '../sync/mapping/values.js';
import { selectName } from '../sync/mapping/compile.js';
import type { OperatorContext } from './context.js';

/**
 * Soft-deletes every target user a SyncScope with `deletionPolicy: Delete` created (those carrying its
 * source tenant in the anchor), before its finalizer is removed. Restorable for 30 days, as Entra's
 * soft delete.
 */
export async function deprovisionOwnUsers(ctx: OperatorContext, scope: SyncScope): Promise<void> {
  const namespace = scope.metadata.namespace ?? '';
  const source = await ctx.tenants.connect(namespace, scope.spec.source.tenantLinkRef);
  const target = await ctx.tenants.connect(namespace, scope.spec.target.tenantLinkRef);
  if (!source.ok || !target.ok)
    throw new Error('both TenantLinks must be ready to delete the users this SyncScope created');
  const anchor = scope.spec.anchorAttribute;
  const users = await listUsers(target.connection.client, { select: ['id', selectName(anchor)], top: 999 });
  const prefix = `${source.connection.tenantId}:`;
  for (const user of users) {
    const value = readPath(user, anchor);
    if (typeof value === 'string' && value.startsWith(prefix))
      await deleteUser(target.connection.client, user.id);
  }
}
