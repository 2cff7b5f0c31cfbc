// Jest global setup for the integration project: one real control plane for the whole run.
import { ensureControlPlaneBinaries } from '../cluster/binaries.js';
import { startControlPlane, type ControlPlane } from '../cluster/control-plane.js';

declare global {
  var __crosstenantControlPlane: ControlPlane | undefined;
}

/** Starts the control plane (or adopts TEST_KUBECONFIG's cluster) and tells the tests where it is. */
export default async function globalSetup(): Promise<void> {
  const binDir = await ensureControlPlaneBinaries();
  process.env.CROSSTENANT_TEST_BIN = binDir;
  const existing = process.env.TEST_KUBECONFIG;
  if (existing) {
    process.env.CROSSTENANT_TEST_KUBECONFIG = existing;
    return;
  }
  const started = Date.now();
  const plane = await startControlPlane({ binDir });
  globalThis.__crosstenantControlPlane = plane;
  process.env.CROSSTENANT_TEST_KUBECONFIG = plane.kubeconfigPath;
  const stop = () => void plane.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.log(`\ncontrol plane ready at ${plane.apiServerUrl} in ${Date.now() - started} ms`);
}
