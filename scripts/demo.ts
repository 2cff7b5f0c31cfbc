// `npm run demo`: the Contoso example end to end on this machine. Uses $KUBECONFIG when set, else
// builds (first use) and starts the local control plane; starts the Graph simulator with the Contoso
// seed on https://localhost:8443; applies crds/ and examples/contoso; runs the operator; shows the
// resources' status and the users arriving in Contoso until Ctrl-C, then stops everything.
// `npm run demo -- --exit-when-ready` ends by itself once every resource is Ready and users arrived
// (for timing a fresh machine, and for the test that runs the demo); DEMO_METRICS_PORT and
// DEMO_PROBE_PORT move the operator's ports.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startSimulator, type RunningSimulator } from '../src/graph-sim/index.js';
import { createGraphClient, readAll, userPages, type GraphClient } from '../src/graph/index.js';
import { ensureControlPlaneBinaries } from '../test/cluster/binaries.js';
import { startControlPlane, type ControlPlane } from '../test/cluster/control-plane.js';

const run = promisify(execFile);
// The example's TenantLinks name this port.
const SIM_PORT = 8443;
const METRICS = `127.0.0.1:${process.env.DEMO_METRICS_PORT ?? 8080}`;
const PROBES = `127.0.0.1:${process.env.DEMO_PROBE_PORT ?? 8081}`;
const EXIT_WHEN_READY = process.argv.includes('--exit-when-ready');
/** How long --exit-when-ready waits before giving up with a non-zero exit code. */
const READY_TIMEOUT_MS = 10 * 60_000;
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
    [...entry, 'run', `--metrics-bind-address=${METRICS}`, `--health-probe-bind-address=${PROBES}`],
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

// The directory extension the Contoso example's SyncScope anchors its groups in.
const GROUP_ANCHOR = 'extension_3c1d6f0e8a2b4c7d9e5f0a1b2c3d4e5f_groupAnchor';

/** The security groups synchronized into Contoso, as `name (n members)`. */
async function syncedGroups(client: GraphClient): Promise<string[]> {
  const groups = await readAll<Record<string, unknown> & { id: string }>(
    client,
    `/groups?$select=id,displayName,${GROUP_ANCHOR}`,
  );
  const out: string[] = [];
  for (const group of groups.filter((g) => typeof g[GROUP_ANCHOR] === 'string')) {
    const members = await readAll<{ id: string }>(client, `/groups/${group.id}/members?$select=id`);
    out.push(`${String(group['displayName'])} (${members.length} members)`);
  }
  return out.sort();
}

interface Resource {
  kind: string;
  metadata: { name: string };
  status?: { conditions?: { type: string; status: string; reason?: string }[] };
}

/** The example's resources that are not Ready=True yet, as `Kind/name (reason)`. */
async function notReady(kubectlBin: string, kubeconfig: string): Promise<string[]> {
  const json = await kubectl(kubectlBin, kubeconfig, ['get', 'crosstenant', '-n', 'contoso', '-o', 'json']);
  const { items } = JSON.parse(json) as { items: Resource[] };
  if (items.length === 0) return ['(no resources yet)'];
  return items.flatMap((item) => {
    const ready = item.status?.conditions?.find((c) => c.type === 'Ready');
    return ready?.status === 'True'
      ? []
      : [`${item.kind}/${item.metadata.name} (${ready?.reason ?? 'pending'})`];
  });
}

/** The Contoso relationship's multitenant organization, as its status reports it. */
async function organizationSummary(kubectlBin: string, kubeconfig: string): Promise<string> {
  const json = await kubectl(kubectlBin, kubeconfig, [
    'get',
    'tenantrelationship',
    'contoso',
    '-n',
    'contoso',
    '-o',
    'json',
  ]);
  const organization = (
    JSON.parse(json) as {
      status?: { multiTenantOrganization?: { state: string; tenants: { state: string }[] } };
    }
  ).status?.multiTenantOrganization;
  if (!organization) return 'not read yet';
  const active = organization.tenants.filter((t) => t.state === 'active').length;
  return `${organization.state}, ${active} of ${organization.tenants.length} tenants active`;
}

