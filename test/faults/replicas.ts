// Operator replicas with leader election for the fault tests, who wrote what according to the simulator, and
// the SyncScope readiness they wait for.
import type { RequestLogEntry } from '../../src/graph-sim/admin/request-log.js';
import type { KubeClients } from '../../src/kube/client.js';
import { conditionOf, waitUntil } from '../support/resources.js';
import type { OperatorProcess } from '../support/operator.js';
import { scrape, startOperator } from '../support/operator.js';
import { metricValue } from '../support/metrics.js';
import { waitFor } from '../support/poll.js';

/** Starts a replica with `--leader-elect` on the Lease `lease` of `namespace`, watching only that namespace. */
export function startReplica(
  kubeconfigPath: string,
  namespace: string,
  lease: string,
): Promise<OperatorProcess> {
  return startOperator({
    kubeconfigPath,
    args: [
      `--watch-namespace=${namespace}`,
      '--leader-elect',
      `--leader-election-namespace=${namespace}`,
      `--leader-election-id=${lease}`,
    ],
  });
}

/** Waits until the SyncScope's Ready condition reads `ready` (e.g. `True/Synced`) for its generation. */
export function waitForScope(
  clients: KubeClients,
  namespace: string,
  name: string,
  ready: string,
  timeoutMs = 120_000,
): ReturnType<typeof waitUntil> {
  const check = (s: Parameters<Parameters<typeof waitUntil>[5]>[0]) => conditionOf(s, 'Ready') === ready;
  return waitUntil(clients, 'SyncScope', namespace, name, ready, check, timeoutMs);
}

/** Whether the replica says it leads (leader_election_master_status); false when it does not answer. */
export async function leads(replica: OperatorProcess, lease: string): Promise<boolean> {
  const page = await scrape(replica).catch(() => '');
  return metricValue(page, 'leader_election_master_status', { name: lease }) === 1;
}

/** Waits until one of `replicas` leads and returns it. */
export function leaderOf(
  replicas: OperatorProcess[],
  lease: string,
  timeoutMs = 60_000,
): Promise<OperatorProcess> {
  return waitFor(
    'a leader',
    async () => {
      for (const replica of replicas) if (await leads(replica, lease)) return replica;
      return undefined;
    },
    timeoutMs,
  );
}

/** Whether a logged request was a write (the outer `$batch` or one of its requests, or a direct write). */
export function isWrite(entry: RequestLogEntry): boolean {
  return entry.method !== 'GET' && !entry.path.includes('/oauth2/') && !entry.path.endsWith('/token');
}

/** Whether a logged request came from the operator process `pid` (its User-Agent names it). */
export function sentBy(entry: RequestLogEntry, pid: number): boolean {
  return entry.userAgent?.includes(`pid ${pid})`) === true;
}

/** The writes `pid` made after the first write of `successor` in the log, and how many `successor` made. */
export function writesAfterTakeover(
  log: RequestLogEntry[],
  deposed: number,
  successor: number,
): { takeoverAt: number; deposedAfter: RequestLogEntry[]; successorWrites: number } {
  const takeoverAt = log.findIndex((e) => isWrite(e) && sentBy(e, successor));
  const after = takeoverAt < 0 ? [] : log.slice(takeoverAt);
  return {
    takeoverAt,
    deposedAfter: after.filter((e) => isWrite(e) && sentBy(e, deposed)),
    successorWrites: after.filter((e) => isWrite(e) && sentBy(e, successor)).length,
  };
}
