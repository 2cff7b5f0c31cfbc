// What the pod tests share: a real node joined to the test control plane with the operator image built
// from our Dockerfile, the Graph simulator reachable from pods, and helpers to read pods and /metrics.
import type { V1Pod } from '@kubernetes/client-node';
import type { RunningSimulator } from '../../src/graph-sim/index.js';
import type { KubeClients } from '../../src/kube/client.js';
import {
  ensureNodeBinaries,
  ensureOperatorImage,
  ensurePauseImage,
  type ImageArchive,
} from '../node/binaries.js';
import { nodeUnavailableReason } from '../node/host.js';
import { startNode, type RunningNode } from '../node/node.js';
import { relayForPods, type PodSimulator } from '../node/sim-relay.js';
import { helm, kubectl, testBinDir, testKubeconfigPath, type CommandResult } from '../support/cluster.js';
import { chartDir } from '../packaging/paths.js';

/** Why the node cannot run here, printed by the pod tests instead of running; undefined where it can. */
export const unavailable = await nodeUnavailableReason();
if (unavailable) console.warn(`test/pod: the pod tests do not run on this machine: ${unavailable}`);

/** The node and the operator image for one test file. */
export interface PodTestbed {
  node: RunningNode;
  image: ImageArchive;
  /** Seconds the node parts and images took to build or find, and the node to become Ready. */
  timings: { buildSeconds: number; nodeReadySeconds: number };
}

/** Builds (first run) what the node and the image need, starts the node before the file's tests and stops it after. */
export function useNode(): () => PodTestbed {
  let testbed: PodTestbed | undefined;
  beforeAll(async () => {
    const started = Date.now();
    const binDir = await ensureNodeBinaries();
    const pause = await ensurePauseImage(binDir);
    const image = await ensureOperatorImage();
    const built = Date.now();
    const node = await startNode({
      binDir,
      controlPlaneBinDir: testBinDir(),
      kubeconfigPath: testKubeconfigPath(),
      images: [pause, image],
    });
    const timings = { buildSeconds: (built - started) / 1000, nodeReadySeconds: (Date.now() - built) / 1000 };
    console.log(
      `test node Ready in ${timings.nodeReadySeconds} s (node parts and images built or found in ${timings.buildSeconds} s)`,
    );
    testbed = { node, image, timings };
    // A cold cache builds kubelet, containerd, runc, the CNI plugins, the base image and the operator image.
  }, 45 * 60_000);
  afterAll(async () => {
    await testbed?.node.stop();
  }, 120_000);
  return () => {
    if (!testbed) throw new Error('the test node is not running: call useNode() at the top of the test file');
    return testbed;
  };
}

/** Opens a relay from the node's pod network to the simulator (which listens on loopback only). */
export function simulatorForPods(sim: RunningSimulator, node: RunningNode): Promise<PodSimulator> {
  return relayForPods(Number(new URL(sim.url).port), node.gateway);
}

/** Chart values that make the operator trust the simulator's CA from a ConfigMap. */
export function simulatorCaValues(configMap: string): string[] {
  return [
    '--set',
    'extraVolumes[0].name=graph-sim-ca',
    '--set',
    `extraVolumes[0].configMap.name=${configMap}`,
    '--set',
    'extraVolumeMounts[0].name=graph-sim-ca',
    '--set',
    'extraVolumeMounts[0].mountPath=/etc/graph-sim',
    '--set',
    'extraVolumeMounts[0].readOnly=true',
    '--set',
    'extraEnv[0].name=NODE_EXTRA_CA_CERTS',
    '--set',
    'extraEnv[0].value=/etc/graph-sim/ca.pem',
  ];
}

/** Chart values that run `image` from the node's runtime (imported there, never pulled). */
export function imageValues(image: ImageArchive): string[] {
  const [repository = '', tag = ''] = image.ref.split(/:(?=[^:/]+$)/);
  return [
    '--set',
    `image.repository=${repository}`,
    '--set',
    `image.tag=${tag}`,
    '--set',
    'image.pullPolicy=Never',
  ];
}

/** The operator pods of a release, by the chart's selector labels. */
export async function operatorPods(
  clients: KubeClients,
  namespace: string,
  release: string,
): Promise<V1Pod[]> {
  const pods = await clients.core.listNamespacedPod({
    namespace,
    labelSelector: `app.kubernetes.io/instance=${release},app.kubernetes.io/name=crosstenant-operator`,
  });
  return pods.items.filter((pod) => !pod.metadata?.deletionTimestamp);
}

export function isReady(pod: V1Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Runs a command in the operator container with the real kubectl exec (API server to kubelet to runc). */
export async function execInPod(namespace: string, pod: string, command: string[]): Promise<string> {
  const result = await kubectl(['exec', '-n', namespace, pod, '-c', 'operator', '--', ...command]);
  if (result.code !== 0) throw new Error(`kubectl exec ${command.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** GETs a pod's /metrics from this machine, the way a scrape reaches the pod IP. */
export async function podMetrics(pod: V1Pod, port = 8080): Promise<string> {
  const response = await fetch(`http://${pod.status?.podIP}:${port}/metrics`, {
    signal: AbortSignal.timeout(2000),
  });
  return response.text();
}

/** The stdout of a command that must succeed; its stderr as the error otherwise. */
export async function ok(what: Promise<CommandResult>): Promise<string> {
  const result = await what;
  if (result.code !== 0) throw new Error(result.stderr || result.stdout);
  return result.stdout;
}

/** `helm install --wait` of the chart with `image` from the node's runtime and extra `values`. */
export async function installChart(
  release: string,
  namespace: string,
  image: ImageArchive,
  values: string[],
): Promise<void> {
  // --take-ownership: other test files may have installed the chart's CRDs in another release.
  const flags = ['--namespace', namespace, '--take-ownership', '--wait', '--timeout', '5m'];
  await ok(helm(['install', release, chartDir, ...flags, ...imageValues(image), ...values]));
}
