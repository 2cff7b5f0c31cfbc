// The node's binaries and the images it runs, built (first run) or found in the cache.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBuildScript } from '../cluster/binaries.js';

const testDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** An image reference and the OCI archive holding it. */
export interface ImageArchive {
  ref: string;
  archive: string;
}

function imageArchive(line: string): ImageArchive {
  const [ref = '', archive = ''] = line.split('\t');
  return { ref, archive };
}

/** Builds or finds kubelet, kube-proxy, kube-scheduler, containerd, runc and the CNI plugins; returns their directory. */
export function ensureNodeBinaries(): Promise<string> {
  return runBuildScript(join(testDir, 'node', 'build.sh'));
}

/** Builds or finds the pod sandbox image from the node's pause binary. */
export async function ensurePauseImage(nodeBinDir: string): Promise<ImageArchive> {
  return imageArchive(await runBuildScript(join(testDir, 'image', 'pause.sh'), [nodeBinDir]));
}

/** Builds the operator image from the Dockerfile (or finds the build of an unchanged tree). */
export async function ensureOperatorImage(): Promise<ImageArchive> {
  return imageArchive(await runBuildScript(join(testDir, 'image', 'build.sh')));
}
