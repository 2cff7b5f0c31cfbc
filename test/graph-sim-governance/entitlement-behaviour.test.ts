import type { Client } from '@microsoft/microsoft-graph-client';
import {
  approveRequest,
  pendingApprovals,
  submitRequest,
} from '../../src/graph-sim/governance/entitlement/admin.js';
import { entitlementModule } from '../../src/graph-sim/governance/entitlement/module.js';
import { startSimulator, type RunningSimulator } from '../../src/graph-sim/index.js';
import { CONTOSO, tenantClient } from '../graph-sim/sim-fixture.js';
import {
  assignmentsOf,
  buildPackage,
  EM,
  errorOf,
  memberIds,
  type GraphObject,
  type Page,
} from './entitlement-fixture.js';

const DAY = 86_400_000;

describe('graph-sim entitlement management behaviour', () => {
  let sim: RunningSimulator;
  let graph: Client;
  const users: Record<string, string> = {};
  beforeAll(async () => {
    sim = await startSimulator({ modules: [entitlementModule] });
    graph = tenantClient(sim, CONTOSO);
    const page = (await graph.api('/users').select(['id', 'userPrincipalName']).get()) as Page;
    for (const u of page.value) users[String(u['userPrincipalName']).split('@')[0] as string] = u.id;
  });
  afterAll(() => sim.stop());

  function statesOf(assignments: GraphObject[]): Record<string, string> {
    return Object.fromEntries(
      assignments.map((a) => [String((a['target'] as GraphObject).id), String(a['state'])]),
    );
  }

  it('assigns users matching an automatic policy and removes them after the grace period', async () => {
    const built = await buildPackage(graph, 'Birthright');
    await graph.api(`${EM}/assignmentPolicies`).post({
      displayName: 'Sales',
      allowedTargetScope: 'specificDirectoryUsers',
      specificAllowedTargets: [
        {
          '@odata.type': '#microsoft.graph.attributeRuleMembers',
          membershipRule: '(user.department -eq "Sales") -and (user.userType -eq "Member")',
        },
      ],
      automaticRequestSettings: {
        requestAccessForAllowedTargets: true,
        removeAccessWhenTargetLeavesAllowedTargets: true,
        gracePeriodBeforeAccessRemoval: 'P7D',
      },
      accessPackage: { id: built.accessPackageId },
    });
    const adele = users['adele.vance'] as string;
    expect(statesOf(await assignmentsOf(graph, built.accessPackageId))).toEqual({ [adele]: 'delivered' });
    expect(await memberIds(graph, built.groupId)).toEqual([adele]);

    await graph.api(`/users/${adele}`).patch({ department: 'Finance' });
    await sim.admin.advanceClock(6 * DAY);
    expect(statesOf(await assignmentsOf(graph, built.accessPackageId))).toEqual({ [adele]: 'delivered' });
    await sim.admin.advanceClock(2 * DAY);
    const [ended] = await assignmentsOf(graph, built.accessPackageId);
    expect(ended).toMatchObject({ state: 'expired', status: 'Expired' });
    expect(ended?.['expiredDateTime']).toEqual(expect.any(String));
    expect(await memberIds(graph, built.groupId)).toEqual([]);

    await graph.api(`/users/${adele}`).patch({ department: 'Sales' });
    const states = (await assignmentsOf(graph, built.accessPackageId)).map((a) => a['state']).sort();
    expect(states).toEqual(['delivered', 'expired']);
    expect(await memberIds(graph, built.groupId)).toEqual([adele]);
  });

  it('keeps a user who is back in scope within the grace period', async () => {
    const built = await buildPackage(graph, 'Engineering');
    await graph.api(`${EM}/assignmentPolicies`).post({
      displayName: 'Engineering',
      allowedTargetScope: 'specificDirectoryUsers',
      specificAllowedTargets: [
        {
          '@odata.type': '#microsoft.graph.attributeRuleMembers',
          membershipRule: 'user.department -eq "Engineering"',
        },
      ],
      automaticRequestSettings: {
        requestAccessForAllowedTargets: true,
        removeAccessWhenTargetLeavesAllowedTargets: true,
        gracePeriodBeforeAccessRemoval: 'P2D',
      },
      accessPackage: { id: built.accessPackageId },
    });
    const lidia = users['lidia.holloway'] as string;
    await graph.api(`/users/${lidia}`).patch({ department: 'Research' });
    await sim.admin.advanceClock(DAY);
    await graph.api(`/users/${lidia}`).patch({ department: 'Engineering' });
    await sim.admin.advanceClock(3 * DAY);
    expect(statesOf(await assignmentsOf(graph, built.accessPackageId))).toEqual({ [lidia]: 'delivered' });
  });

  it('runs a request through approval, delivers it, and expires it after the policy duration', async () => {
    const built = await buildPackage(graph, 'Just in time');
    const megan = users['megan.bowen'] as string;
    const lee = users['lee.gu'] as string;
    const policy = (await graph.api(`${EM}/assignmentPolicies`).post({
      displayName: 'On request',
      allowedTargetScope: 'allMemberUsers',
      expiration: { type: 'afterDuration', duration: 'P1D' },
      requestorSettings: { enableTargetsToSelfAddAccess: true },
      requestApprovalSettings: {
        isApprovalRequiredForAdd: true,
        isApprovalRequiredForUpdate: false,
        stages: [
          {
            durationBeforeAutomaticDenial: 'P2D',
            isApproverJustificationRequired: false,
            primaryApprovers: [{ '@odata.type': '#microsoft.graph.singleUser', userId: megan }],
          },
        ],
      },
      accessPackage: { id: built.accessPackageId },
    })) as GraphObject;
    const input = {
      requestType: 'userAdd' as const,
      accessPackageId: built.accessPackageId,
      assignmentPolicyId: policy.id,
      targetId: lee,
      justification: 'quarter close',
    };
    const submitted = await submitRequest(sim.admin, CONTOSO.tenantId, input);
    expect(submitted.state).toBe('pendingApproval');
    const listed = (await graph
      .api(`${EM}/assignmentRequests`)
      .expand('accessPackage')
      .filter(`accessPackage/id eq '${built.accessPackageId}'`)
      .get()) as Page;
    expect(listed.value.map((r) => [r.id, r['state'], r['requestType']])).toEqual([
      [submitted.id, 'pendingApproval', 'userAdd'],
    ]);
    // The page documents the filter by package together with its $expand; alone it is refused.
    expect(
      await errorOf(
        graph.api(`${EM}/assignmentRequests`).filter(`accessPackage/id eq '${built.accessPackageId}'`).get(),
      ),
    ).toMatchObject({ statusCode: 400, code: 'BadRequest' });
    expect((await pendingApprovals(sim.admin, CONTOSO.tenantId)).map((p) => p.id)).toEqual([submitted.id]);

    await expect(
      approveRequest(sim.admin, CONTOSO.tenantId, submitted.id, {
        approverId: users['alex.wilber'] as string,
      }),
    ).rejects.toThrow(/403/);
    const approved = await approveRequest(sim.admin, CONTOSO.tenantId, submitted.id, { approverId: megan });
    expect(approved.state).toBe('delivered');
    expect(statesOf(await assignmentsOf(graph, built.accessPackageId))).toEqual({ [lee]: 'delivered' });
    expect(await memberIds(graph, built.groupId)).toEqual([lee]);

    await sim.admin.advanceClock(DAY + 1000);
    expect(statesOf(await assignmentsOf(graph, built.accessPackageId))).toEqual({ [lee]: 'expired' });
    expect(await memberIds(graph, built.groupId)).toEqual([]);

    const nestor = users['nestor.wilke'] as string;
    const waiting = await submitRequest(sim.admin, CONTOSO.tenantId, { ...input, targetId: nestor });
    await sim.admin.advanceClock(2 * DAY + 1000);
    const timedOut = (await graph.api(`${EM}/assignmentRequests/${waiting.id}`).get()) as GraphObject;
    expect(timedOut).toMatchObject({ state: 'denied', status: 'TimedOut' });
  });

  it('delivers an adminAdd, answers submitted/Accepted like Graph, and removes on adminRemove', async () => {
    const built = await buildPackage(graph, 'Direct');
    const policy = (await graph.api(`${EM}/assignmentPolicies`).post({
      displayName: 'Direct',
      allowedTargetScope: 'allMemberUsers',
      accessPackage: { id: built.accessPackageId },
    })) as GraphObject;
    const alex = users['alex.wilber'] as string;
    const assignment = {
      targetId: alex,
      assignmentPolicyId: policy.id,
      accessPackageId: built.accessPackageId,
    };
    const created = (await graph
      .api(`${EM}/assignmentRequests`)
      .post({ requestType: 'adminAdd', assignment })) as GraphObject;
    expect(created).toMatchObject({ requestType: 'adminAdd', state: 'submitted', status: 'Accepted' });
    const read = (await graph.api(`${EM}/assignmentRequests/${created.id}`).get()) as GraphObject;
    expect(read['state']).toBe('delivered');
    expect(await memberIds(graph, built.groupId)).toEqual([alex]);
    expect(
      await errorOf(graph.api(`${EM}/assignmentRequests`).post({ requestType: 'adminAdd', assignment })),
    ).toEqual({
      statusCode: 400,
      code: 'BadRequest',
    });
    expect(
      (await errorOf(graph.api(`${EM}/assignmentRequests`).post({ requestType: 'userAdd', assignment })))
        .statusCode,
    ).toBe(403);

    const [live] = await assignmentsOf(graph, built.accessPackageId);
    await graph
      .api(`${EM}/assignmentRequests`)
      .post({ requestType: 'adminRemove', assignment: { id: live?.id } });
    const byTarget = (await graph
      .api(`${EM}/assignments`)
      .filter(`target/objectId eq '${alex}' and state eq 'expired'`)
      .get()) as Page;
    expect(byTarget.value.map((a) => a.id)).toContain(live?.id);
    expect(await memberIds(graph, built.groupId)).toEqual([]);
  });
});
