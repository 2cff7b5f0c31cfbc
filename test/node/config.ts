// Configuration files of the test node's parts. Everything they write lives under the node's own
// directory; nothing changes a setting the machine itself runs with (sysctls, cgroup mounts, /etc).
import { join } from 'node:path';

/** Where the node's files and sockets live, and the addresses it uses. */
export interface NodeLayout {
  dir: string;
  binDir: string;
  nodeName: string;
  /** The bridge pods attach to; it carries `gateway`, the node's own address on the pod network. */
  bridge: string;
  podSubnet: string;
  gateway: string;
  /** Parent cgroup of the kubelet's pods in every v1 hierarchy (it creates kubepods under it). */
  cgroupRoot: string;
  kubeletPort: number;
  kubeletHealthzPort: number;
}

export const containerdSocket = (layout: NodeLayout): string => join(layout.dir, 'containerd.sock');

/** containerd v2 (config version 3): CRI with runc, overlayfs, the CNI bridge, and no NRI socket. */
export function containerdConfig(layout: NodeLayout, sandboxImage: string): string {
  const at = (...parts: string[]) => JSON.stringify(join(layout.dir, ...parts));
  return `version = 3
root = ${at('containerd', 'root')}
state = ${at('containerd', 'state')}
temp = ${at('containerd', 'tmp')}

[grpc]
  address = ${JSON.stringify(containerdSocket(layout))}

[plugins."io.containerd.internal.v1.opt"]
  path = ${at('containerd', 'opt')}

[plugins."io.containerd.nri.v1.nri"]
  disable = true

[plugins."io.containerd.cri.v1.images"]
  snapshotter = "overlayfs"
  [plugins."io.containerd.cri.v1.images".pinned_images]
    sandbox = ${JSON.stringify(sandboxImage)}

[plugins."io.containerd.cri.v1.runtime"]
  enable_selinux = false
  # No pod gets a lower OOM score adjustment than containerd's own: lowering one (the sandbox's -998)
  # needs CAP_SYS_RESOURCE, which root lacks where the machine is itself a sandbox (this one).
  restrict_oom_score_adj = true
  [plugins."io.containerd.cri.v1.runtime".cni]
    bin_dirs = [${JSON.stringify(join(layout.binDir, 'cni'))}]
    conf_dir = ${at('cni', 'net.d')}
  [plugins."io.containerd.cri.v1.runtime".containerd]
    default_runtime_name = "runc"
    [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.options]
        BinaryName = ${JSON.stringify(join(layout.binDir, 'runc'))}
        SystemdCgroup = false

[plugins."io.containerd.grpc.v1.cri"]
  # Network namespaces are bind-mounted under the node's own state directory, not /var/run/netns.
  netns_mounts_under_state_dir = true
`;
}

/**
 * The CNI network: a bridge the node created with the gateway address on it. isGateway stays false so
 * the bridge plugin neither assigns that address nor turns on the machine's IP forwarding; pods only
 * talk to the node itself (API server, simulator, probes, scrapes), which needs no forwarding.
 */
export function cniConfig(layout: NodeLayout): string {
  return JSON.stringify(
    {
      cniVersion: '1.0.0',
      name: 'crosstenant-test',
      plugins: [
        {
          type: 'bridge',
          bridge: layout.bridge,
          isGateway: false,
          ipMasq: false,
          ipam: {
            type: 'host-local',
            dataDir: join(layout.dir, 'cni', 'ipam'),
            ranges: [[{ subnet: layout.podSubnet, gateway: layout.gateway }]],
            routes: [{ dst: '0.0.0.0/0', gw: layout.gateway }],
          },
        },
      ],
    },
    null,
    2,
  );
}

/**
 * The kubelet on cgroup v1 (failCgroupV1: false) with the cgroupfs driver under its own cgroup root.
 * protectKernelDefaults makes it refuse, never change, kernel tunables it dislikes (see kernel-view.sh).
 * Its API listens on the node's address (a node IP must not be loopback), without authentication:
 * only this machine reaches it, and the API server uses it for exec and logs.
 */
export function kubeletConfig(layout: NodeLayout): string {
  const at = (...parts: string[]) => JSON.stringify(join(layout.dir, ...parts));
  return `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: ${layout.gateway}
port: ${layout.kubeletPort}
healthzBindAddress: 127.0.0.1
healthzPort: ${layout.kubeletHealthzPort}
readOnlyPort: 0
authentication:
  anonymous: {enabled: true}
  webhook: {enabled: false}
authorization: {mode: AlwaysAllow}
containerRuntimeEndpoint: unix://${containerdSocket(layout)}
cgroupDriver: cgroupfs
cgroupRoot: ${layout.cgroupRoot}
failCgroupV1: false
failSwapOn: false
protectKernelDefaults: true
# Its iptables chains serve iptables-mode proxies only; kube-proxy here uses nftables in a table of its own.
makeIPTablesUtilChains: false
podLogsDir: ${at('pod-logs')}
volumePluginDir: ${at('volume-plugins')}
resolvConf: /etc/resolv.conf
registerNode: true
maxPods: 20
serializeImagePulls: false
imageGCHighThresholdPercent: 100
evictionHard: {memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1%}
enforceNodeAllocatable: [pods]
localStorageCapacityIsolation: true
nodeStatusReportFrequency: 10s
nodeStatusUpdateFrequency: 5s
syncFrequency: 10s
shutdownGracePeriod: 0s
`;
}

/**
 * kube-proxy in nftables mode: its rules live in its own nftables table, removed again on cleanup.
 * Conntrack sizes and timeouts are left as the machine has them (0 = do not set).
 */
export function kubeProxyConfig(
  layout: NodeLayout,
  kubeconfigPath: string,
  ports: { healthz: number; metrics: number },
): string {
  return `apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: nftables
hostnameOverride: ${layout.nodeName}
clientConnection: {kubeconfig: ${kubeconfigPath}}
clusterCIDR: ${layout.podSubnet}
bindAddress: 127.0.0.1
healthzBindAddress: 127.0.0.1:${ports.healthz}
metricsBindAddress: 127.0.0.1:${ports.metrics}
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
`;
}

/** Kernel tunables the kubelet checks, with the values it wants (container_manager_linux.go). */
export const KUBELET_KERNEL_TUNABLES: Record<string, string> = {
  'vm/overcommit_memory': '1',
  'vm/panic_on_oom': '0',
  'kernel/panic': '10',
  'kernel/panic_on_oops': '1',
  'kernel/keys/root_maxkeys': '1000000',
  'kernel/keys/root_maxbytes': '25000000',
};
