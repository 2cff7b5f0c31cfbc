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
  await new Promise((r) => setTimeout(r, 1000));
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