interface Progress {
  users: number;
  groups: string[];
  waitingFor: string[];
  organization: string;
}

async function showStatus(kubectlBin: string, kubeconfig: string, client: GraphClient): Promise<Progress> {
  const table = await kubectl(kubectlBin, kubeconfig, ['get', 'crosstenant', '-n', 'contoso']).catch(
    (error: Error) => error.message,
  );
  const waitingFor = await notReady(kubectlBin, kubeconfig).catch((error: Error) => [error.message]);
  const users = await syncedUsers(client).catch(() => []);
  const groups = await syncedGroups(client).catch(() => []);
  const organization = await organizationSummary(kubectlBin, kubeconfig).catch(() => 'not read yet');
  if (!EXIT_WHEN_READY) process.stdout.write('\x1b[2J\x1b[H');
  say(`crosstenant-operator demo — ${new Date().toISOString()}   (Ctrl-C to stop)\n`);
  say(table.trim());
  say(waitingFor.length === 0 ? '\nevery resource is Ready' : `\nnot Ready yet: ${waitingFor.join(', ')}`);
  say(`\nmultitenant organization: ${organization}`);
  say(`B2B users synchronized into Contoso: ${users.length}`);
  for (const name of users.slice(0, 12)) say(`  ${name}`);
  if (users.length > 12) say(`  ... and ${users.length - 12} more`);
  say(`security groups synchronized into Contoso: ${groups.join(', ') || 'none yet'}`);
  return { users: users.length, groups, waitingFor, organization };
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
  let allReadyAt: number | undefined;
  let last: Progress = { users: 0, groups: [], waitingFor: [], organization: 'not read yet' };
  let stopping = false;
  const seconds = (at: number): string => `${((at - started) / 1000).toFixed(1)} s`;
  const stop = (exitCode: number): void => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    say('\nstopping the operator, the simulator and the control plane ...');
    void stopAll().then(() => {
      say('\nsummary:');
      say(`  multitenant organization (TenantRelationship contoso): ${last.organization}`);
      say(`  B2B users synchronized into Contoso: ${last.users}`);
      say(`  security groups synchronized into Contoso: ${last.groups.join(', ') || 'none'}`);
      if (firstUsersAt) say(`  first users in Contoso after ${seconds(firstUsersAt)}`);
      say(
        allReadyAt
          ? `  every resource Ready after ${seconds(allReadyAt)}`
          : `  not Ready: ${last.waitingFor.join(', ')}`,
      );
      say('explore further next time with:');
      say('  kubectl get crosstenant -n contoso            # every resource, Ready and key figures');
      say('  kubectl describe syncscope emea-to-contoso -n contoso');
      say(
        '  kubectl describe tenantrelationship contoso -n contoso   # cross-tenant access settings, organization',
      );
      say(`  curl http://${METRICS}/metrics | grep crosstenant_`);
      process.exit(exitCode);
    });
  };
  const timer = setInterval(() => {
    void showStatus(kubectlBin, kubeconfig, client).then((progress) => {
      last = progress;
      if (progress.users > 0 && firstUsersAt === undefined) firstUsersAt = Date.now();
      // A group is created before its members are added (one write each): wait until the groups have theirs.
      const groupsFilled =
        progress.groups.length > 0 && progress.groups.every((g) => !g.endsWith('(0 members)'));
      if (
        progress.waitingFor.length === 0 &&
        progress.users > 0 &&
        groupsFilled &&
        allReadyAt === undefined
      ) {
        allReadyAt = Date.now();
        if (EXIT_WHEN_READY) stop(0);
      }
      if (EXIT_WHEN_READY && Date.now() - started > READY_TIMEOUT_MS) stop(1);
    });
  }, 2000);
  operator.once('exit', (code) => {
    say(`the operator exited with code ${code}`);
    stop(1);
  });
  process.once('SIGINT', () => stop(0));
  process.once('SIGTERM', () => stop(0));
}

main().catch(async (error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await stopAll();
  process.exit(1);
});
