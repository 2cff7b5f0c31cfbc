// A target-tenant review that removes denied synchronized users on its own fights the SyncScope that put them
// there: sync re-provisions anyone still in its scope (Entra warns of the same in its governance guidance).
import type { ReviewScheduleSpec } from '../api/index.js';

/** The parts of a SyncScope that decide whether a review's removals conflict with it. */
export interface SyncScopeSummary {
  name: string;
  sourceTenantLinkRef: string;
  targetTenantLinkRef: string;
  userType: 'Member' | 'Guest';
}

/**
 * The SyncScopes (sorted names) that would re-provision users the review removes: only when decisions are
 * auto-applied with onDeny RemoveAccess, and only SyncScopes into the review's tenant whose users the
 * review's principals include.
 */
export function conflictingSyncScopes(
  review: Pick<ReviewScheduleSpec, 'tenantLinkRef' | 'scope' | 'decisions' | 'onDeny'>,
  syncScopes: readonly SyncScopeSummary[],
): string[] {
  if (!review.decisions.autoApply || review.onDeny !== 'RemoveAccess') return [];
  const principals = review.scope.principals;
  const sources = new Set(review.scope.syncedFrom ?? []);
  return syncScopes
    .filter((scope) => scope.targetTenantLinkRef === review.tenantLinkRef)
    .filter((scope) => {
      switch (principals) {
        case 'All':
          return true;
        case 'Guests':
          return scope.userType === 'Guest';
        case 'Members':
          return scope.userType === 'Member';
        case 'SyncedFrom':
          return sources.has(scope.sourceTenantLinkRef);
      }
    })
    .map((scope) => scope.name)
    .sort();
}

/** A group a SyncScope synchronizes into a tenant, as its status.groups.synced lists it. */
export interface SyncedGroup {
  syncScope: string;
  sourceGroupId: string;
  targetGroupId: string;
  displayName: string;
}

/** A group an access package grants a role in, by id or display name. */
export interface GrantedGroup {
  group: { id?: string; displayName?: string };
  role: 'Member' | 'Owner';
}

/**
 * The synchronized groups whose membership an access package grants. Their members are the source group's:
 * each cycle of the SyncScope removes members it did not add. Owners are not synchronized, so an Owner grant
 * does not conflict. Ids and display names compare as Graph does, ignoring case.
 */
export function syncedGroupsGranted(
  resources: readonly GrantedGroup[],
  synced: readonly SyncedGroup[],
): SyncedGroup[] {
  const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();
  return synced.filter((group) =>
    resources.some(
      (r) =>
        r.role === 'Member' &&
        (same(r.group.id, group.targetGroupId) || same(r.group.displayName, group.displayName)),
    ),
  );
}
