import type { GroupSyncStatus, SyncedGroupRef } from '../api/group-sync.js';

/** The parts of a SyncScope that resolving one of its groups reads. */
export interface GroupSyncSource {
  spec: { target: { tenantLinkRef: string } };
  status?: { groups?: GroupSyncStatus };
}

/** The target group id of a synchronized group, or why there is none (yet). */
export type SyncedGroupResolution =
  { ok: true; id: string } | { ok: false; reason: 'ReferenceNotFound' | 'GroupNotSynced'; message: string };

/**
 * Finds the target group a SyncScope created for `ref.sourceGroupId`, in the tenant a governance resource works
 * in: from the SyncScope's status.groups.synced, which it writes after each cycle.
 */
export function resolveSyncedGroup(
  ref: SyncedGroupRef,
  scope: GroupSyncSource | undefined,
  tenantLinkRef: string,
): SyncedGroupResolution {
  if (!scope)
    return {
      ok: false,
      reason: 'ReferenceNotFound',
      message: `SyncScope ${ref.syncScopeRef} does not exist`,
    };
  if (scope.spec.target.tenantLinkRef !== tenantLinkRef)
    return {
      ok: false,
      reason: 'ReferenceNotFound',
      message: `SyncScope ${ref.syncScopeRef} synchronizes into TenantLink ${scope.spec.target.tenantLinkRef}, not ${tenantLinkRef}`,
    };
  const synced = scope.status?.groups?.synced?.find((g) => g.sourceGroupId === ref.sourceGroupId);
  if (!synced)
    return {
      ok: false,
      reason: 'GroupNotSynced',
      message: `SyncScope ${ref.syncScopeRef} has not synchronized source group ${ref.sourceGroupId} (yet): check its groupSync and status.groups`,
    };
  return { ok: true, id: synced.targetGroupId };
}
