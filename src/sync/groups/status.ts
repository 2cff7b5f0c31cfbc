import type { GroupSyncStatus } from '../../api/group-sync.js';
import type { GroupAction } from './plan.js';
import type { GroupPassResult } from './pass.js';

function figures(actions: readonly GroupAction[]) {
  const count = (kind: GroupAction['kind']) => actions.filter((a) => a.kind === kind).length;
  const created = actions.filter((a) => a.kind === 'create');
  return {
    created: created.length,
    updated: count('update'),
    deleted: count('delete'),
    // A new group's members are one write each, after its create.
    membersAdded:
      count('addMember') + created.reduce((n, a) => n + (a.kind === 'create' ? a.members.length : 0), 0),
    membersRemoved: count('removeMember'),
  };
}

/** `status.groups` after a pass: figures, what DryRun would write, refused groups and the synchronized ones. */
export function groupSyncStatus(result: GroupPassResult, dryRun: boolean): GroupSyncStatus {
  const done = result.outcomes.filter((o) => o.ok).map((o) => o.action);
  const created = result.outcomes.flatMap((o) =>
    o.ok && o.action.kind === 'create' && o.targetGroupId !== undefined
      ? [
          {
            sourceGroupId: o.action.sourceGroupId,
            targetGroupId: o.targetGroupId,
            displayName: String(o.action.attributes['displayName'] ?? ''),
            members: o.action.members.length,
          },
        ]
      : [],
  );
  const deleted = new Set(done.flatMap((a) => (a.kind === 'delete' ? [a.targetGroupId] : [])));
  const synced = [...result.plan.synced, ...created].filter((g) => !deleted.has(g.targetGroupId));
  return {
    inScope: result.plan.inScope,
    provisioned: result.provisioned + created.length - deleted.size,
    failed: result.outcomes.filter((o) => !o.ok).length + result.plan.failures.length,
    ...(dryRun ? { plan: figures(result.threshold.actions) } : { lastCycle: figures(done) }),
    ...(result.threshold.staged.length > 0 ? { stagedDeletes: result.threshold.staged.length } : {}),
    ...(result.plan.refused.length > 0 ? { refused: result.plan.refused.slice(0, 50) } : {}),
    synced: synced.sort((a, b) => a.displayName.localeCompare(b.displayName)).slice(0, 500),
  };
}
