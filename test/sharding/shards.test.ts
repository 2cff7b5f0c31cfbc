// SyncScopes sharded over operator processes (--sharding): the real control plane, the simulator with six
// source tenants into two targets, and three operator processes started as the chart's replicas would run.
// Who worked on which SyncScope comes from the simulator's request log: each SyncScope writes with an app of
// its own, and each request names the process that sent it.
import { jest } from '@jest/globals';
import { createKubeClients } from '../../src/kube/client.js';
import { shardFor } from '../../src/kube/sharding/ring.js';
import { shardKeyOf } from '../../src/controllers/shared/shard-keys.js';
import { createTestNamespace, testKubeConfig, testKubeconfigPath } from '../support/cluster.js';
import type { OperatorProcess } from '../support/operator.js';
import { installCrds, scrape, startOperator } from '../support/operator.js';
import { metricValue } from '../support/metrics.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import {
  addSourceUsers,
  createMeshResources,
  mesh,
  meshSeed,
  overlaps,
  pairCounts,
  shardArgs,
  shardsOfScopes,
  workOrder,
} from './mesh.js';

jest.setTimeout(600_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
const MESH = mesh(6, 2);
const USERS = 20;
const RING = 'crosstenant-shards';
// The shard Leases' duration (the default): a killed shard's objects must move within it.
const LEASE_DURATION_MS = 15_000;
let namespace: string;
const shards = new Map<string, OperatorProcess>();
// Shard names a, b, c, then d added once b is gone: chosen per namespace (keys include it) so that every one of
// them gets SyncScopes, else a test would pass for want of anything to move.
let names = { a: '', b: '', c: '', d: '' };

async function startShard(name: string): Promise<OperatorProcess> {
  const operator = await startOperator({
    kubeconfigPath: testKubeconfigPath(),
    args: shardArgs(namespace, RING, name),
  });
  shards.set(name, operator);
  await operator.ready();
  return operator;
}

/** Where rendezvous hashing puts each SyncScope among `live`, computed here as every replica computes it. */
function expectedShards(live: string[]): Map<string, string | undefined> {
  return new Map(
    MESH.scopes.map((scope) => [
      scope.name,
      shardFor(
        shardKeyOf('syncscope', {
          metadata: { namespace, name: scope.name },
          spec: {
            source: { tenantLinkRef: `s${MESH.sources.indexOf(scope.source) + 1}` },
            target: { tenantLinkRef: scope.targetLink },
          },
        } as never),
        live,
      ),
    ]),
  );
}

function pickShardNames(): typeof names {
  for (let round = 0; ; round++) {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((letter) => `shard-${letter}${round}`) as [
      string,
      string,
      string,
      string,
    ];
    const three = new Set(expectedShards([a, b, c]).values());
    const grown = [...expectedShards([a, c, d]).values()];
    const last = new Set(expectedShards([c, d]).values());
    if (three.size === 3 && new Set(grown).size === 3 && last.size === 2) return { a, b, c, d };
  }
}

async function waitForAssignment(
  live: string[],
  timeoutMs: number,
): Promise<Map<string, string | undefined>> {
  const expected = expectedShards(live);
  return waitFor(
    `SyncScopes labelled with their shard among ${live.join(', ')}`,
    async () => {
      const actual = await shardsOfScopes(clients, namespace);
      return [...expected].every(([name, shard]) => actual.get(name) === shard) ? actual : undefined;
    },
    timeoutMs,
    250,
  );
}

async function waitForExactTargets(what: string): Promise<void> {
  await waitFor(
    what,
    async () => {
      const counts = await pairCounts(sim().url, MESH);
      return counts.every((c) => c.anchored === c.sourceUsers && c.exactMails) ? counts : undefined;
    },
    300_000,
    1_000,
  );
}

beforeAll(async () => {
  await installCrds();
  namespace = await createTestNamespace('shards');
  await sim().admin.seed(meshSeed(MESH, USERS));
  await createMeshResources(clients, sim(), namespace, MESH);
  names = pickShardNames();
  await Promise.all([names.a, names.b, names.c].map((name) => startShard(name)));
}, 300_000);

afterAll(async () => {
  await Promise.all([...shards.values()].map((operator) => operator.stop()));
});

it('three processes share twelve SyncScopes, none reconciled by two at once, and each converges exactly', async () => {
  const assigned = await waitForAssignment([names.a, names.b, names.c], 60_000);
  expect(new Set(assigned.values()).size).toBe(3);
  await waitForExactTargets('every pair synchronized exactly, counted by anchor and by mail');
  const counts = await pairCounts(sim().url, MESH);
  expect(counts.map((c) => c.anchored)).toEqual(MESH.scopes.map(() => USERS));
  expect(overlaps(await sim().admin.requests(), MESH)).toEqual([]);
  // Each process reports the objects it holds: together, each SyncScope once.
  let total = 0;
  for (const [name, operator] of shards) {
    const held = metricValue(await scrape(operator), 'crosstenant_shard_objects', {
      controller: 'syncscope',
      shard: name,
    });
    expect(held).toBe([...assigned.values()].filter((shard) => shard === name).length);
    total += held ?? 0;
  }
  expect(total).toBe(MESH.scopes.length);
});

it('moves the SyncScopes of a process killed with SIGKILL within the lease duration, and they converge exactly', async () => {
  const before = await shardsOfScopes(clients, namespace);
  const victim = names.b;
  const orphaned = [...before].filter(([, shard]) => shard === victim).map(([name]) => name);
  expect(orphaned.length).toBeGreaterThan(0);
  // New source users arrive while the process is gone: its SyncScopes must provision them from elsewhere.
  await addSourceUsers(sim().admin, MESH, 3, 'late');
  const victimPid = (shards.get(victim) as OperatorProcess).pid;
  (shards.get(victim) as OperatorProcess).kill('SIGKILL');
  const killedAt = Date.now();
  await shards.get(victim)?.exited;
  shards.delete(victim);
  await waitForAssignment([names.a, names.c], LEASE_DURATION_MS + 15_000);
  const movedAfterMs = Date.now() - killedAt;
  console.log(`the SyncScopes of ${victim} (${orphaned.length}) moved ${movedAfterMs} ms after SIGKILL`);
  // The Lease expires a lease duration after the last renewal seen, which came before the kill; the slack is
  // for the watch delivering that renewal, the label write and this test's polling on a loaded machine.
  expect(movedAfterMs).toBeLessThanOrEqual(LEASE_DURATION_MS + 2_000);
  // The others kept theirs.
  const after = await shardsOfScopes(clients, namespace);
  for (const [name, shard] of before) if (shard !== victim) expect(after.get(name)).toBe(shard);
  await waitForExactTargets('every pair synchronized exactly after the kill, new users included');
  const log = await sim().admin.requests();
  expect(overlaps(log, MESH)).toEqual([]);
  // The log shows each of them worked on by the killed process, then by a survivor.
  const orders = workOrder(log, MESH);
  for (const name of orphaned) {
    expect(orders.get(name)).toContain(victimPid);
    expect(orders.get(name)?.at(-1)).not.toBe(victimPid);
  }
});

it('going from two to three processes moves only the new shard its share, handed over without overlap', async () => {
  const before = await shardsOfScopes(clients, namespace);
  // Slow targets keep cycles running for seconds, back to back, so a hand-over meets a reconcile in flight
  // and must drain it: without the drain the old process's requests come after the new one's.
  for (const target of MESH.targets)
    await sim().admin.setRealism(target.tenantId, { faults: { latencyMs: 1_500 } });
  await addSourceUsers(sim().admin, MESH, 10, 'later');
  const added = await startShard(names.d);
  const after = await waitForAssignment([names.a, names.c, names.d], 60_000);
  const moved = [...after].filter(([name, shard]) => before.get(name) !== shard);
  expect(moved.length).toBeGreaterThan(0);
  // Only the new shard's share moved, all to it: nothing moved between the two shards already there.
  expect(moved.every(([, shard]) => shard === names.d)).toBe(true);
  expect(new Set(after.values())).toEqual(new Set([names.a, names.c, names.d]));
  await waitForExactTargets('every pair synchronized exactly on three processes again');
  for (const target of MESH.targets)
    await sim().admin.setRealism(target.tenantId, { faults: { latencyMs: 0 } });
  const log = await sim().admin.requests();
  expect(overlaps(log, MESH)).toEqual([]);
  const orders = workOrder(log, MESH);
  for (const [name] of moved) expect(orders.get(name)?.at(-1)).toBe(added.pid);
  const page = await scrape(added);
  expect(
    metricValue(page, 'crosstenant_shard_moves_total', { controller: 'syncscope', move: 'claim' }),
  ).toBeUndefined();
});

it('hands the SyncScopes of a process stopped with SIGTERM to the others at once, without waiting for its Lease to expire', async () => {
  const before = await shardsOfScopes(clients, namespace);
  const leaving = names.a;
  const held = [...before].filter(([, shard]) => shard === leaving).map(([name]) => name);
  expect(held.length).toBeGreaterThan(0);
  const stoppedAt = Date.now();
  expect(await (shards.get(leaving) as OperatorProcess).stop()).toBe(0);
  shards.delete(leaving);
  // It released its Lease on the way out: the others claim at once rather than a lease duration later.
  await waitForAssignment([names.c, names.d], LEASE_DURATION_MS - 5_000);
  console.log(
    `the SyncScopes of ${leaving} (${held.length}) moved ${Date.now() - stoppedAt} ms after SIGTERM`,
  );
  await addSourceUsers(sim().admin, MESH, 2, 'last');
  await waitForExactTargets('every pair synchronized exactly on the two remaining processes');
  expect(overlaps(await sim().admin.requests(), MESH)).toEqual([]);
});
