/** Stops the control plane the global setup started (an adopted TEST_KUBECONFIG cluster is left alone). */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__crosstenantControlPlane?.stop();
  globalThis.__crosstenantControlPlane = undefined;
}
