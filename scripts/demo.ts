// `npm run demo`: the Contoso example end to end on this machine. Uses $KUBECONFIG when set, else
// builds (first use) and starts the local control plane; starts the Graph simulator with the Contoso
// seed on https://localhost:8443; applies crds/ and examples/contoso; runs the operator; shows the
// resources' status and the users arriving in Contoso until Ctrl-C, then stops everything.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startSimulator, type RunningSimulator } from '../src/graph-sim/index.js';
import { createGraphClient, userPages, type GraphClient } from '../src/graph/index.js';
import { ensureControlPlaneBinaries } from '../test/cluster/binaries.js';
import { startControlPlane, type ControlPlane } from '../test/cluster/control-plane.js';

const run = promisify(execFile);
const SIM_PORT = 8443;
const METRICS = '127.0.0.1:8080';
const CONTOSO = {
  tenantId: '6f1c2e8a-3b4d-4c5e-9f60-7a8b9c0d1e2f',
  clientId: '3c1d6f0e-8a2b-4c7d-9e5f-0a1b2c3d4e5f',
  secret: 'contoso-demo-secret',
};

const cleanups: (() => Promise<unknown>)[] = [];
const say = (line: string): void => void process.stdout.write(`${line}\n`);

async function kubectl(bin: string, kubeconfig: string, args: string[]): Promise<string> {
  const { stdout } = await run(bin, args, { env: { ...process.env, KUBECONFIG: kubeconfig } });
  return stdout;
}

async function controlPlane(): Promise<{ kubeconfig: string; kubectlBin: string }> {
  const binDir = await ensureControlPlaneBinaries();
  const kubectlBin = join(binDir, 'kubectl');
  if (process.env.KUBECONFIG) {
    say(`using the cluster of $KUBECONFIG (${process.env.KUBECONFIG})`);
    return { kubeconfig: process.env.KUBECONFIG, kubectlBin };
  }
  say('starting a local control plane (etcd, kube-apiserver, kube-controller-manager) ...');
  const plane: ControlPlane = await startControlPlane({ binDir });
  cleanups.push(() => plane.stop());
  say(`  ready at ${plane.apiServerUrl}`);
  return { kubeconfig: plane.kubeconfigPath, kubectlBin };
}

function startOperator(kubeconfig: string, caFile: string): ChildProcess {
  const built = existsSync('dist/main.js');
  const entry = built ? ['dist/main.js'] : ['--import', 'tsx', 'src/main.ts'];
  const child = spawn(
    process.execPath,
    [...entry, 'run', `--metrics-bind-address=${METRICS}`, '--health-probe-bind-address=127.0.0.1:8081'],
    {
      env: {
        ...process.env,
        KUBECONFIG: kubeconfig,
        NODE_EXTRA_CA_CERTS: caFile,
        CROSSTENANT_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  cleanups.push(
    () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(undefined);
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  );
  return child;
}

async function syncedUsers(client: GraphClient): Promise<string[]> {
  const names: string[] = [];
  for await (const page of userPages(client, {
    select: ['displayName', 'userPrincipalName', 'department'],
    top: 999,
  })) {
    for (const user of page.value) {
      if (user.userPrincipalName?.includes('#EXT#'))
        names.push(`${user.displayName} (${user.department ?? '-'})`);
    }
  }
  return names.sort();
}

async function showStatus(kubectlBin: string, kubeconfig: string, client: GraphClient): Promise<number> {
  const table = await kubectl(kubectlBin, kubeconfig, ['get', 'crosstenant', '-n', 'contoso']).catch(
    (error: Error) => error.message,
  );
  const users = await syncedUsers(client).catch(() => []);
  process.stdout.write('\x1b[2J\x1b[H');
  say(`crosstenant-operator demo — ${new Date().toISOString()}   (Ctrl-C to stop)\n`);
  say(table.trim());
  say(`\nB2B users synchronized into Contoso: ${users.length}`);
  for (const name of users.slice(0, 12)) say(`  ${name}`);
  if (users.length > 12) say(`  ... and ${users.length - 12} more`);
  return users.length;
}

async function stopAll(): Promise<void> {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
}

async function main(): Promise<void> {
  const started = Date.now();
  const { kubeconfig, kubectlBin } = await controlPlane();
  say(`starting the Graph simulator with the Contoso seed on https://localhost:${SIM_PORT} ...`);
  const sim: RunningSimulator = await startSimulator({ port: SIM_PORT });
  cleanups.push(() => sim.stop());
  say('applying crds/ and examples/contoso ...');
  await kubectl(kubectlBin, kubeconfig, ['apply', '--server-side', '-f', 'crds/']);
  await kubectl(kubectlBin, kubeconfig, [
    'wait',
    '--for=condition=Established',
    '--timeout=60s',
    '-f',
    'crds/',
  ]);
  await kubectl(kubectlBin, kubeconfig, ['apply', '-k', 'examples/contoso']);
  say('starting the operator ...');
  const operator = startOperator(kubeconfig, sim.caFile);
  const client = createGraphClient({
    tenantKey: 'demo/contoso',
    tenantId: CONTOSO.tenantId,
    clientId: CONTOSO.clientId,
    authorityHost: sim.url,
    graphBaseUrl: sim.url,
    credential: { kind: 'secret', secret: CONTOSO.secret },
  });

  let firstUsersAt: number | undefined;
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    say('\nstopping the operator, the simulator and the control plane ...');
    void stopAll().then(() => {
      const synced = firstUsersAt
        ? `first users in Contoso after ${((firstUsersAt - started) / 1000).toFixed(1)} s; `
        : '';
      say(`${synced}done. Explore further next time with:`);
      say('  kubectl get crosstenant -n contoso            # every resource, Ready and key figures');
      say('  kubectl describe syncscope emea-to-contoso -n contoso');
      say(`  curl http://${METRICS}/metrics | grep crosstenant_`);
      process.exit(0);
    });
  };
  const timer = setInterval(() => {
    void showStatus(kubectlBin, kubeconfig, client).then((count) => {
      if (count > 0 && firstUsersAt === undefined) firstUsersAt = Date.now();
    });
  }, 2000);
  operator.once('exit', (code) => {
    say(`the operator exited with code ${code}`);
    stop();
  });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await stopAll();
  process.exit(1);
});
