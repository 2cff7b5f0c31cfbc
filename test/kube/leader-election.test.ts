// Two electors on one Lease in the real API server: exactly one leads, and the other takes over when
// the leader releases the lease or stops renewing it.
import { createTestNamespace, testKubeConfig } from '../support/cluster.js';
import type { KubeClients } from '../../src/kube/client.js';
import { createKubeClients } from '../../src/kube/client.js';
import { LeaderElector } from '../../src/kube/leader-election.js';
import { metricsRegistry } from '../../src/observability/registry.js';
import { waitFor } from '../support/poll.js';

// Jest reads testTimeout only from the root config, not from a project's.
const TEST_TIMEOUT_MS = 90_000;

let clients: KubeClients;
let namespace: string;

interface Candidate {
  elector: LeaderElector;
  started: number;
  stopped: number;
}

function candidate(leaseName: string, name: string, releaseOnCancel = true): Candidate {
  const record: Candidate = {
    started: 0,
    stopped: 0,
    elector: new LeaderElector({
      clients,
      namespace,
      leaseName,
      identity: `${name}_${leaseName}`,
      releaseOnCancel,
      onStartedLeading: () => {
        record.started += 1;
      },
      onStoppedLeading: () => {
        record.stopped += 1;
      },
    }),
  };
  return record;
}

/** Polls both electors until `check` holds, failing at once if both ever lead together. */
async function watchPair(a: Candidate, b: Candidate, check: () => boolean, what: string, timeoutMs: number) {
  return waitFor(
    what,
    () => {
      if (a.elector.isLeader() && b.elector.isLeader()) throw new Error('two leaders at once');
      return check() ? true : undefined;
    },
    timeoutMs,
  );
}

async function holder(leaseName: string): Promise<string | undefined> {
  const lease = await clients.coordination.readNamespacedLease({ name: leaseName, namespace });
  return lease.spec?.holderIdentity;
}

async function masterStatus(leaseName: string): Promise<number | undefined> {
  const metric = (await metricsRegistry.getMetricsAsJSON()).find(
    (m) => m.name === 'leader_election_master_status',
  );
  return metric?.values.find((v) => v.labels.name === leaseName)?.value;
}

beforeAll(async () => {
  clients = createKubeClients(testKubeConfig());
  namespace = await createTestNamespace('kube-lease');
});

describe('LeaderElector', () => {
  it(
    'lets exactly one lead and hands over at once when the leader releases on stop',
    async () => {
      const a = candidate('released', 'a');
      const b = candidate('released', 'b');
      const runs = [a.elector.run(), b.elector.run()];
      await watchPair(a, b, () => a.elector.isLeader() || b.elector.isLeader(), 'a leader', 20_000);
      // Give the standby a few retry periods to prove it does not also take the lease.
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      const [leader, standby] = a.elector.isLeader() ? [a, b] : [b, a];
      expect(standby.elector.isLeader()).toBe(false);
      expect(await holder('released')).toBe(leader.elector.identity);
      expect(leader.started).toBe(1);
      expect(await masterStatus('released')).toBe(1);

      const stoppedAt = Date.now();
      await leader.elector.stop();
      expect(leader.stopped).toBe(1);
      await watchPair(a, b, () => standby.elector.isLeader(), 'the standby to take over', 15_000);
      // Released: the standby needs only its next retry (2 s with up to 1.2 jitter), not the lease duration.
      expect(Date.now() - stoppedAt).toBeLessThan(15_000);
      expect(await holder('released')).toBe(standby.elector.identity);
      await standby.elector.stop();
      await Promise.all(runs);
      expect(await holder('released')).toBe('');
      expect(await masterStatus('released')).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'takes over only after the lease duration when the leader stops renewing',
    async () => {
      const a = candidate('crashed', 'a', false);
      const b = candidate('crashed', 'b', false);
      const runs = [a.elector.run(), b.elector.run()];
      await watchPair(a, b, () => a.elector.isLeader() || b.elector.isLeader(), 'a leader', 20_000);
      const [leader, standby] = a.elector.isLeader() ? [a, b] : [b, a];
      const lease = await clients.coordination.readNamespacedLease({ name: 'crashed', namespace });
      expect(lease.spec?.leaseDurationSeconds).toBe(15);

      // Stopping without release is what a crashed replica looks like: the lease stays, unrenewed.
      await leader.elector.stop();
      const stoppedAt = Date.now();
      expect(await holder('crashed')).toBe(leader.elector.identity);
      await watchPair(a, b, () => standby.elector.isLeader(), 'the standby to take over', 30_000);
      const waited = Date.now() - stoppedAt;
      // Not before the 15 s lease could have expired (less the 2 s since the last renewal), and no later
      // than its expiry as the standby observed it plus two jittered retry periods.
      expect(waited).toBeGreaterThanOrEqual(13_000);
      expect(waited).toBeLessThan(15_000 + 2 * 4_400 + 1_000);
      expect(await holder('crashed')).toBe(standby.elector.identity);
      await standby.elector.stop();
      await Promise.all(runs);
    },
    TEST_TIMEOUT_MS,
  );
});
