// Entra's accidental-deletion prevention for a job, as its provisioning pages describe it: with
// DeleteThresholdEnabled in the secrets' SyncNotificationSettings, a cycle whose deletions and disables
// exceed the threshold holds them back, logs each held-back delete as stagedDelete and quarantines the job
// (TooManyDeletes) until the cause is fixed and the job restarted.
import { scopeOf, type JobContext } from './provision.js';
import { DELETE_THRESHOLD_DEFAULT } from './template.js';

/** The job's deletion threshold, or undefined when prevention is off. */
export function deletionThreshold(ctx: JobContext): number | undefined {
  const text = ctx.config.secrets.get('SyncNotificationSettings');
  if (!text) return undefined;
  const settings = JSON.parse(text) as Record<string, unknown>;
  // Graph documents only the switch; the value is set in the admin center, whose default is 500.
  return settings['DeleteThresholdEnabled'] === true ? DELETE_THRESHOLD_DEFAULT : undefined;
}

/** What the cycle would remove for one source user: a soft delete, a disable, or nothing. */
function removal(ctx: JobContext, sourceId: string): 'delete' | 'disable' | undefined {
  const targetId = ctx.job.links.get(sourceId);
  const target = targetId ? ctx.target.users.get(targetId) : undefined;
  if (!target) return undefined;
  const user = ctx.source.users.get(sourceId);
  if (!user || !scopeOf(ctx, user).inScope) return 'delete';
  return user.props['accountEnabled'] === false && target.props['accountEnabled'] !== false
    ? 'disable'
    : undefined;
}

/** The source users whose removal the cycle holds back (deletes and disables past the threshold), by kind. */
export function heldBack(
  ctx: JobContext,
  sourceIds: Iterable<string>,
): Map<string, 'delete' | 'disable'> | undefined {
  const threshold = deletionThreshold(ctx);
  if (threshold === undefined) return undefined;
  const removals = new Map<string, 'delete' | 'disable'>();
  for (const id of sourceIds) {
    const kind = removal(ctx, id);
    if (kind) removals.set(id, kind);
  }
  return removals.size > threshold ? removals : undefined;
}
