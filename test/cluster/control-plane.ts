import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:https';
import { freePort } from '../support/ports.js';
import { createControlPlaneCertificates, type ControlPlaneCertificates } from './certificates.js';

/** A running local control plane: etcd, kube-apiserver and kube-controller-manager on loopback. */
export interface ControlPlane {
  dir: string;
  kubeconfigPath: string;
  apiServerUrl: string;
  pids: number[];
  stop(): Promise<void>;
}

/** How to start a control plane. */
export interface ControlPlaneOptions {
  binDir: string;
  /** Leave the processes running after this Node process exits (for `npm run cluster:up`). */
  detached?: boolean;
  /** Where process output goes; defaults to log files in the control plane's directory. */
  log?: (line: string) => void;
}

function kubeconfig(server: string, certs: ControlPlaneCertificates, name: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: ${name}
  cluster:
    server: ${server}
    certificate-authority: ${certs.caCert}
users:
- name: admin
  user:
    client-certificate: ${certs.adminCert}
    client-key: ${certs.adminKey}
contexts:
- name: ${name}
  context: {cluster: ${name}, user: admin, namespace: default}
current-context: ${name}
`;
}

/**
 * Starts a process; unless detached, a shell watchdog ends it when this Node process dies, even by
 * SIGKILL, so a crashed test run never leaves an API server behind.
 */
export function startProcess(
  binary: string,
  args: string[],
  logFile: string,
  detached: boolean,
): ChildProcess {
  const quoted = [binary, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const script = detached
    ? `exec ${quoted} >>'${logFile}' 2>&1`
    : `${quoted} >>'${logFile}' 2>&1 & child=$!
       trap 'kill $child 2>/dev/null
             for i in $(seq 50); do kill -0 $child 2>/dev/null || exit 0; sleep 0.2; done
             kill -9 $child 2>/dev/null; exit 0' TERM INT
       while kill -0 ${process.pid} 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done
       kill $child 2>/dev/null; wait $child`;
  const child = spawn('bash', ['-c', script], { detached, stdio: 'ignore' });
  if (detached) child.unref();
  return child;
}

async function waitForReady(
  url: string,
  certs: ControlPlaneCertificates,
  timeoutMs: number,
  logFile: string,
): Promise<void> {
  const agent = new Agent({
    ca: await readFile(certs.caCert),
    cert: await readFile(certs.adminCert),
    key: await readFile(certs.adminKey),
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await new Promise<number>((resolve) => {
      const req = request(`${url}/readyz`, { agent, timeout: 2000 }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve(0));
      req.on('timeout', () => req.destroy());
      req.end();
    });
    if (status === 200) return;
    if (Date.now() > deadline) {
      const tail = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-30).join('\n');
      throw new Error(`kube-apiserver not ready at ${url} after ${timeoutMs} ms; last log lines:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Stops the processes one at a time, last started first, so the API server is gone before etcd stops
 * (an API server left without its etcd retries instead of exiting); each watchdog escalates to SIGKILL
 * after 10 s.
 */
export async function stopProcesses(children: ChildProcess[], pids: number[]): Promise<void> {
  for (const [index, pid] of [...pids.entries()].reverse()) {
    const child = children[index];
    const exited =
      !child || child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve()
        : new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
    await exited;
  }
}

/** Starts etcd, kube-apiserver (RBAC, service-account tokens) and kube-controller-manager on free loopback ports. */
export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  const detached = options.detached ?? false;
  const dir = await mkdtemp(join(tmpdir(), 'crosstenant-cp-'));
  const certs = await createControlPlaneCertificates(dir);
  const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
  const apiServerUrl = `https://127.0.0.1:${apiPort}`;
  const bin = (name: string) => join(options.binDir, name);
  const children: ChildProcess[] = [];

  children.push(
    startProcess(
      bin('etcd'),
      [
        `--data-dir=${join(dir, 'etcd')}`,
        `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
        `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-cluster=default=http://127.0.0.1:${etcdPeer}`,
        '--unsafe-no-fsync=true',
        '--log-level=warn',
      ],
      join(dir, 'etcd.log'),
      detached,
    ),
  );
  children.push(
    startProcess(
      bin('kube-apiserver'),
      [
        `--etcd-servers=http://127.0.0.1:${etcdClient}`,
        `--secure-port=${apiPort}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        // No kubelets or Services run here; the loopback advertise address is only valid without an endpoint reconciler.
        '--endpoint-reconciler-type=none',
        `--cert-dir=${join(dir, 'apiserver-certs')}`,
        `--tls-cert-file=${certs.servingCert}`,
        `--tls-private-key-file=${certs.servingKey}`,
        `--client-ca-file=${certs.caCert}`,
        '--authorization-mode=RBAC',
        '--service-account-issuer=https://kubernetes.default.svc',
        `--service-account-key-file=${certs.serviceAccountPub}`,
        `--service-account-signing-key-file=${certs.serviceAccountKey}`,
        '--service-cluster-ip-range=10.0.0.0/24',
        '--allow-privileged=true',
        // A test node (test/node) registers under a name no resolver knows; exec and logs use its address.
        '--kubelet-preferred-address-types=InternalIP',
        '--v=1',
      ],
      join(dir, 'kube-apiserver.log'),
      detached,
    ),
  );
  const kubeconfigPath = join(dir, 'kubeconfig');
  await writeFile(kubeconfigPath, kubeconfig(apiServerUrl, certs, 'crosstenant-test'));
  const pids = children.map((c) => c.pid ?? 0);
  const stop = async () => {
    await stopProcesses(children, [...pids]);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForReady(apiServerUrl, certs, 90_000, join(dir, 'kube-apiserver.log'));
    const controllerManager = startProcess(
      bin('kube-controller-manager'),
      [
        `--kubeconfig=${kubeconfigPath}`,
        '--controllers=garbage-collector-controller,namespace-controller,serviceaccount-token-controller,serviceaccount-controller',
        `--service-account-private-key-file=${certs.serviceAccountKey}`,
        `--root-ca-file=${certs.caCert}`,
        '--leader-elect=false',
        '--bind-address=127.0.0.1',
        `--secure-port=${await freePort()}`,
        '--v=1',
      ],
      join(dir, 'kube-controller-manager.log'),
      detached,
    );
    children.push(controllerManager);
    pids.push(controllerManager.pid ?? 0);
  } catch (error) {
    await stop();
    throw error;
  }
  return { dir, kubeconfigPath, apiServerUrl, pids, stop };
}
