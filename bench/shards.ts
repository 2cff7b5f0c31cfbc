// Sharding benchmark: three operator processes run with --sharding against a real control plane and the Graph
// simulator, twelve SyncScopes (six source tenants into two targets, each SyncScope writing with an app of its
// own). One JSON line: time to converge exactly, objects per shard, peak RSS per process; then the process
// holding the most SyncScopes is killed with SIGKILL: time until its SyncScopes carry a survivor's label, until
// each is reconciled by a survivor (its first request to its target in the simulator's log), time to converge
// again, and writes for one SyncScope from a process after another had taken it over (must be 0).
// Usage: npm run bench:shards -- [--users 500] [--processes 3]
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SimAdminClient } from '../src/graph-sim/admin-client.js';
import type { RequestLogEntry } from '../src/graph-sim/admin/request-log.js';
import { ensureSimulatorCa } from '../src/graph-sim/tls.js';
import { createKubeClients } from '../src/kube/client.js';
import { ensureControlPlaneBinaries } from '../test/cluster/binaries.js';
import { startControlPlane } from '../test/cluster/control-plane.js';
import { testKubeConfig } from '../test/support/cluster.js';
import {
  addSourceUsers,
  bySyncScope,
  createMeshResources,
  mesh,
  meshSeed,
  pairCounts,
  pidOf,
  shardArgs,
  shardsOfScopes,
} from '../test/sharding/mesh.js';
import type { OperatorProcess } from '../test/support/operator.js';
import { installCrds, startOperator } from '../test/support/operator.js';
import { waitFor } from '../test/support/poll.js';
import { bundle, peakRssBytes, startSimulatorProcess, stopChild } from './processes.js';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '500' },
    processes: { type: 'string', default: '3' },
    'interval-ms': { type: 'string', default: '2000' },
  },
});
const USERS = Number(values.users);
const PROCESSES = Number(values.processes);
const INTERVAL = `${Number(values['interval-ms']) / 1000}s`;
const MESH = mesh(6, 2);
const RING = 'crosstenant-bench';
const MiB = 1024 * 1024;
const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

const isWrite = (e: RequestLogEntry): boolean =>
  e.method !== 'GET' && !e.path.includes('/oauth2/') && !e.path.endsWith('/token');

/**
 * Writes for one SyncScope (its app, its target) sent by a process after another process had written for it:
 * each process's writes for a SyncScope must form one run, in the order the simulator answered them.
 */
function overlappingWrites(log: readonly RequestLogEntry[]): number {
  let overlapping = 0;
  for (const scope of MESH.scopes) {
    const runs: number[] = [];
    for (const entry of log) {
      if (entry.app !== scope.appId || entry.tenant !== scope.target.tenantId || !isWrite(entry)) continue;
      const pid = pidOf(entry);
      if (pid === undefined || runs.at(-1) === pid) continue;
      if (runs.includes(pid)) overlapping += 1;
      else runs.push(pid);
    }
  }
  return overlapping;
}

// An operator process that ends on its own (not the one the benchmark kills) ends the run with its logs.
let fail: (err: Error) => void = () => undefined;
const failed = new Promise<never>((_, reject) => (fail = reject));
failed.catch(() => undefined);
let finishing = false;

async function converged(url: string, timeoutMs: number): Promise<void> {
  const done = waitFor(
    'every pair synchronized exactly (by anchor and by mail)',
    async () => {
      const counts = await pairCounts(url, MESH);
      return counts.every((c) => c.anchored === c.sourceUsers && c.exactMails) ? true : undefined;
    },
    timeoutMs,
    2_000,
  );
  await Promise.race([done, failed]);
}

