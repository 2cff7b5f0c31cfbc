// A real Kubernetes node for the test control plane: containerd (CRI, runc, CNI bridge), the kubelet,
// kube-proxy, and the scheduler and workload controllers a Deployment needs, all on this machine.
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, DiscoveryV1Api, KubeConfig } from '@kubernetes/client-node';
import { startProcess, stopProcesses } from '../cluster/control-plane.js';
import { freePort } from '../support/ports.js';
import { waitFor } from '../support/poll.js';
import * as config from './config.js';
import * as host from './host.js';
import { tcpRelay, type Relay } from './relay.js';

const here = dirname(fileURLToPath(import.meta.url));
const NODE_NAME = 'crosstenant-node';
const BRIDGE = 'crosstenant0';
const CGROUP_ROOT = '/crosstenant-node';

/** How to start the node. */
export interface NodeOptions {
  /** The node binaries (test/node/build.sh). */
  binDir: string;
  /** The control-plane binaries (kube-controller-manager). */
  controlPlaneBinDir: string;
  /** Admin kubeconfig of the control plane the node joins. */
  kubeconfigPath: string;
  /** Image references and OCI archives to import into the runtime before the kubelet starts. */
  images: { ref: string; archive: string }[];
}

/** A running node. */
export interface RunningNode {
  name: string;
  dir: string;
  /** The node's address on the pod network: what pods reach services of this machine at. */
  gateway: string;
  /** Imports an OCI archive holding the image `ref` into the runtime's k8s.io namespace. */
  importImage(ref: string, archive: string): Promise<void>;
  /** Gives an image in the runtime a second name, as a push of a new tag would. */
  tagImage(source: string, target: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Removes a node's processes, mounts, bridge, nftables rules and files: those of `nodeDir` on stop, or
 * those any earlier node left behind when its test run was killed (one node runs at a time).
 */
async function removeNode(nodeDir?: string): Promise<void> {
  await host.removeCgroupRoot(CGROUP_ROOT);
  const dirs = nodeDir
    ? [nodeDir]
    : (await readdir(tmpdir()))
        .filter((d) => d.startsWith('crosstenant-node-'))
        .map((d) => join(tmpdir(), d));
  await host.unmountBelow(dirs);
  await host.deleteBridge(BRIDGE);
  for (const family of ['ip', 'ip6'])
    await host.sh('nft', ['delete', 'table', family, 'kube-proxy']).catch(() => undefined);
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
}

function caFileOf(kubeconfigPath: string, kubeconfig: string): string {
  const match = /certificate-authority:\s*(\S+)/.exec(kubeconfig);
  if (!match?.[1]) throw new Error(`no certificate-authority file in ${kubeconfigPath}`);
  return match[1];
}

/** Points the `kubernetes` Service at a relay to the API server (its endpoint reconciler is off). */
async function publishApiServer(kc: KubeConfig, relay: Relay): Promise<void> {
  const body = {
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { 'kubernetes.io/service-name': 'kubernetes' },
    },
    addressType: 'IPv4',
    endpoints: [{ addresses: [relay.host], conditions: { ready: true } }],
    ports: [{ name: 'https', port: relay.port, protocol: 'TCP' }],
  };
  const discovery = kc.makeApiClient(DiscoveryV1Api);
  await discovery
    .deleteNamespacedEndpointSlice({ name: 'kubernetes', namespace: 'default' })
    .catch(() => undefined);
  await discovery.createNamespacedEndpointSlice({ namespace: 'default', body });
}

async function nodeReady(core: CoreV1Api): Promise<true | undefined> {
  const node = await core.readNode({ name: NODE_NAME });
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? true : undefined;
}

/** Starts the node and resolves once it is Ready with the images imported. */
export async function startNode(options: NodeOptions): Promise<RunningNode> {
  await removeNode();
  const dir = await mkdtemp(join(tmpdir(), 'crosstenant-node-'));
  const layout: config.NodeLayout = {
    dir,
    binDir: options.binDir,
    nodeName: NODE_NAME,
    bridge: BRIDGE,
    podSubnet: '10.88.0.0/24',
    gateway: '10.88.0.1',
    cgroupRoot: CGROUP_ROOT,
    kubeletPort: await freePort(),
    kubeletHealthzPort: await freePort(),
  };
  const kubeconfig = await readFile(options.kubeconfigPath, 'utf8');
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const bin = (name: string) => join(options.binDir, name);
  const children: ChildProcess[] = [];
  const pids: number[] = [];
  let relay: Relay | undefined;
  // Every node process runs in the node's cgroups, so stopping kills shims and containers with them.
  const inNodeCgroups = (binary: string, args: string[]) => [
    '-c',
    `for d in $(awk '$3=="cgroup"{print $2}' /proc/self/mounts); do echo $$ > "$d${CGROUP_ROOT}/cgroup.procs"; done
     export PATH="${options.binDir}:$PATH"; exec "$@"`,
    'in-node-cgroups',
    binary,
    ...args,
  ];
  const start = (part: string, binary: string, args: string[]) => {
    const child = startProcess('bash', inNodeCgroups(binary, args), join(dir, `${part}.log`), false);
    children.push(child);
    pids.push(child.pid ?? 0);
  };
  const stop = async () => {
    await core
      .listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${NODE_NAME}` })
      .then((pods) =>
        Promise.all(
          pods.items.map((pod) =>
            core.deleteNamespacedPod({
              name: pod.metadata?.name ?? '',
              namespace: pod.metadata?.namespace ?? '',
              gracePeriodSeconds: 0,
            }),
          ),
        ),
      )
      .catch(() => undefined);
    await core.deleteNode({ name: NODE_NAME }).catch(() => undefined);
    await kc
      .makeApiClient(DiscoveryV1Api)
      .deleteNamespacedEndpointSlice({ name: 'kubernetes', namespace: 'default' })
      .catch(() => undefined);
    await relay?.close();
    await stopProcesses(children, [...pids]);
    await removeNode(dir);
  };

  try {
    await host.createCgroupRoot(CGROUP_ROOT);
    await host.createBridge(BRIDGE, layout.gateway, 24);
    await host.shareMount(join(dir, 'kubelet'));
    await mkdir(join(dir, 'cni', 'net.d'), { recursive: true });
    await mkdir(join(dir, 'tunables'));
    for (const [name, value] of Object.entries(config.KUBELET_KERNEL_TUNABLES))
      await writeFile(join(dir, 'tunables', name.replace(/\//g, '.')), `${value}\n`);
    await writeFile(join(dir, 'cni', 'net.d', '10-crosstenant.conflist'), config.cniConfig(layout));
    const sandbox = options.images.find((i) => i.ref.includes('/pause:'))?.ref ?? '';
    await writeFile(join(dir, 'containerd.toml'), config.containerdConfig(layout, sandbox));
    await writeFile(join(dir, 'kubelet.yaml'), config.kubeletConfig(layout));
    const proxyPorts = { healthz: await freePort(), metrics: await freePort() };
    await writeFile(
      join(dir, 'kube-proxy.yaml'),
      config.kubeProxyConfig(layout, options.kubeconfigPath, proxyPorts),
    );

    start('containerd', bin('containerd'), ['--config', join(dir, 'containerd.toml')]);
    const ctr = (args: string[]) =>
      host.sh(bin('ctr'), ['--address', config.containerdSocket(layout), '--namespace', 'k8s.io', ...args]);
    await waitFor('containerd to answer', () => ctr(['version']).then(() => true), 30_000, 250);
    // The archives name their image in full; --base-name makes ctr keep that name.
    const importImage = async (ref: string, archive: string) => {
      await ctr(['images', 'import', '--base-name', ref.replace(/:[^:/]+$/, ''), archive]);
    };
    const tagImage = async (source: string, target: string) => {
      await ctr(['images', 'tag', source, target]);
    };
    for (const image of options.images) await importImage(image.ref, image.archive);

    start('kubelet', join(here, 'kernel-view.sh'), [
      join(dir, 'tunables'),
      bin('kubelet'),
      `--config=${join(dir, 'kubelet.yaml')}`,
      `--kubeconfig=${options.kubeconfigPath}`,
      `--root-dir=${join(dir, 'kubelet')}`,
      `--hostname-override=${NODE_NAME}`,
      `--node-ip=${layout.gateway}`,
      '--v=1',
    ]);
    start('kube-proxy', bin('kube-proxy'), [`--config=${join(dir, 'kube-proxy.yaml')}`, '--v=1']);
    start('kube-scheduler', bin('kube-scheduler'), [
      `--kubeconfig=${options.kubeconfigPath}`,
      '--leader-elect=false',
      '--bind-address=127.0.0.1',
      `--secure-port=${await freePort()}`,
      '--v=1',
    ]);
    // The control plane's own controller manager runs only the namespace, garbage-collection and
    // service-account controllers; these are the ones pods of a Deployment need on top.
    start('kube-controller-manager', join(options.controlPlaneBinDir, 'kube-controller-manager'), [
      `--kubeconfig=${options.kubeconfigPath}`,
      '--controllers=deployment-controller,replicaset-controller,disruption-controller,endpointslice-controller,root-ca-certificate-publisher-controller,node-lifecycle-controller,pod-garbage-collector-controller',
      `--root-ca-file=${caFileOf(options.kubeconfigPath, kubeconfig)}`,
      '--leader-elect=false',
      '--bind-address=127.0.0.1',
      `--secure-port=${await freePort()}`,
      '--v=1',
    ]);
    relay = await tcpRelay(layout.gateway, Number(new URL(kc.getCurrentCluster()?.server ?? '').port));
    await publishApiServer(kc, relay);
    await waitFor('the node to be Ready', () => nodeReady(core), 120_000, 500);
    return {
      name: NODE_NAME,
      dir,
      gateway: layout.gateway,
      importImage,
      tagImage,
      stop,
    };
  } catch (error) {
    const tails = await Promise.all(
      ['containerd', 'kubelet', 'kube-proxy'].map(
        async (part) =>
          `--- ${part}\n${(await readFile(join(dir, `${part}.log`), 'utf8').catch(() => '')).split('\n').slice(-15).join('\n')}`,
      ),
    );
    await stop();
    throw new Error(`${(error as Error).message}\n${tails.join('\n')}`);
  }
}
