// Scenario 5 (a), with engine: Entra: a source-side review of the sync group denies a user, the denial is
// applied when the instance ends on the simulator clock, and Entra's next cycle soft-deletes the user in
// Contoso. Part (b), onDeny: ExcludeFromSync, does not reach Entra's job yet (docs/sync-vs-entra.md).
import 'reflect-metadata';
import { jest } from '@jest/globals';
import { AccessReviewsAdmin } from '../../src/graph-sim/governance/access-reviews/admin-client.js';
import type { GraphClient } from '../../src/graph/index.js';
import { useOperator } from '../support/operator.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import { CONTOSO, EMEA, anchoredUsers, clientFor, userId } from '../sync/engine.js';
import { conditionOf, create, waitUntil, type Stored } from '../support/resources.js';
import { connectContosoAndEmea } from '../governance/testbed.js';
import { entraSeed, syncEmeaThroughEntra } from './fixture.js';

jest.setTimeout(180_000);
const sim = useSimulator({ seed: entraSeed() });
const testbed = useOperator('entra-reviews');
const SYNC_GROUP = '44322c5b-2c6d-5e7b-a7fa-f63f5705c2f6';
const DEFINITIONS = '/identityGovernance/accessReviews/definitions';
const DAY = 86_400_000;

interface InstanceStatus {
  id: string;
  status: string;
  decisions?: { approved: number; denied: number; notReviewed: number; dontKnow: number };
}
interface ReviewStatus {
  definitionId?: string;
  currentInstance?: InstanceStatus;
  lastApplied?: { instanceId: string; removed: number; excludedFromSync: number; failed: number };
}

const reviewStatus = (r: Stored) => (r.status ?? {}) as ReviewStatus;

async function simToday(): Promise<string> {
  return (await sim().admin.clock()).now.slice(0, 10);
}

async function isSoftDeleted(target: GraphClient, id: string): Promise<boolean> {
  const page = await target.get<{ value: { id: string }[] }>(
    '/directory/deletedItems/microsoft.graph.user?$select=id&$top=999',
  );
  return page.value.some((u) => u.id === id);
}

beforeAll(async () => {
  const { clients, namespace } = testbed();
  await connectContosoAndEmea(clients, sim(), namespace);
  await syncEmeaThroughEntra(clients, sim, namespace, 'emea-to-contoso', { groups: [SYNC_GROUP] });
  const target = clientFor(sim(), CONTOSO);
  await waitFor(
    '20 EMEA users in Contoso',
    async () => ((await anchoredUsers(target, EMEA.tenantId)).size === 20 ? true : undefined),
    60_000,
  );
});

it("a source-side review denial, auto-applied at the end of the instance, makes Entra's next cycle deprovision the user in Contoso", async () => {
  const { clients, namespace } = testbed();
  const source = clientFor(sim(), EMEA);
  const target = clientFor(sim(), CONTOSO);
  const reviewer = await userId(source, 'zoe.dubois@emea.contoso.com');
  const denied = await userId(source, 'chloe.lefevre@emea.contoso.com');
  const approved = await userId(source, 'jurgen.weiss@emea.contoso.com');
  const targetUser = (await anchoredUsers(target, EMEA.tenantId)).get(denied);
  expect(targetUser).toBeDefined();

  await create(clients, 'ReviewSchedule', namespace, 'emea-recertify', {
    tenantLinkRef: 'emea',
    scope: { group: SYNC_GROUP },
    reviewers: [{ type: 'User', id: reviewer }],
    recurrence: { startDate: await simToday(), interval: 'Weekly', durationInDays: 1 },
    decisions: { autoApply: true, justificationRequired: false },
  });
  const started = await waitUntil(
    clients,
    'ReviewSchedule',
    namespace,
    'emea-recertify',
    'an instance in progress',
    (r) => reviewStatus(r).currentInstance?.status === 'InProgress',
  );
  const definitionId = reviewStatus(started).definitionId as string;
  const reviews = new AccessReviewsAdmin(sim().admin);
  const instance = (await reviews.definitions(EMEA.tenantId)).find((d) => d.id === definitionId)
    ?.instances[0];
  const total = instance?.decisions.length ?? 0;
  // The transitive user members of the sync group: 20 members, a B2B user and a guest.
  expect(total).toBe(22);
  await reviews.decideFor(EMEA.tenantId, definitionId, denied, {
    decision: 'Deny',
    justification: 'moved to another company',
    reviewer,
  });
  await reviews.decideFor(EMEA.tenantId, definitionId, approved, { decision: 'Approve', reviewer });
  await waitUntil(
    clients,
    'ReviewSchedule',
    namespace,
    'emea-recertify',
    'one denial counted',
    (r) => reviewStatus(r).currentInstance?.decisions?.denied === 1,
  );

  // The instance ends a day later on the simulator clock; its decisions are applied automatically.
  await sim().admin.advanceClock(DAY + 60_000);
  const members = await source.get<{ value: { id: string }[] }>(`/groups/${SYNC_GROUP}/members?$select=id`);
  expect(members.value.map((m) => m.id)).not.toContain(denied);
  expect(members.value.map((m) => m.id)).toContain(approved);
  // Entra's next incremental cycle sees the removal.
  await sim().admin.advanceClock(40 * 60_000);
  await waitFor('the denied user deprovisioned in Contoso', async () =>
    (await anchoredUsers(target, EMEA.tenantId)).has(denied) ? undefined : true,
  );
  expect(await isSoftDeleted(target, targetUser?.id as string)).toBe(true);
  expect((await anchoredUsers(target, EMEA.tenantId)).has(approved)).toBe(true);

  const applied = await waitUntil(
    clients,
    'ReviewSchedule',
    namespace,
    'emea-recertify',
    'applied',
    (r) => reviewStatus(r).lastApplied !== undefined,
  );
  expect(reviewStatus(applied).currentInstance).toMatchObject({
    id: instance?.id,
    status: 'Applied',
    decisions: { approved: 1, denied: 1, notReviewed: total - 2, dontKnow: 0 },
  });
  expect(reviewStatus(applied).lastApplied).toMatchObject({
    instanceId: instance?.id,
    removed: 1,
    excludedFromSync: 0,
    failed: 0,
  });
  expect(conditionOf(applied, 'Ready')?.startsWith('True/')).toBe(true);
  expect(conditionOf(applied, 'SyncConflict')).toBeUndefined();
  // The definition Graph holds matches the resource: resyncs read it and never rewrite it.
  const writes = (await sim().admin.requests(EMEA.tenantId)).filter(
    (r) => r.path.startsWith(DEFINITIONS) && r.method !== 'GET',
  );
  expect(writes.map((r) => r.method)).toEqual(['POST']);
});
