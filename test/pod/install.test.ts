// The chart installed as users install it: the image built from our Dockerfile, run by a real kubelet
// and containerd, probed by the kubelet, reaching the API server through the kubernetes Service and the
// Graph simulator over the pod network, scraped at its pod IP.
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiscoveryV1Api, type V1EndpointSlice, type V1Pod } from '@kubernetes/client-node';
import { createKubeClients } from '../../src/kube/client.js';
import { createTestNamespace, helm, kubectl, testKubeConfig } from '../support/cluster.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import { parseAllDocuments, stringify } from 'yaml';
import { CONTOSO, EMEA } from '../graph-sim/sim-fixture.js';
import { anchoredUsers, clientFor } from '../sync/engine.js';
import { startPrometheus, type PrometheusServer } from '../monitoring/support/prometheus.js';
import type { PodSimulator } from '../node/sim-relay.js';
import * as pods from './support.js';

const serviceMonitorCrd = join(
  dirname(fileURLToPath(import.meta.url)),
  'testdata',
  'servicemonitor-crd.yaml',
);

if (pods.unavailable) {
  describe('the chart on a real node', () => {
    it(`does not run on this machine: ${pods.unavailable}`, () => {
      expect(pods.unavailable).toBeTruthy();
    });
  });
} else {
  describe('the chart installed with the image built from the Dockerfile, on a real node', () => {
    const testbed = pods.useNode();
    const sim = useSimulator();
    const admin = createKubeClients(testKubeConfig());
    const release = `pod-${randomBytes(3).toString('hex')}`;
    let namespace: string;
    let podSim: PodSimulator;
    let pod: V1Pod;

    beforeAll(async () => {
      namespace = await createTestNamespace('pod');
      podSim = await pods.simulatorForPods(sim(), testbed().node);
      await admin.core.createNamespacedConfigMap({
        namespace,
        body: { metadata: { name: 'graph-sim-ca' }, data: { 'ca.pem': podSim.caPem } },
      });
      await pods.ok(kubectl(['apply', '-f', serviceMonitorCrd]));
      await pods.ok(
        kubectl([
          'wait',
          '--for=condition=Established',
          '--timeout=60s',
          'crd/servicemonitors.monitoring.coreos.com',
        ]),
      );
      const started = Date.now();
      await pods.installChart(release, namespace, testbed().image, [
        ...pods.simulatorCaValues('graph-sim-ca'),
        '--set',
        'serviceMonitor.enabled=true',
      ]);
      pod = await waitFor('the operator pod Ready', async () => {
        const found = await pods.operatorPods(admin, namespace, release);
        return found.length === 1 && found.every(pods.isReady) ? found[0] : undefined;
      });
      console.log(`helm install to every resource Ready: ${(Date.now() - started) / 1000} s`);
    }, 360_000);

    afterAll(async () => {
      await podSim?.close();
      await helm(['uninstall', release, '--namespace', namespace, '--wait']);
      await kubectl(['delete', '-f', serviceMonitorCrd, '--ignore-not-found']);
    }, 120_000);

    it('runs the pod Running and Ready, its probes answered', async () => {
      expect(pod.status?.phase).toBe('Running');
      expect(pod.spec?.nodeName).toBe(testbed().node.name);
      for (const path of [':8081/healthz', ':8081/readyz']) {
        const response = await fetch(`http://${pod.status?.podIP}${path}`);
        expect(`${path} ${response.status}`).toBe(`${path} 200`);
      }
      // Past the liveness probe's first checks (15 s delay, 20 s period) the container has not restarted.
      await new Promise((resolve) => setTimeout(resolve, 20_000));
      const now = await admin.core.readNamespacedPod({ namespace, name: pod.metadata?.name ?? '' });
      expect(now.status?.containerStatuses?.[0]?.restartCount).toBe(0);
      expect(pods.isReady(now)).toBe(true);
    }, 60_000);

    it('runs as uid 1000 without privileges on a read-only root file system', async () => {
      const name = pod.metadata?.name ?? '';
      expect((await pods.execInPod(namespace, name, ['id', '-u'])).trim()).toBe('1000');
      expect((await pods.execInPod(namespace, name, ['id', '-g'])).trim()).toBe('1000');
      const status = await pods.execInPod(namespace, name, ['cat', '/proc/1/status']);
      expect(status).toMatch(/^Uid:\s+1000\s+1000\s+1000\s+1000$/m);
      expect(status).toMatch(/^CapEff:\s+0+$/m);
      expect(status).toMatch(/^NoNewPrivs:\s+1$/m);
      expect(status).toMatch(/^Seccomp:\s+2$/m);
      const write = (path: string) =>
        pods.execInPod(namespace, name, ['sh', '-c', `touch ${path} 2>&1 && echo written || true`]);
      expect(await write('/app/probe')).toMatch(/Read-only file system/);
      expect(await write('/etc/probe')).toMatch(/Read-only file system/);
      expect((await write('/tmp/probe')).trim()).toBe('written');
    });

    it("starts Node with the chart's command, flags and heap limit", async () => {
      const name = pod.metadata?.name ?? '';
      const argv = (await pods.execInPod(namespace, name, ['cat', '/proc/1/cmdline']))
        .split('\0')
        .filter(Boolean);
      expect(argv.slice(0, 5)).toEqual([
        'node',
        '--optimize-for-size',
        '--max-semi-space-size=1',
        'dist/main.js',
        'run',
      ]);
      expect(argv).toContain('--leader-elect=true');
      const env = (await pods.execInPod(namespace, name, ['cat', '/proc/1/environ'])).split('\0');
      expect(env).toContain('NODE_OPTIONS=--max-old-space-size=384');
      expect(env).toContain(`POD_NAME=${name}`);
      const limit = await pods.execInPod(namespace, name, [
        'node',
        '-e',
        'console.log(require("v8").getHeapStatistics().heap_size_limit / 1048576)',
      ]);
      // V8 adds its young generation to the old-space limit the flag sets.
      expect(Number(limit)).toBeGreaterThanOrEqual(384);
      expect(Number(limit)).toBeLessThan(450);
    });

    it('synchronizes the Contoso example with the simulator reached from the pod', async () => {
      // examples/contoso as written, in this file's namespace, its endpoints on the pod network.
      const example = parseAllDocuments(await pods.ok(kubectl(['kustomize', 'examples/contoso'])))
        .map(
          (doc) =>
            doc.toJSON() as { kind: string; metadata: { namespace?: string }; spec?: { endpoints?: object } },
        )
        .filter((manifest) => manifest.kind !== 'Namespace')
        .map((manifest) => {
          manifest.metadata.namespace = namespace;
          if (manifest.kind === 'TenantLink')
            manifest.spec = { ...manifest.spec, endpoints: { authorityHost: podSim.url, graph: podSim.url } };
          return stringify(manifest);
        });
      await pods.ok(kubectl(['apply', '-f', '-'], example.join('---\n')));
      const started = Date.now();
      try {
        await waitFor(
          'every resource of the example Ready',
          async () => {
            const listed = JSON.parse(
              await pods.ok(kubectl(['get', 'crosstenant', '-n', namespace, '-o', 'json'])),
            ) as {
              items: { status?: { conditions?: { type: string; status: string }[] } }[];
            };
            const ready = listed.items.filter((i) =>
              i.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
            );
            return listed.items.length > 0 && ready.length === listed.items.length ? true : undefined;
          },
          180_000,
          1000,
        );
      } catch (error) {
        const state = await kubectl(['get', 'crosstenant', '-n', namespace]);
        const logs = await kubectl(['logs', '-n', namespace, pod.metadata?.name ?? '', '--tail=40']);
        throw new Error(`${String(error)}\n${state.stdout}\n${logs.stdout}`);
      }
      console.log(`the Contoso example Ready ${(Date.now() - started) / 1000} s after it was applied`);
      const arrived = await anchoredUsers(clientFor(sim(), CONTOSO), EMEA.tenantId);
      expect(arrived.size).toBeGreaterThan(0);
    }, 240_000);

    it("is scraped by Prometheus at the pod IP of its ServiceMonitor's target", async () => {
      const monitor = JSON.parse(
        await pods.ok(
          kubectl([
            'get',
            'servicemonitor',
            '-n',
            namespace,
            `${release}-crosstenant-operator`,
            '-o',
            'json',
          ]),
        ),
      ) as {
        spec: {
          selector: { matchLabels: Record<string, string> };
          endpoints: { port: string; path: string; honorLabels: boolean }[];
        };
      };
      const selector = Object.entries(monitor.spec.selector.matchLabels)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      const services = await admin.core.listNamespacedService({ namespace, labelSelector: selector });
      expect(services.items).toHaveLength(1);
      const [endpoint] = monitor.spec.endpoints;
      const slices = await waitFor('the metrics Service endpoints', async () => {
        const found = await admin.config.makeApiClient(DiscoveryV1Api).listNamespacedEndpointSlice({
          namespace,
          labelSelector: `kubernetes.io/service-name=${services.items[0]?.metadata?.name}`,
        });
        return found.items.some((s) => s.endpoints?.some((e) => e.conditions?.ready))
          ? found.items
          : undefined;
      });
      const targets = slices.flatMap((slice: V1EndpointSlice) => {
        const port = slice.ports?.find((p) => p.name === endpoint?.port)?.port;
        return (slice.endpoints ?? []).flatMap((e) => e.addresses.map((address) => `${address}:${port}`));
      });
      expect(targets).toEqual([`${pod.status?.podIP}:8080`]);
      let prometheus: PrometheusServer | undefined;
      try {
        prometheus = await startPrometheus({
          targets: targets.map((address) => ({
            job: 'crosstenant-operator',
            address,
            labels: {},
            honorLabels: Boolean(endpoint?.honorLabels),
          })),
        });
        const leader = await waitFor(
          'a scrape of the pod',
          async () => {
            const answer = await prometheus?.query(
              'leader_election_master_status{name="crosstenant-operator"} and on() up == 1',
            );
            return answer?.data?.result.length ? answer.data.result : undefined;
          },
          30_000,
          500,
        );
        expect(leader.map((s) => s.value[1])).toEqual(['1']);
      } finally {
        await prometheus?.stop();
      }
    });
  });
}
