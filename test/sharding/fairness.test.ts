// Two SyncScopes into one target share its write quota through the target's write pacer: while SyncScope A's
// initial sync waits for quota, SyncScope B's changes (an attribute change, a disable) overtake A's waiting
// creates. Asserted by the order of the simulator's request log: after each change in B's source, B's write
// into the target comes before any further write of A's creates. The real operator process, the real control
// plane, the simulator.
import { jest } from '@jest/globals';
import type { SyncScope } from '../../src/api/index.js';
import type { RequestLogEntry } from '../../src/graph-sim/admin/request-log.js';
import { createKubeClients } from '../../src/kube/client.js';
import { createTestNamespace, testKubeConfig, testKubeconfigPath } from '../support/cluster.js';
import type { OperatorProcess } from '../support/operator.js';
import { installCrds, startOperator } from '../support/operator.js';
import { waitFor } from '../support/poll.js';
import { createTenantLink, useSimulator, waitForTenantLink } from '../support/simulator.js';
import { CONTOSO, EMEA, US, anchoredUsers, clientFor, groupId } from '../sync/engine.js';
import { SYNC_SCOPES, createSyncScope, seedEmeaUsers } from '../sync/scopes.js';

jest.setTimeout(300_000);
/** A's initial sync: 600 writes, twice the burst of the quota below, so it is bound by the quota for minutes. */
const GENERATED = 300;
/** The operator's write quota into Contoso: 2 writes/s once the burst is spent, a batch of 20 every 10 s. */
const WRITES_PER_150S = 300;
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
let namespace: string;
let operator: OperatorProcess | undefined;

beforeAll(async () => {
  await seedEmeaUsers(sim().admin, GENERATED);
  // The simulator allows a little more than the operator asks for, so the operator's own pacing binds, not 429s.
  await sim().admin.setRealism(CONTOSO.tenantId, { throttling: { writesPer150s: WRITES_PER_150S + 60 } });
  await installCrds();
  namespace = await createTestNamespace('fairness');
  await createTenantLink(clients, sim(), {
    namespace,
    name: 'contoso',
    tenant: CONTOSO,
    spec: { graphLimits: { writesPer150s: WRITES_PER_150S } },
  });
  await createTenantLink(clients, sim(), { namespace, name: 'emea', tenant: EMEA });
  await createTenantLink(clients, sim(), { namespace, name: 'us', tenant: US });
  operator = await startOperator({
    kubeconfigPath: testKubeconfigPath(),
    args: [`--watch-namespace=${namespace}`, '--log-level=warn'],
  });
  await operator.ready();
  for (const name of ['contoso', 'emea', 'us'])
    await waitForTenantLink(clients, namespace, name, 'True/Connected');
});
afterAll(async () => {
  await operator?.stop();
});

const isWrite = (r: RequestLogEntry) => r.method !== 'GET' && !r.path.endsWith('/$batch');

it("lets B's attribute change and disable into the target before any more of A's waiting creates", async () => {
  const target = clientFor(sim(), CONTOSO);
  const usSource = clientFor(sim(), US);
  await createSyncScope(clients, namespace, 'us', {
    source: { tenantLinkRef: 'us' },
    scope: { groups: [await groupId(usSource, 'Sync to Contoso')] },
  });
  const bUsers = await waitFor(
    "B's users in Contoso",
    async () => {
      const users = await anchoredUsers(target, US.tenantId);
      return users.size > 2 ? users : undefined;
    },
    60_000,
  );
  const isBWrite = (r: RequestLogEntry, id: string) =>
    r.tenant === CONTOSO.tenantId && r.method === 'PATCH' && r.path.endsWith(`/users/${id}`);
  // A's creates: every write into Contoso that names none of B's users (invitations, PATCHes, managers).
  const isACreate = (r: RequestLogEntry) =>
    r.tenant === CONTOSO.tenantId && isWrite(r) && ![...bUsers.values()].some((u) => r.path.includes(u.id));

  await createSyncScope(clients, namespace, 'emea', {
    source: { tenantLinkRef: 'emea' },
    scope: { groups: [await groupId(clientFor(sim(), EMEA), 'Sync to Contoso')] },
  });
  // A is bound by the quota once its burst is spent: from then on each of its batches waits for 20 writes.
  await waitFor(
    "A's initial sync to spend the quota's burst",
    async () =>
      (await sim().admin.requests(CONTOSO.tenantId)).filter(isWrite).length >= WRITES_PER_150S
        ? true
        : undefined,
    120_000,
  );

  const [changed, disabled] = [...bUsers.keys()] as [string, string];
  const changes: [string, Record<string, unknown>][] = [
    [changed, { department: 'Fairness' }],
    [disabled, { accountEnabled: false }],
  ];
  for (const [sourceId, patch] of changes) {
    const targetId = bUsers.get(sourceId)?.id as string;
    // Right after a batch of A's creates went out, when the next one waits for quota.
    const before = (await sim().admin.requests()).filter(isACreate).length;
    await waitFor(
      'a batch of A creates',
      async () => ((await sim().admin.requests()).filter(isACreate).length > before ? true : undefined),
      60_000,
      50,
    );
    await sim().admin.clearRequests();
    await usSource.send('PATCH', `/users/${sourceId}`, patch);
    const log = await waitFor(
      "B's write into Contoso",
      async () => {
        const entries = await sim().admin.requests();
        return entries.some((r) => isBWrite(r, targetId)) ? entries : undefined;
      },
      60_000,
    );
    const changedAt = log.findIndex((r) => r.tenant === US.tenantId && r.method === 'PATCH');
    const writtenAt = log.findIndex((r) => isBWrite(r, targetId));
    expect(changedAt).toBeGreaterThanOrEqual(0);
    const aCreatesBetween = log.slice(changedAt, writtenAt).filter(isACreate).length;
    // Sent after B's change but before B's write, one would be a create B's write waited behind.
    expect({ change: patch, aCreatesBetween }).toEqual({ change: patch, aCreatesBetween: 0 });
  }
  const after = await anchoredUsers(target, US.tenantId);
  expect(after.get(changed)?.department).toBe('Fairness');
  expect(after.get(disabled)?.accountEnabled).toBe(false);
});

it("shows in B's status how little of the target's writes it gets beside A's initial sync", async () => {
  const quota = await waitFor(
    "B's status.quota",
    async () => {
      const scope = (await clients.customObjects.getNamespacedCustomObject({
        ...SYNC_SCOPES,
        namespace,
        name: 'us',
      })) as SyncScope;
      const q = scope.status?.quota;
      return q && q.tenantWrites > q.writes ? q : undefined;
    },
    30_000,
  );
  expect(quota.windowSeconds).toBe(150);
  // B's initial sync and its two changes, beside A's creates: within a window, the burst and one refill at most.
  expect(quota.writes).toBeGreaterThanOrEqual(2);
  expect(quota.tenantWrites).toBeLessThanOrEqual(2 * WRITES_PER_150S);
  expect(quota.sharePercent).toBe(Math.round((100 * quota.writes) / quota.tenantWrites));
  expect(quota.sharePercent).toBeLessThan(50);
});