async function main(): Promise<void> {
  const binDir = await ensureControlPlaneBinaries();
  const plane = await startControlPlane({ binDir });
  process.env.CROSSTENANT_TEST_KUBECONFIG = plane.kubeconfigPath;
  process.env.CROSSTENANT_TEST_BIN = binDir;
  const { caFile } = await ensureSimulatorCa();
  const sim = await startSimulatorProcess();
  const admin = new SimAdminClient(sim.url, await readFile(caFile, 'utf8'));
  const processes = new Map<string, OperatorProcess>();
  try {
    const clients = createKubeClients(testKubeConfig());
    await installCrds();
    const namespace = 'bench-shards';
    await clients.core.createNamespace({ body: { metadata: { name: namespace } } });
    await admin.seed(meshSeed(MESH, USERS));
    // Compiled, as it ships, so RSS carries no TypeScript loader.
    const entry = [await bundle('../src/main.ts', 'operator')];
    const started = performance.now();
    await createMeshResources(clients, sim, namespace, MESH, INTERVAL);
    await Promise.all(
      Array.from({ length: PROCESSES }, async (_, i) => {
        const shard = `shard-${i + 1}`;
        const operator = await startOperator({
          kubeconfigPath: plane.kubeconfigPath,
          caFile,
          entry,
          env: { NODE_OPTIONS: '--max-old-space-size=384' },
          args: [...shardArgs(namespace, RING, shard), '--log-level=warn'],
        });
        processes.set(shard, operator);
        void operator.exited.then((code) => {
          if (processes.get(shard) === operator && !finishing)
            fail(new Error(`operator ${shard} exited with ${code}:\n${operator.logs().slice(-6000)}`));
        });
      }),
    );
    await converged(sim.url, 4 * 3_600_000);
    const convergeSeconds = (performance.now() - started) / 1000;
    const shards = await shardsOfScopes(clients, namespace);
    const perShard: Record<string, number> = {};
    for (const shard of processes.keys())
      perShard[shard] = [...shards.values()].filter((s) => s === shard).length;
    const peakRssMiB: Record<string, number> = {};
    for (const [shard, operator] of processes)
      peakRssMiB[shard] = round((await peakRssBytes(operator.pid)) / MiB);

    // Work in flight when the process dies: every source gains users, and the busiest shard is killed.
    const [victim] = Object.entries(perShard).sort((a, b) => b[1] - a[1])[0] as [string, number];
    const orphaned = MESH.scopes.filter((scope) => shards.get(scope.name) === victim);
    const victimProcess = processes.get(victim) as OperatorProcess;
    await addSourceUsers(admin, MESH, Math.max(1, Math.round(USERS / 20)), 'late');
    await new Promise((resolve) => setTimeout(resolve, 500));
    processes.delete(victim);
    victimProcess.kill('SIGKILL');
    const killedAt = Date.now();
    await victimProcess.exited;
    let movedAfterMs: number | undefined;
    const takenOver = await waitFor(
      `the SyncScopes of ${victim} reconciled elsewhere`,
      async () => {
        if (movedAfterMs === undefined) {
          const now = await shardsOfScopes(clients, namespace);
          if (orphaned.every((scope) => ![victim, undefined].includes(now.get(scope.name))))
            movedAfterMs = Date.now() - killedAt;
        }
        const log = await admin.requests();
        const firsts = orphaned.map((scope) =>
          log.find(
            (e) =>
              e.app === scope.appId &&
              bySyncScope(e) &&
              Date.parse(e.time) >= killedAt &&
              pidOf(e) !== undefined &&
              pidOf(e) !== victimProcess.pid,
          ),
        );
        return firsts.every((e) => e !== undefined)
          ? firsts.map((e) => Date.parse(e?.time ?? '') - killedAt)
          : undefined;
      },
      120_000,
      250,
    );
    await converged(sim.url, 4 * 3_600_000);
    const reconvergeSeconds = (Date.now() - killedAt) / 1000;
    const log = await admin.requests();
    console.log(
      JSON.stringify({
        benchmark: 'shards',
        processes: PROCESSES,
        syncScopes: MESH.scopes.length,
        usersPerSource: USERS,
        usersInTargets: MESH.scopes.length * USERS,
        convergeSeconds: round(convergeSeconds),
        objectsPerShard: perShard,
        peakRssMiB,
        killed: { shard: victim, syncScopes: orphaned.length },
        labelsMovedAfterSeconds: round((movedAfterMs ?? NaN) / 1000, 2),
        reconciledElsewhereAfterSeconds: {
          max: round(Math.max(...takenOver) / 1000, 2),
          each: takenOver.map((ms) => round(ms / 1000, 2)),
        },
        leaseDurationSeconds: 15,
        reconvergeAfterKillSeconds: round(reconvergeSeconds),
        overlappingWrites: overlappingWrites(log),
        writesLogged: log.filter(isWrite).length,
        loadAverage: (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).map(Number),
      }),
    );
  } finally {
    finishing = true;
    await Promise.all([...processes.values()].map((operator) => operator.stop()));
    await stopChild(sim.child);
    await plane.stop();
  }
}

await main();
