// Jest global setup for the integration project: one real control plane for the whole run.
// Jest loads this file as CommonJS, so it only uses Node built-ins and runs the TypeScript launcher
// (test/cluster/serve.ts) as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

declare global {
  var __crosstenantControlPlane: ChildProcess | undefined;
}

interface ServedControlPlane {
  kubeconfigPath: string;
  binDir: string;
  url: string;
}

/** Builds (first run) or finds Prometheus and promtool for test/monitoring; resolves with their directory. */
function buildPrometheus(): Promise<string> {
  const child = spawn('bash', ['test/monitoring/build.sh'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const dir = stdout.trim().split('\n').pop();
      if (code === 0 && dir) resolve(dir);
      else reject(new Error(`test/monitoring/build.sh failed with exit code ${code}`));
    });
  });
}

function serveControlPlane(): Promise<{ child: ChildProcess; plane: ServedControlPlane }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/cluster/serve.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve({ child, plane: JSON.parse(line) as ServedControlPlane }));
    child.once('exit', (code) =>
      reject(new Error(`the test control plane failed to start (exit code ${code})`)),
    );
  });
}

/** Starts the control plane (or adopts TEST_KUBECONFIG's cluster) and tells the tests where it is. */
export default async function globalSetup(): Promise<void> {
  process.env.CROSSTENANT_PROMETHEUS_BIN = await buildPrometheus();
  const started = Date.now();
  const { child, plane } = await serveControlPlane();
  process.env.CROSSTENANT_TEST_BIN = plane.binDir;
  const existing = process.env.TEST_KUBECONFIG;
  if (existing) {
    // Only the binaries (kubectl, helm) are needed; the local control plane is not.
    child.kill('SIGTERM');
    process.env.CROSSTENANT_TEST_KUBECONFIG = existing;
    return;
  }
  globalThis.__crosstenantControlPlane = child;
  process.env.CROSSTENANT_TEST_KUBECONFIG = plane.kubeconfigPath;
  console.log(`\ncontrol plane ready at ${plane.url} in ${Date.now() - started} ms`);
}
