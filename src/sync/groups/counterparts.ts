// Which target user stands for a source member of a synced group: the group pass adds only the synchronized
// counterparts of members that are in the user scope.
import type { ActionOutcome } from '../apply.js';
import type { SyncState } from '../cycle.js';

/**
 * Target users the user pass made live this cycle (created, adopted or restored), by source user id. The
 * target index was read before the cycle's writes and holds them only after the next read; without these a
 * new member would join its groups a cycle late.
 */
export function counterpartsMadeLive(outcomes: readonly ActionOutcome[]): Map<string, string> {
  const live = new Map<string, string>();
  for (const { ok, action, targetUserId } of outcomes) {
    if (!ok || targetUserId === undefined) continue;
    if (action.kind === 'create' || action.kind === 'adopt' || action.kind === 'restore')
      live.set(action.sourceUserId, targetUserId);
  }
  return live;
}

/**
 * The target counterpart of a source user, when the user is in scope and synchronized: from the target index,
 * or from `madeLive` for a user this cycle created, adopted or restored.
 */
export function counterpartOf(
  users: SyncState,
  sourceTenantId: string,
  madeLive: ReadonlyMap<string, string> = new Map(),
): (sourceUserId: string) => string | undefined {
  const anchored = users.target.lookup().bySource.get(sourceTenantId);
  return (id) => {
    if (users.source.get(id)?.inScope !== true) return undefined;
    const target = anchored?.get(id);
    if (target && !target.deleted) return target.id;
    return madeLive.get(id);
  };
}
