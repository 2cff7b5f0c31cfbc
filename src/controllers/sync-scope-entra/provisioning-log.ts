// Per-user outcomes of Entra's job, read from the provisioning log since the last one reported: a summary
// Event per poll that found changes and a Warning Event per failed user, as our own engine reports them.
import type { EntraStatus } from '../../api/sync-scope-entra.js';
import type { SyncScope } from '../../api/index.js';
import { API_VERSION } from '../../api/index.js';
import { logReadSince, unreportedEntries } from '../../entra-engine/log-cursor.js';
import type { GraphClient } from '../../graph/index.js';
import { listProvisioningLog, type ProvisioningLogEntry } from '../../graph/synchronization.js';
import type { OperatorContext } from '../context.js';

/** Failed users reported one Event each per poll; the rest are counted in the summary. */
const FAILURE_EVENTS = 10;

function who(entry: ProvisioningLogEntry): string {
  const upn = entry.sourceIdentity?.details?.['UserPrincipalName'];
  return upn || entry.sourceIdentity?.displayName || entry.sourceIdentity?.id || 'a user';
}

/** Reports the log entries of the job not reported before; returns status.entra with the new cursor. */
export async function reportProvisioningLog(
  ctx: OperatorContext,
  scope: SyncScope,
  client: GraphClient,
  entra: EntraStatus,
  now: Date,
): Promise<EntraStatus> {
  if (!entra.jobId) return entra;
  // The first look starts now: a new or adopted job's history is Entra's to show, not ours to replay.
  if (!entra.logCursor) return { ...entra, logCursor: now.toISOString().replace(/\.\d{3}Z$/, 'Z') };
  const read = unreportedEntries(
    await listProvisioningLog(client, entra.jobId, logReadSince(entra.logCursor)),
    entra.logCursor,
    entra.logSeen ?? [],
  );
  const entries = read.fresh;
  if (entries.length === 0) return entra;
  const subject = { apiVersion: API_VERSION, kind: 'SyncScope', metadata: scope.metadata };
  const counts = new Map<string, number>();
  const failures = entries.filter((e) => e.provisioningStatusInfo?.status === 'failure');
  for (const e of entries) {
    if (e.provisioningStatusInfo?.status === 'failure') continue;
    counts.set(e.provisioningAction, (counts.get(e.provisioningAction) ?? 0) + 1);
  }
  const summary = [...counts].map(([action, n]) => `${n} ${action}`).join(', ');
  if (summary) void ctx.events.event(subject, 'Normal', 'EntraSynchronized', `Entra's job: ${summary}`);
  for (const f of failures.slice(0, FAILURE_EVENTS)) {
    const reason = f.provisioningStatusInfo?.errorInformation?.reason ?? 'failed';
    void ctx.events.event(subject, 'Warning', 'UserFailed', `${who(f)}: ${f.provisioningAction} ${reason}`);
  }
  return { ...entra, logCursor: read.cursor, logSeen: read.seen };
}
