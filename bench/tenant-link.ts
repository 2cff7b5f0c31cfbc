// TenantLink benchmark: reconcile latency (a spec change until status.observedGeneration catches up) over
// 100 changes, and the operator's idle resident memory. Runs a real control plane, the Graph simulator and
// the operator as a child process, all on 127.0.0.1; prints one JSON object. Reuses the cluster named by
// TEST_KUBECONFIG when set; OPERATOR_ENTRY names a compiled entry point (`dist/main.js`) to measure
// instead of the TypeScript sources run through tsx.
import { Watch } from '@kubernetes/client-node';
import { readFile } from 'node:fs/promises';
import type { TenantLink } from '../src/api/index.js';
import { GROUP, VERSION } from '../src/api/index.js';
import { startSimulator } from '../src/graph-sim/index.js';
import { createKubeClients } from '../src/kube/client.js';
import { ensureControlPlaneBinaries } from '../test/cluster/binaries.js';
import { startControlPlane } from '../test/cluster/control-plane.js';
import type { ControlPlane } from '../test/cluster/control-plane.js';
import { CONTOSO } from '../test/graph-sim/sim-fixture.js';
import { createTestNamespace, testKubeConfig } from '../test/support/cluster.js';
import { installCrds, scrape, startOperator } from '../test/support/operator.js';
import { metricValue } from '../test/support/metrics.js';
import { createTenantLink, patchTenantLink, waitForTenantLink } from '../test/support/simulator.js';

const CHANGES = 100;
const entry = process.env.OPERATOR_ENTRY;
const IDLE_SETTLE_MS = 10_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) * 1024;
}

const binDir = await ensureControlPlaneBinaries();
process.env.CROSSTENANT_TEST_BIN = binDir;
let plane: ControlPlane | undefined;
if (process.env.TEST_KUBECONFIG) {
  process.env.CROSSTENANT_TEST_KUBECONFIG = process.env.TEST_KUBECONFIG;
} else {
  plane = await startControlPlane({ binDir });
  process.env.CROSSTENANT_TEST_KUBECONFIG = plane.kubeconfigPath;
}
const kubeconfigPath = process.env.CROSSTENANT_TEST_KUBECONFIG;
const sim = await startSimulator();
const config = testKubeConfig();
const clients = createKubeClients(config);
await installCrds();
const namespace = await createTestNamespace('bench-tl');
const operator = await startOperator({
  kubeconfigPath,
  caFile: sim.caFile,
  args: [`--watch-namespace=${namespace}`, '--log-level=warn'],
  ...(entry ? { entry: [entry] } : {}),
});
try {
  await operator.ready();
  await createTenantLink(clients, sim, { namespace, name: 'contoso', tenant: CONTOSO });
  await waitForTenantLink(clients, namespace, 'contoso', 'True/Connected');

  // Watch the link and note when each generation is first reported as observed.
  const observedAt = new Map<number, number>();
  const watcher = await new Watch(config).watch(
    `/apis/${GROUP}/${VERSION}/namespaces/${namespace}/tenantlinks`,
    { fieldSelector: 'metadata.name=contoso' },
    (_type: string, link: TenantLink) => {
      const generation = link.status?.observedGeneration;
      if (generation !== undefined && !observedAt.has(generation))
        observedAt.set(generation, performance.now());
    },
    () => undefined,
  );
  const latencies: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const started = performance.now();
    const updated = await patchTenantLink(clients, namespace, 'contoso', {
      spec: { deletionPolicy: i % 2 === 0 ? 'Delete' : 'Orphan' },
    });
    const generation = updated.metadata.generation ?? 0;
    const deadline = Date.now() + 30_000;
    while (!observedAt.has(generation)) {
      if (Date.now() > deadline) throw new Error(`generation ${generation} not observed within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    latencies.push((observedAt.get(generation) ?? started) - started);
  }
  watcher.abort();
  const page = await scrape(operator);
  const reconcileSeconds = metricValue(page, 'controller_runtime_reconcile_time_seconds_sum', {
    controller: 'tenantlink',
  });
  const reconcileCount = metricValue(page, 'controller_runtime_reconcile_time_seconds_count', {
    controller: 'tenantlink',
  });

  await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
  const rss = await rssBytes(operator.pid);
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (ms: number): number => Math.round(ms * 10) / 10;
  process.stdout.write(
    JSON.stringify({
      benchmark: 'tenant-link',
      changes: CHANGES,
      reconcileLatencyMs: {
        p50: round(percentile(sorted, 50)),
        p95: round(percentile(sorted, 95)),
        max: round(sorted[sorted.length - 1] ?? NaN),
        mean: round(latencies.reduce((a, b) => a + b, 0) / latencies.length),
      },
      reconcileTimeMeanMs:
        reconcileSeconds !== undefined && reconcileCount
          ? round((reconcileSeconds / reconcileCount) * 1000)
          : null,
      idleRssMiB: round(rss / 1024 / 1024),
      idleAfterMs: IDLE_SETTLE_MS,
      operator: entry ? `node ${entry}` : 'node --import tsx src/main.ts (compiled in process)',
    }) + '\n',
  );
} finally {
  await operator.stop();
  await sim.stop();
  await plane?.stop();
}
