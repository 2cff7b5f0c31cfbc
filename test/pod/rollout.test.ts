// Two replicas of the chart on a real node: one leader through the Lease, a PodDisruptionBudget the
// eviction API enforces, a rolling upgrade to a new image tag that never has two leaders at once, and
// an uninstall that keeps the CRDs.
import { randomBytes } from 'node:crypto';
import { PolicyV1Api, type V1Pod } from '@kubernetes/client-node';
import { createKubeClients } from '../../src/kube/client.js';
import { createTestNamespace, helm, kubectl, testKubeConfig } from '../support/cluster.js';
import { metricValue } from '../support/metrics.js';
import { waitFor } from '../support/poll.js';
import { chartDir } from '../packaging/paths.js';
import * as pods from './support.js';

/** Whether a pod's /metrics says it leads; undefined while it does not answer (starting, stopping). */
async function leads(pod: V1Pod): Promise<boolean | undefined> {
  const text = await pods.podMetrics(pod).catch(() => undefined);
  if (text === undefined) return undefined;
  return metricValue(text, 'leader_election_master_status', { name: 'crosstenant-operator' }) === 1;
}

if (pods.unavailable) {
  describe('two replicas of the chart on a real node', () => {
    it(`does not run on this machine: ${pods.unavailable}`, () => {
      expect(pods.unavailable).toBeTruthy();
    });
  });
} else {
  describe('two replicas of the chart on a real node', () => {
    const testbed = pods.useNode();
    const admin = createKubeClients(testKubeConfig());
    const release = `roll-${randomBytes(3).toString('hex')}`;
    let namespace: string;
    const readyPods = (count: number, image?: string) =>
      waitFor(
        `${count} Ready operator pods${image ? ` on ${image}` : ''}`,
        async () => {
          const found = await pods.operatorPods(admin, namespace, release);
          const matching = found.filter((p) => !image || p.spec?.containers[0]?.image === image);
          return found.length === count && matching.length === count && found.every(pods.isReady)
            ? found
            : undefined;
        },
        180_000,
        500,
      );

    beforeAll(async () => {
      namespace = await createTestNamespace('roll');
      const started = Date.now();
      // Two replicas shard by default; this file tests the leader-election standby kept by sharding.enabled=false.
      await pods.installChart(release, namespace, testbed().image, [
        '--set',
        'replicaCount=2',
        '--set',
        'sharding.enabled=false',
      ]);
      await readyPods(2);
      console.log(`helm install of two replicas to every resource Ready: ${(Date.now() - started) / 1000} s`);
    }, 360_000);

    afterAll(async () => {
      await helm(['uninstall', release, '--namespace', namespace, '--wait']);
    }, 120_000);

    it('elects exactly one of the two pods leader through the Lease', async () => {
      const running = await readyPods(2);
      const holder = await waitFor('the Lease held by a pod', async () => {
        const lease = await admin.coordination.readNamespacedLease({
          namespace,
          name: 'crosstenant-operator',
        });
        return lease.spec?.holderIdentity;
      });
      const names = running.map((p) => p.metadata?.name ?? '');
      expect(names.filter((name) => holder.startsWith(`${name}_`))).toHaveLength(1);
      const leaders = await waitFor('both pods to report their role', async () => {
        const roles = await Promise.all(running.map(leads));
        return roles.every((r) => r !== undefined) ? roles : undefined;
      });
      expect(leaders.filter(Boolean)).toHaveLength(1);
    });

    it('keeps one pod through evictions with its PodDisruptionBudget', async () => {
      const budget = await waitFor('the PodDisruptionBudget to count both pods', async () => {
        const found = await admin.config
          .makeApiClient(PolicyV1Api)
          .readNamespacedPodDisruptionBudget({ namespace, name: `${release}-crosstenant-operator` });
        return found.status?.currentHealthy === 2 && found.status.disruptionsAllowed === 1
          ? found
          : undefined;
      });
      expect(budget.spec?.minAvailable).toBe(1);
      const [first, second] = await readyPods(2);
      const evict = (pod: V1Pod | undefined) =>
        kubectl(
          [
            'create',
            '--raw',
            `/api/v1/namespaces/${namespace}/pods/${pod?.metadata?.name}/eviction`,
            '-f',
            '-',
          ],
          JSON.stringify({
            apiVersion: 'policy/v1',
            kind: 'Eviction',
            metadata: { name: pod?.metadata?.name, namespace },
          }),
        );
      expect((await evict(first)).code).toBe(0);
      const refused = await evict(second);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/disruption budget/i);
      await readyPods(2);
    }, 240_000);

    it('rolls both pods to a new image tag with helm upgrade, never with two leaders', async () => {
      const { node, image } = testbed();
      const upgraded = `${image.ref}-upgraded`;
      await node.tagImage(image.ref, upgraded);
      let mostLeaders = 0;
      let watching = true;
      const watcher = (async () => {
        while (watching) {
          const running = await pods.operatorPods(admin, namespace, release).catch(() => []);
          const roles = await Promise.all(running.filter((p) => p.status?.podIP).map(leads));
          mostLeaders = Math.max(mostLeaders, roles.filter(Boolean).length);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();
      try {
        await pods.ok(
          helm([
            'upgrade',
            release,
            chartDir,
            '--namespace',
            namespace,
            '--reuse-values',
            '--wait',
            '--timeout',
            '5m',
            '--set',
            `image.tag=${upgraded.split(':').pop()}`,
          ]),
        );
        const rolled = await readyPods(2, upgraded);
        const holder = await waitFor(
          'a new pod to lead',
          async () => {
            const lease = await admin.coordination.readNamespacedLease({
              namespace,
              name: 'crosstenant-operator',
            });
            const names = rolled.map((p) => p.metadata?.name ?? '');
            return names.find((name) => lease.spec?.holderIdentity?.startsWith(`${name}_`));
          },
          60_000,
          500,
        );
        expect(holder).toBeDefined();
        await waitFor('one leader among the new pods', async () => {
          const roles = await Promise.all(rolled.map(leads));
          return roles.filter(Boolean).length === 1 ? true : undefined;
        });
      } finally {
        watching = false;
        await watcher;
      }
      expect(mostLeaders).toBe(1);
    }, 360_000);

    it('keeps the CRDs when the release is uninstalled', async () => {
      await pods.ok(helm(['uninstall', release, '--namespace', namespace, '--wait']));
      await waitFor(
        'the operator pods gone',
        async () => ((await pods.operatorPods(admin, namespace, release)).length === 0 ? true : undefined),
        60_000,
      );
      const crds = await pods.ok(kubectl(['get', 'crd', '-o', 'name']));
      for (const plural of ['tenantlinks', 'syncscopes', 'attributemappings'])
        expect(crds).toContain(`customresourcedefinition.apiextensions.k8s.io/${plural}.crosstenant.io`);
    }, 120_000);
  });
}
