// The groups of a SyncScope with spec.groupSync that its deletion with `deletionPolicy: Delete` removes.
import type { GroupSyncSpec } from '../../api/group-sync.js';
import { listGroups, type GraphClient } from '../../graph/index.js';
import { anchoredSourceGroup } from '../../sync/groups/plan.js';

/**
 * The object ids of the target groups whose group anchor starts with `<source tenant id>:`. Graph's pages show
 * `$filter` on a directory extension with `eq` and state no prefix match (`startswith`) for one, while the
 * anchor holds one value per source group: so the groups are listed with their id and the anchor alone, and
 * matched here.
 */
export async function ownGroups(
  target: GraphClient,
  groupSync: GroupSyncSpec,
  sourceTenantId: string,
): Promise<string[]> {
  const anchor = groupSync.anchorAttribute;
  const groups = await listGroups(target, ['id', anchor]);
  return groups.filter((g) => anchoredSourceGroup(g, anchor, sourceTenantId) !== undefined).map((g) => g.id);
}
