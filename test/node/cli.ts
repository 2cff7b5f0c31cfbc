// `npx tsx test/node/cli.ts` (as root): a test node joined to the cluster of $KUBECONFIG (`npm run
// cluster:up`), with the operator image built from the Dockerfile in its runtime and the simulator of
// `npm run sim -- --port 8443` relayed to the pod network, until Ctrl-C. Prints how to install the
// chart on it.
import { ensureControlPlaneBinaries } from '../cluster/binaries.js';
import { ensureNodeBinaries, ensureOperatorImage, ensurePauseImage } from './binaries.js';
import { nodeUnavailableReason } from './host.js';
import { startNode } from './node.js';
import { relayForPods } from './sim-relay.js';

const SIM_PORT = 8443;
const kubeconfigPath = process.env.KUBECONFIG;
if (!kubeconfigPath) {
  console.error('set KUBECONFIG to the cluster to join (npm run cluster:up prints it)');
  process.exit(2);
}
const unavailable = await nodeUnavailableReason();
if (unavailable) {
  console.error(`the node cannot run on this machine: ${unavailable}`);
  process.exit(1);
}
const binDir = await ensureNodeBinaries();
const images = [await ensurePauseImage(binDir), await ensureOperatorImage()];
const node = await startNode({
  binDir,
  controlPlaneBinDir: await ensureControlPlaneBinaries(),
  kubeconfigPath,
  images,
});
const sim = await relayForPods(SIM_PORT, node.gateway);
const [repository, tag] = (images[1]?.ref ?? '').split(/:(?=[^:/]+$)/);
console.log(`node ${node.name} Ready (logs in ${node.dir}); pods reach the simulator at ${sim.url}

  kubectl create namespace crosstenant-system
  kubectl create configmap graph-sim-ca -n crosstenant-system --from-file=ca.pem=${sim.caFile}
  helm install crosstenant-operator charts/crosstenant-operator -n crosstenant-system \\
    --set image.repository=${repository} --set image.tag=${tag} --set image.pullPolicy=Never \\
    --set extraVolumes[0].name=ca --set extraVolumes[0].configMap.name=graph-sim-ca \\
    --set extraVolumeMounts[0].name=ca --set extraVolumeMounts[0].mountPath=/etc/graph-sim \\
    --set extraEnv[0].name=NODE_EXTRA_CA_CERTS --set extraEnv[0].value=/etc/graph-sim/ca.pem
  kubectl kustomize examples/contoso | sed 's#https://localhost:${SIM_PORT}#${sim.url}#' | kubectl apply -f -

Ctrl-C stops the node.`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await sim.close();
  await node.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
