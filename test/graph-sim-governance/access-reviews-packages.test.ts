// Access reviews of access package assignments over HTTPS with the real Graph SDK, entitlement management and
// access reviews in one simulator: the instance reviews the delivered assignments the scope's $filter selects,
// and an applied Deny removes the assignment (adminRemove) and with it the group membership.
import type { Client } from '@microsoft/microsoft-graph-client';
import { AccessReviewsAdmin } from '../../src/graph-sim/governance/access-reviews/admin-client.js';
import { submitRequest } from '../../src/graph-sim/governance/entitlement/admin.js';
import { startSimulator, type RunningSimulator } from '../../src/graph-sim/index.js';
import { CONTOSO, tenantClient } from '../graph-sim/sim-fixture.js';
import {
  DEFINITIONS,
  failureOf,
  groupReview,
  onlyInstance,
  simToday,
  type Decision,
} from './access-review-fixture.js';
import {
  assignmentsOf,
  buildPackage,
  EM,
  memberIds,
  type GraphObject,
  type Page,
} from './entitlement-fixture.js';

const DAY = 86_400_000;

describe('graph-sim access reviews of access package assignments', () => {
  let sim: RunningSimulator;
  let graph: Client;
  let reviews: AccessReviewsAdmin;
  const users: Record<string, string> = {};
  beforeAll(async () => {
    sim = await startSimulator();
    reviews = new AccessReviewsAdmin(sim.admin);
    graph = tenantClient(sim, CONTOSO);
    const page = (await graph.api('/users').select(['id', 'userPrincipalName']).get()) as Page;
    for (const u of page.value) users[String(u['userPrincipalName']).split('@')[0] as string] = u.id;
  });
  afterAll(() => sim.stop());

  async function directPolicy(accessPackageId: string, name: string): Promise<string> {
    const policy = (await graph.api(`${EM}/assignmentPolicies`).post({
      displayName: name,
      allowedTargetScope: 'allMemberUsers',
      accessPackage: { id: accessPackageId },
    })) as GraphObject;
    return policy.id;
  }

  async function assign(accessPackageId: string, assignmentPolicyId: string, user: string): Promise<void> {
    const targetId = users[user] as string;
    await submitRequest(sim.admin, CONTOSO.tenantId, {
      requestType: 'adminAdd',
      accessPackageId,
      assignmentPolicyId,
      targetId,
    });
  }

  function reviewer(): string {
    return users['alex.wilber'] as string;
  }

  function reviewedByAlex(): Record<string, unknown>[] {
    return [{ query: `/users/${reviewer()}`, queryType: 'MicrosoftGraph' }];
  }

  function idOf(user: string): string {
    return users[user] as string;
  }

  async function decisionsOf(
    definitionId: string,
    instanceId: string,
  ): Promise<(Decision & { accessReviewId: string })[]> {
    const page = (await graph
      .api(`${DEFINITIONS}/${definitionId}/instances/${instanceId}/decisions`)
      .get()) as Page<Decision & { accessReviewId: string }>;
    return page.value;
  }

  it('reviews the filtered assignments and removes a denied one with its membership when applied', async () => {
    const built = await buildPackage(graph, 'Reviewed package');
    const reviewed = await directPolicy(built.accessPackageId, 'Reviewed policy');
    const other = await directPolicy(built.accessPackageId, 'Other policy');
    await assign(built.accessPackageId, reviewed, 'megan.bowen');
    await assign(built.accessPackageId, reviewed, 'lee.gu');
    await assign(built.accessPackageId, other, 'alex.wilber');
    const [megan, lee, alex] = [idOf('megan.bowen'), idOf('lee.gu'), idOf('alex.wilber')];
    const query = `${EM}/assignments?$filter=(accessPackageId eq '${built.accessPackageId}' and (assignmentPolicyId eq '${reviewed}'))`;
    const body = groupReview(
      'Package review',
      query,
      await simToday(sim),
      {
        instanceDurationInDays: 1,
        autoApplyDecisionsEnabled: true,
      },
      reviewedByAlex(),
    );
    const definition = (await graph.api(DEFINITIONS).post(body)) as GraphObject;
    const instance = await onlyInstance(graph, definition.id);
    const items = await decisionsOf(definition.id, instance.id);
    expect(items.map((d) => d.principal.id).sort()).toEqual([megan, lee].sort());
    expect(items[0]?.resource).toEqual({
      '@odata.type': '#microsoft.graph.accessReviewInstanceDecisionItemAccessPackageAssignmentPolicyResource',
      id: reviewed,
      displayName: 'Reviewed package',
      type: 'AccessPackageAssignmentPolicy',
      accessPackageId: built.accessPackageId,
      accessPackageDisplayName: 'Reviewed package',
    });
    expect(items.every((d) => d.accessReviewId === instance.id && d.applyResult === 'New')).toBe(true);

    await reviews.decideFor(CONTOSO.tenantId, definition.id, megan, {
      decision: 'Deny',
      justification: 'left',
      reviewer: reviewer(),
    });
    await reviews.decideFor(CONTOSO.tenantId, definition.id, lee, {
      decision: 'Approve',
      justification: 'ok',
      reviewer: reviewer(),
    });
    await sim.admin.advanceClock(DAY + 60_000);

    const applied = await decisionsOf(definition.id, instance.id);
    expect(Object.fromEntries(applied.map((d) => [d.principal.id, [d.decision, d.applyResult]]))).toEqual({
      [megan]: ['Deny', 'AppliedSuccessfully'],
      [lee]: ['Approve', 'AppliedSuccessfully'],
    });
    const states = Object.fromEntries(
      (await assignmentsOf(graph, built.accessPackageId)).map((a) => [
        (a['target'] as GraphObject).id,
        a['state'],
      ]),
    );
    expect(states).toEqual({ [megan]: 'expired', [lee]: 'delivered', [alex]: 'delivered' });
    expect(await memberIds(graph, built.groupId)).toEqual([lee, alex].sort());
    const removals = (await graph
      .api(`${EM}/assignmentRequests`)
      .expand('accessPackage')
      .filter(`accessPackage/id eq '${built.accessPackageId}'`)
      .get()) as Page;
    expect(removals.value.filter((r) => r['requestType'] === 'adminRemove').map((r) => r['state'])).toEqual([
      'delivered',
    ]);
  });

  it('accepts the accessPackageAssignments query, applies on request, and reports an assignment already gone', async () => {
    const built = await buildPackage(graph, 'Applied on request');
    const policy = await directPolicy(built.accessPackageId, 'Direct');
    await assign(built.accessPackageId, policy, 'nestor.wilke');
    const nestor = users['nestor.wilke'] as string;
    const query = `${EM}/accessPackageAssignments?$filter=(accessPackageId eq '${built.accessPackageId}' and assignmentPolicyId eq '${policy}')`;
    const definition = (await graph
      .api(DEFINITIONS)
      .post(
        groupReview(
          'On request',
          query,
          await simToday(sim),
          { instanceDurationInDays: 1 },
          reviewedByAlex(),
        ),
      )) as GraphObject;
    const instance = await onlyInstance(graph, definition.id);
    await reviews.decideFor(CONTOSO.tenantId, definition.id, nestor, {
      decision: 'Deny',
      justification: 'gone',
      reviewer: reviewer(),
    });
    await graph.api(`${DEFINITIONS}/${definition.id}/instances/${instance.id}/stop`).post({});
    await submitRequest(sim.admin, CONTOSO.tenantId, {
      requestType: 'adminRemove',
      accessPackageId: built.accessPackageId,
      assignmentPolicyId: policy,
      targetId: nestor,
    });
    await graph.api(`${DEFINITIONS}/${definition.id}/instances/${instance.id}/applyDecisions`).post({});
    const [item] = await decisionsOf(definition.id, instance.id);
    expect([item?.decision, item?.applyResult]).toEqual(['Deny', 'AppliedSuccessfullyButObjectNotFound']);
  });

  it('rejects an assignment query whose $filter does not parse', async () => {
    const query = `${EM}/assignments?$filter=(accessPackageId eq )`;
    const failure = await failureOf(
      graph.api(DEFINITIONS).post(groupReview('Broken', query, await simToday(sim))),
    );
    expect([failure.statusCode, failure.code]).toEqual([400, 'BadRequest']);
  });
});
