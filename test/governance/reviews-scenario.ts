// Scenario 5 on either sync engine: the real operator process on the real control plane against the simulator
// (Contoso seed) with access reviews. (a) A source-side review of the sync group: a denial, auto-applied when the
// instance ends on the simulator clock, removes the user from the group and the engine's next cycle
// deprovisions them in Contoso. (b) A target-side review with onDeny: ExcludeFromSync: the denied synced user is
// excluded from the SyncScope, deprovisioned and not provisioned again, until the ReviewSchedule stops excluding.
import { AccessReviewsAdmin } from '../../src/graph-sim/governance/access-reviews/admin-client.js';
import type { RunningSimulator } from '../../src/graph-sim/index.js';
import type { GraphClient } from '../../src/graph/index.js';
import type { OperatorTestbed } from '../support/operator.js';
import { waitFor } from '../support/poll.js';
import { CONTOSO, EMEA, anchoredUsers, clientFor, userId } from '../sync/engine.js';
import type { ScenarioEngine } from './engine.js';
import { conditionOf, create, patch, waitUntil, type Stored } from '../support/resources.js';
import { connectContosoAndEmea } from './testbed.js';

const SYNC_GROUP = '44322c5b-2c6d-5e7b-a7fa-f63f5705c2f6';
const MARKER = 'onPremisesExtensionAttributes.extensionAttribute14';
const DEFINITIONS = '/identityGovernance/accessReviews/definitions';
const SCOPE = 'emea-to-contoso';
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
interface Exclusion {
  sourceUserId: string;
  reviewSchedule: string;
}

const reviewStatus = (r: Stored) => (r.status ?? {}) as ReviewStatus;
const exclusionsOf = (s: Stored) => ((s.status ?? {}) as { exclusions?: Exclusion[] }).exclusions ?? [];

async function isSoftDeleted(target: GraphClient, id: string): Promise<boolean> {
  const page = await target.get<{ value: { id: string }[] }>(
    '/directory/deletedItems/microsoft.graph.user?$select=id&$top=999',
  );
  return page.value.some((u) => u.id === id);
}

/** What an engine's test file adds to the scenario: a look at how the engine keeps an excluded user out. */
export interface ReviewScenarioChecks {
  excluded?: (sourceUserId: string) => Promise<void>;
}

