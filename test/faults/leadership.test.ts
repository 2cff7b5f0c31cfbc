// Leadership fences writes: a leader that is paused, or cut off from the API server, sends no Graph write once
// its successor has written, and exits. Two and then three operator processes with --leader-elect, the real
// control plane, the simulator; who wrote what comes from the simulator's request log, where each request
// names the operator process that sent it (its User-Agent carries the pid).
import { jest } from '@jest/globals';
import { createKubeClients } from '../../src/kube/client.js';
import { testKubeConfig, testKubeconfigPath, createTestNamespace } from '../support/cluster.js';
import type { OperatorProcess } from '../support/operator.js';
import { installCrds } from '../support/operator.js';
import { waitFor } from '../support/poll.js';
import { createTenantLink, useSimulator, waitForTenantLink } from '../support/simulator.js';
import { CONTOSO, EMEA, clientFor, groupId } from '../sync/engine.js';
import { createSyncScope, seedEmeaUsers } from '../sync/scopes.js';
import { startApiProxy, type ApiProxy } from './api-proxy.js';
import { isWrite, leaderOf, leads, sentBy, startReplica, writesAfterTakeover } from './replicas.js';

jest.setTimeout(300_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
const LEASE = 'crosstenant-faults';
// Enough users, and enough latency per Graph request, that the initial sync is still writing when the faults
// come: 20 invitations in a $batch take 2 s.
const USERS = 1_500;
const LATENCY_MS = 100;
let namespace: string;
const replicas: OperatorProcess[] = [];
let proxy: ApiProxy | undefined;

async function replica(kubeconfigPath = testKubeconfigPath()): Promise<OperatorProcess> {
  const started = await startReplica(kubeconfigPath, namespace, LEASE);
  replicas.push(started);
  await started.ready();
  return started;
}

/** Waits until `pid` has written to the target tenant, and returns the log. */
async function waitForWritesOf(pid: number, what: string) {
  return waitFor(
    what,
    async () => {
      const log = await sim().admin.requests(CONTOSO.tenantId);
      return log.some((e) => isWrite(e) && sentBy(e, pid)) ? log : undefined;
    },
    90_000,
    500,
  );
}

beforeAll(async () => {
  await installCrds();
  namespace = await createTestNamespace('faults-leader');
  await seedEmeaUsers(sim().admin, USERS);
  await sim().admin.setRealism(CONTOSO.tenantId, { faults: { latencyMs: LATENCY_MS } });
  for (const [name, tenant] of Object.entries({ contoso: CONTOSO, emea: EMEA }))
    await createTenantLink(clients, sim(), { namespace, name, tenant });
  await Promise.all([replica(), replica()]);
  await leaderOf(replicas, LEASE);
  for (const name of ['contoso', 'emea']) await waitForTenantLink(clients, namespace, name, 'True/Connected');
  await createSyncScope(clients, namespace, 'emea', {
    source: { tenantLinkRef: 'emea' },
    scope: { groups: [await groupId(clientFor(sim(), EMEA), 'Sync to Contoso')] },
  });
});

afterAll(async () => {
  for (const r of replicas) r.kill('SIGCONT');
  await Promise.all(replicas.map((r) => r.stop()));
  await proxy?.close();
});

it('a leader paused past its renew deadline writes nothing after its successor starts, and exits on resuming', async () => {
  const leader = await leaderOf(replicas, LEASE);
  const standby = replicas.find((r) => r !== leader) as OperatorProcess;
  await waitForWritesOf(leader.pid, 'the leader to write');
  leader.kill('SIGSTOP');
  const pausedAt = Date.now();
  await waitFor(
    'the standby to lead',
    async () => ((await leads(standby, LEASE)) ? true : undefined),
    60_000,
  );
  await waitForWritesOf(standby.pid, 'the new leader to write');
  const takeoverMs = Date.now() - pausedAt;
  leader.kill('SIGCONT');
  const resumedAt = Date.now();
  const code = await Promise.race([
    leader.exited,
    new Promise((r) => setTimeout(() => r('running'), 20_000)),
  ]);
  const exitMs = Date.now() - resumedAt;
  // Writes the resumed leader could still be making show up in the log by now.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const log = await sim().admin.requests(CONTOSO.tenantId);
  const figures = writesAfterTakeover(log, leader.pid, standby.pid);
  console.log(
    `paused leader: new leader's first write ${takeoverMs} ms after the pause; ${figures.deposedAfter.length} ` +
      `writes from the paused leader after it (${figures.successorWrites} from the new leader); exit ${exitMs} ms ` +
      `after resuming, code ${String(code)}`,
  );
  expect(figures.deposedAfter.map((e) => `${e.method} ${e.path}`)).toEqual([]);
  expect(figures.successorWrites).toBeGreaterThan(0);
  expect(code).toBe(1);
  expect(leader.logs()).toMatch(/leader election lost|not renewed within the renew deadline/);
});

it('a leader cut off from the API server writes nothing after its successor starts, and exits', async () => {
  // The current leader hands over to a replica that reaches the API server through a proxy, with a standby.
  const current = await leaderOf(replicas, LEASE);
  proxy = await startApiProxy();
  const behindProxy = await replica(proxy.kubeconfigPath);
  current.kill('SIGKILL');
  await waitFor(
    'the proxied replica to lead',
    async () => ((await leads(behindProxy, LEASE)) ? true : undefined),
    60_000,
  );
  const standby = await replica();
  await waitForWritesOf(behindProxy.pid, 'the proxied leader to write');

  proxy.cut();
  const cutAt = Date.now();
  const code = await Promise.race([
    behindProxy.exited,
    new Promise((r) => setTimeout(() => r('running'), 30_000)),
  ]);
  const exitMs = Date.now() - cutAt;
  await waitFor(
    'the standby to lead',
    async () => ((await leads(standby, LEASE)) ? true : undefined),
    60_000,
  );
  await waitForWritesOf(standby.pid, 'the new leader to write');
  const takeoverMs = Date.now() - cutAt;
  const log = await sim().admin.requests(CONTOSO.tenantId);
  const figures = writesAfterTakeover(log, behindProxy.pid, standby.pid);
  const lastWrite = log.filter((e) => isWrite(e) && sentBy(e, behindProxy.pid)).pop();
  console.log(
    `leader cut off from the API server: exited ${exitMs} ms after the cut (code ${String(code)}); new leader's ` +
      `first write ${takeoverMs} ms after the cut; ${figures.deposedAfter.length} writes from the cut-off leader ` +
      `after it (last at ${lastWrite?.time})`,
  );
  expect(figures.deposedAfter.map((e) => `${e.method} ${e.path}`)).toEqual([]);
  expect(figures.successorWrites).toBeGreaterThan(0);
  // The renew deadline (10 s) and no more than a few seconds to stop.
  expect(code).toBe(1);
  expect(exitMs).toBeLessThan(20_000);
});
