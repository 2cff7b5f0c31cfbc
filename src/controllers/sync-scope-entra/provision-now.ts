// crosstenant.io/provision-now with engine Entra: the user goes through Entra's provisionOnDemand and the
// steps Entra reports land in status.entra.provisionNow and an Event; the annotation is then removed.
import type { EntraProvisionNowStatus } from '../../api/sync-scope-entra.js';
import type { GraphClient } from '../../graph/index.js';
import { provisionOnDemand } from '../../graph/synchronization.js';
import { getUser } from '../../graph/users.js';

function result(steps: { status: string }[]): EntraProvisionNowStatus['result'] {
  if (steps.some((s) => s.status === 'Failure')) return 'Failed';
  if (steps.some((s) => s.status === 'Skipped' && steps.indexOf(s) < 2)) return 'Skipped';
  return 'Succeeded';
}

/** Provisions `requested` (object id or UPN) on demand through the job and reports Entra's steps. */
export async function provisionThroughEntra(
  source: GraphClient,
  ids: { servicePrincipalId: string; jobId: string; ruleId: string },
  requested: string,
  now: Date,
): Promise<EntraProvisionNowStatus> {
  const time = now.toISOString();
  const user = await getUser(source, requested, ['id']);
  if (!user) return { user: requested, time, result: 'UserNotFound', steps: [] };
  const userId = user.id;
  try {
    const steps = await provisionOnDemand(source, ids.servicePrincipalId, ids.jobId, ids.ruleId, userId);
    return {
      user: requested,
      time,
      result: result(steps),
      steps: steps.slice(0, 32).map((s) => ({
        name: s.name,
        status: s.status,
        ...(s.description ? { description: s.description.slice(0, 1024) } : {}),
      })),
    };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      user: requested,
      time,
      result: 'Failed',
      steps: [{ name: 'ProvisionOnDemand', status: 'Failure', description: message.slice(0, 1024) }],
    };
  }
}
