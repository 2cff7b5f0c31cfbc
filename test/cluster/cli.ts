// `npm run cluster:up` / `cluster:down`: a local control plane left running for manual use.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureControlPlaneBinaries } from './binaries.js';
import { startControlPlane } from './control-plane.js';

const stateDir = join(process.cwd(), '.cluster');
const stateFile = join(stateDir, 'state.json');

interface ClusterState {
  dir: string;
  kubeconfigPath: string;
  pids: number[];
  binDir: string;
}

async function up(): Promise<void> {
  if (existsSync(stateFile)) {
    const state = JSON.parse(await readFile(stateFile, 'utf8')) as ClusterState;
    console.log(`already running; export KUBECONFIG=${state.kubeconfigPath}`);
    return;
  }
  const binDir = await ensureControlPlaneBinaries();
  const plane = await startControlPlane({ binDir, detached: true });
  const state: ClusterState = {
    dir: plane.dir,
    kubeconfigPath: plane.kubeconfigPath,
    pids: plane.pids,
    binDir,
  };
  await mkdir(stateDir, { recursive: true });
  await writeFile(stateFile, JSON.stringify(state, null, 2));
  console.log(`control plane running at ${plane.apiServerUrl}

  export KUBECONFIG=${plane.kubeconfigPath}
  export PATH=${binDir}:$PATH   # kubectl and helm built for the tests
  kubectl get namespaces

stop it with: npm run cluster:down`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The API server and etcd shut down gracefully over a few seconds; their files go only after they exit. */
async function waitForExit(pids: number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isRunning)) {
    if (Date.now() > deadline) {
      pids.filter(isRunning).forEach((pid) => process.kill(pid, 'SIGKILL'));
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function down(): Promise<void> {
  if (!existsSync(stateFile)) {
    console.log('no control plane is running');
    return;
  }
  const state = JSON.parse(await readFile(stateFile, 'utf8')) as ClusterState;
  for (const pid of [...state.pids].reverse()) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await waitForExit(state.pids, 30_000);
  await rm(state.dir, { recursive: true, force: true });
  await rm(stateDir, { recursive: true, force: true });
  console.log('control plane stopped and its files removed');
}

const command = process.argv[2];
if (command === 'up') await up();
else if (command === 'down') await down();
else {
  console.error('usage: tsx test/cluster/cli.ts up|down');
  process.exit(2);
}
