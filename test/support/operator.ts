// Runs the operator as a real child process (`node --import tsx src/main.ts run`) for integration tests.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSimulatorCa } from '../../src/graph-sim/index.js';
import type { KubeClients } from '../../src/kube/client.js';
import { createKubeClients } from '../../src/kube/client.js';
import { createTestNamespace, kubectl, testKubeConfig, testKubeconfigPath } from './cluster.js';
import { waitFor } from './poll.js';
import { freePort } from './ports.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What to run: the kubeconfig, extra flags and environment variables. */
export interface OperatorOptions {
  kubeconfigPath: string;
  args?: string[];
  env?: Record<string, string>;
  /** CA file trusted for HTTPS (the simulator's); default: the simulator CA of this checkout. */
  caFile?: string;
  /** Node arguments that start the CLI; default `--import tsx src/main.ts` (a build: `dist/main.js`). */
  entry?: string[];
}

/** A running operator process. */
export interface OperatorProcess {
  pid: number;
  metricsUrl: string;
  probeUrl: string;
  /** Everything the process wrote to stdout and stderr so far. */
  logs(): string;
  /** Resolves once /readyz answers 200 (caches synced). */
  ready(timeoutMs?: number): Promise<void>;
  /** Sends SIGTERM and resolves with the exit code (SIGKILL after 40 s). */
  stop(): Promise<number>;
  kill(signal: NodeJS.Signals): void;
  /** The exit code (128 + signal number when killed by a signal). */
  exited: Promise<number>;
}

const SIGNALS: Record<string, number> = { SIGTERM: 15, SIGKILL: 9, SIGINT: 2 };

/** Spawns the operator with metrics and probes on free loopback ports; resolves once /healthz answers. */
export async function startOperator(options: OperatorOptions): Promise<OperatorProcess> {
  const caFile = options.caFile ?? (await ensureSimulatorCa()).caFile;
  const [metricsPort, probePort] = [await freePort(), await freePort()];
  const child = spawn(
    process.execPath,
    [
      ...(options.entry ?? ['--import', 'tsx', 'src/main.ts']),
      'run',
      `--kubeconfig=${options.kubeconfigPath}`,
      `--metrics-bind-address=127.0.0.1:${metricsPort}`,
      `--health-probe-bind-address=127.0.0.1:${probePort}`,
      ...(options.args ?? []),
    ],
    {
      cwd: REPO,
      env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? 128 + (SIGNALS[signal ?? ''] ?? 0))),
  );
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  const probeUrl = `http://127.0.0.1:${probePort}`;
  const answers = (path: string) => async (): Promise<true | undefined> => {
    if (hasExited) throw new Error(`operator exited early:\n${output.slice(-4000)}`);
    const response = await fetch(`${probeUrl}${path}`).catch(() => undefined);
    return response?.status === 200 ? true : undefined;
  };
  const handle: OperatorProcess = {
    pid: child.pid ?? -1,
    metricsUrl,
    probeUrl,
    logs: () => output,
    ready: async (timeoutMs = 60_000) => {
      await waitFor('operator /readyz', answers('/readyz'), timeoutMs);
    },
    stop: async () => {
      if (!hasExited) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    kill: (signal) => {
      child.kill(signal);
    },
    exited,
  };
  try {
    await waitFor('operator /healthz', answers('/healthz'), 60_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return handle;
}

/** Fetches the operator's /metrics page. */
export async function scrape(operator: Pick<OperatorProcess, 'metricsUrl'>): Promise<string> {
  return (await fetch(operator.metricsUrl)).text();
}

/** Applies the generated CRDs from crds/ and waits until they are established. */
export async function installCrds(): Promise<void> {
  const crdDir = join(REPO, 'crds');
  const applied = await kubectl(['apply', '--server-side', '--force-conflicts', '-f', crdDir]);
  if (applied.code !== 0) throw new Error(`applying CRDs failed: ${applied.stderr}`);
  const waited = await kubectl(['wait', '--for=condition=Established', '--timeout=60s', '-f', crdDir]);
  if (waited.code !== 0) throw new Error(`CRDs not established: ${waited.stderr}`);
}

/** An operator process acting in a fresh namespace of the test control plane. */
export interface OperatorTestbed {
  clients: KubeClients;
  namespace: string;
  operator: OperatorProcess;
}

/**
 * Before the tests of a file: installs the CRDs, creates a namespace named after `prefix` and starts an
 * operator watching only it (plus `args`), ready; after them: stops it. Call at the top level of a test file.
 */
export function useOperator(prefix: string, args: string[] = []): () => OperatorTestbed {
  let testbed: OperatorTestbed | undefined;
  beforeAll(async () => {
    const clients = createKubeClients(testKubeConfig());
    await installCrds();
    const namespace = await createTestNamespace(prefix);
    const operator = await startOperator({
      kubeconfigPath: testKubeconfigPath(),
      args: [`--watch-namespace=${namespace}`, ...args],
    });
    testbed = { clients, namespace, operator };
    await operator.ready();
  });
  afterAll(async () => {
    await testbed?.operator.stop();
  });
  return () => {
    if (!testbed) throw new Error('no operator: call useOperator() at the top of the test file');
    return testbed;
  };
}
