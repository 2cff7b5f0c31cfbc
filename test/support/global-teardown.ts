/** Stops the control plane the global setup started (an adopted TEST_KUBECONFIG cluster is left alone). */
export default async function globalTeardown(): Promise<void> {
  const child = globalThis.__crosstenantControlPlane;
  if (!child || child.exitCode !== null) return;
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  globalThis.__crosstenantControlPlane = undefined;
}