/** Declares scenario 5's hooks and tests, run by `engine`. Call at the top level of a test file. */
export function reviewScenarios(
  engine: ScenarioEngine,
  sim: () => RunningSimulator,
  testbed: () => OperatorTestbed,
  checks: ReviewScenarioChecks = {},
): void {
  const simToday = async () => (await sim().admin.clock()).now.slice(0, 10);
  const nextCycle = () => engine.nextCycle(testbed().clients, sim, testbed().namespace, SCOPE);

  beforeAll(async () => {
    const { clients, namespace } = testbed();
    await connectContosoAndEmea(clients, sim(), namespace);
    // The marker lets a target-side review select the users synchronized from EMEA (principals SyncedFrom).
    await engine.syncEmea(clients, sim, namespace, SCOPE, {
      scope: { groups: [SYNC_GROUP] },
      mappings: [{ target: MARKER, constant: 'contoso-emea' }],
      sourceMarker: MARKER,
    });
    const target = clientFor(sim(), CONTOSO);
    await waitFor(
      '20 EMEA users in Contoso',
      async () => ((await anchoredUsers(target, EMEA.tenantId)).size === 20 ? true : undefined),
      60_000,
    );
  });

  it(`a source-side review denial, auto-applied at the end of the instance, deprovisions the user in Contoso (engine ${engine.name})`, async () => {
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
    await nextCycle();
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

  it(`a target-side review with onDeny ExcludeFromSync keeps the denied user out of sync until it stops excluding (engine ${engine.name})`, async () => {
    const { clients, namespace } = testbed();
    const source = clientFor(sim(), EMEA);
    const target = clientFor(sim(), CONTOSO);
    const synced = await anchoredUsers(target, EMEA.tenantId);
    const excludedSource = await userId(source, 'asa.lindqvist@emea.contoso.com');
    const keptSource = await userId(source, 'soren.kjrgaard@emea.contoso.com');
    const excludedTarget = synced.get(excludedSource)?.id as string;
    const keptTarget = synced.get(keptSource)?.id as string;
    const megan = await userId(target, 'megan.bowen@contoso.com');
    const group = await target.send<{ id: string }>('POST', '/groups', {
      displayName: 'EMEA partners with Contoso access',
      mailEnabled: false,
      mailNickname: 'emea-partners',
      securityEnabled: true,
      'members@odata.bind': [excludedTarget, keptTarget, megan].map(
        (id) => `https://graph.microsoft.com/v1.0/directoryObjects/${id}`,
      ),
    });

    await create(clients, 'ReviewSchedule', namespace, 'contoso-partners', {
      tenantLinkRef: 'contoso',
      scope: { group: group.body.id, principals: 'SyncedFrom', syncedFrom: ['emea'] },
      reviewers: [{ type: 'User', id: megan }],
      recurrence: { startDate: await simToday(), interval: 'Weekly', durationInDays: 5 },
      decisions: { autoApply: true, justificationRequired: false },
      onDeny: 'ExcludeFromSync',
    });
    const started = await waitUntil(
      clients,
      'ReviewSchedule',
      namespace,
      'contoso-partners',
      'an instance in progress',
      (r) => reviewStatus(r).currentInstance?.status === 'InProgress',
    );
    // Only the synced users are reviewed: Megan, a Contoso native, is not.
    expect(reviewStatus(started).currentInstance?.decisions?.notReviewed).toBe(2);
    expect(conditionOf(started, 'SyncConflict')).toBeUndefined();
    const definitionId = reviewStatus(started).definitionId as string;
    const instanceId = reviewStatus(started).currentInstance?.id as string;
    await new AccessReviewsAdmin(sim().admin).decideFor(CONTOSO.tenantId, definitionId, excludedTarget, {
      decision: 'Deny',
      justification: 'no longer works with Contoso',
      reviewer: megan,
    });
    // The Contoso administrator ends the review early; auto-apply removes the denied user from the group.
    await target.send('POST', `${DEFINITIONS}/${definitionId}/instances/${instanceId}/stop`);

    const scope = await waitUntil(clients, 'SyncScope', namespace, SCOPE, 'the exclusion listed', (s) =>
      exclusionsOf(s).some((e) => e.sourceUserId === excludedSource),
    );
    expect(exclusionsOf(scope)).toEqual([
      expect.objectContaining({ sourceUserId: excludedSource, reviewSchedule: 'contoso-partners' }),
    ]);
    await checks.excluded?.(excludedSource);
    await nextCycle();
    await waitFor('the excluded user deprovisioned', async () =>
      (await anchoredUsers(target, EMEA.tenantId)).has(excludedSource) ? undefined : true,
    );
    expect(await isSoftDeleted(target, excludedTarget)).toBe(true);
    // A pass after the soft delete (forced by a spec change) still finds the denied user, in the recycle bin.
    await patch(clients, 'ReviewSchedule', namespace, 'contoso-partners', {
      spec: { description: 'EMEA partners, reviewed after the exclusion' },
    });
    const review = await waitUntil(
      clients,
      'ReviewSchedule',
      namespace,
      'contoso-partners',
      'a pass after the soft delete',
      () => true,
    );
    expect(reviewStatus(review).lastApplied).toMatchObject({
      instanceId,
      removed: 1,
      excludedFromSync: 1,
      failed: 0,
    });
    expect(reviewStatus(review).currentInstance?.decisions).toMatchObject({ denied: 1, notReviewed: 1 });

    // Still in the source sync group, yet not provisioned again by the cycles after.
    await nextCycle();
    await nextCycle();
    expect((await anchoredUsers(target, EMEA.tenantId)).has(excludedSource)).toBe(false);
    expect((await anchoredUsers(target, EMEA.tenantId)).has(keptSource)).toBe(true);

    // The ReviewSchedule stops excluding: the exclusion is lifted and the next cycle provisions the user again.
    await patch(clients, 'ReviewSchedule', namespace, 'contoso-partners', {
      spec: { onDeny: 'RemoveAccess' },
    });
    await waitUntil(
      clients,
      'SyncScope',
      namespace,
      SCOPE,
      'no exclusions',
      (s) => exclusionsOf(s).length === 0,
    );
    await nextCycle();
    await waitFor('the user provisioned again', async () =>
      (await anchoredUsers(target, EMEA.tenantId)).has(excludedSource) ? true : undefined,
    );
    // Removing denied synced users on its own now fights sync, which the ReviewSchedule warns about.
    await waitUntil(
      clients,
      'ReviewSchedule',
      namespace,
      'contoso-partners',
      'SyncConflict',
      (r) => conditionOf(r, 'SyncConflict') === 'True/SyncReprovisionsDeniedUsers',
    );
  });
}
