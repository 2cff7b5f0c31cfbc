// Runs a control plane for one test run: prints its kubeconfig and binary directory as one JSON line on
// stdout, then keeps it up until SIGTERM/SIGINT or until the parent process (Jest) is gone.
import { ensureControlPlaneBinaries } from './binaries.js';
import { startControlPlane } from './control-plane.js';

const parent = process.ppid;
const binDir = await ensureControlPlaneBinaries();
const plane = await startControlPlane({ binDir });
process.stdout.write(
  JSON.stringify({ kubeconfigPath: plane.kubeconfigPath, binDir, url: plane.apiServerUrl }) + '\n',
);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await plane.stop();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch {
    void stop();
  }
}, 1000);
