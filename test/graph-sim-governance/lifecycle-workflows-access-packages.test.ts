// The simulator's access package tasks of Lifecycle Workflows, over HTTPS with the real Graph SDK: a request task
// goes through entitlement management and delivers the package's group; the removal task takes it away.
import type { Client } from '@microsoft/microsoft-graph-client';
import { entitlementModule } from '../../src/graph-sim/governance/entitlement/module.js';
import { lifecycleWorkflowsModule } from '../../src/graph-sim/governance/lifecycle-workflows/index.js';
import { CONTOSO, tenantClient } from '../graph-sim/sim-fixture.js';
import { useSimulator } from '../support/simulator.js';

// These tests drive the simulator directly, not through the operator: its contract does not apply.
const sim = useSimulator({ modules: [entitlementModule, lifecycleWorkflowsModule] }, { contract: false });
const EM = '/identityGovernance/entitlementManagement';
const LW = '/identityGovernance/lifecycleWorkflows';
const REQUEST_PACKAGE = 'c1ec1e76-f374-4375-aaa6-0bb6bd4c60be';
const REMOVE_PACKAGE = '4a0b64f2-c7ec-46ba-b117-18f262946c50';

type Json = Record<string, unknown> & { id: string };
interface Page<T> {
  value: T[];
}

let contoso: Client;
let packageId: string;
let policyId: string;
let groupId: string;

function onDemand(displayName: string, task: Json | Record<string, unknown>): Record<string, unknown> {
  return {
    category: 'joiner',
    displayName,
    isEnabled: true,
    isSchedulingEnabled: false,
    executionConditions: { '@odata.type': '#microsoft.graph.identityGovernance.onDemandExecutionOnly' },
    tasks: [task],
  };
}

/** Runs a new workflow for one user; returns the user's result with its task results. */
async function activate(workflow: Record<string, unknown>, userId: string): Promise<Json[]> {
  const created = (await contoso.api(`${LW}/workflows`).post(workflow)) as Json;
  const path = `${LW}/workflows/${created.id}`;
  await contoso.api(`${path}/activate`).post({ subjects: [{ id: userId }] });
  const results = ((await contoso.api(`${path}/userProcessingResults`).get()) as Page<Json>).value;
  return Promise.all(
    results.map(async (r) => ({
      ...r,
      tasks: (
        (await contoso.api(`${path}/userProcessingResults/${r.id}/taskProcessingResults`).get()) as Page<Json>
      ).value,
    })),
  );
}

async function assignmentsOf(userId: string): Promise<Json[]> {
  const page = (await contoso
    .api(`${EM}/assignments`)
    .filter(`target/objectId eq '${userId}'`)
    .get()) as Page<Json>;
  return page.value;
}

beforeAll(async () => {
  contoso = tenantClient(sim(), CONTOSO);
  const group = (await contoso.api('/groups').post({
    displayName: 'Joiner kit',
    mailEnabled: false,
    mailNickname: 'joiner-kit',
    securityEnabled: true,
  })) as Json;
  groupId = group.id;
  const catalog = (await contoso.api(`${EM}/catalogs`).post({ displayName: 'LCW conformance' })) as Json;
  await contoso.api(`${EM}/resourceRequests`).post({
    requestType: 'adminAdd',
    resource: { displayName: 'Joiner kit', originId: groupId, originSystem: 'AadGroup' },
    catalog: { id: catalog.id },
  });
  const resources = (await contoso
    .api(`${EM}/catalogs/${catalog.id}/resources`)
    .expand('roles,scopes')
    .get()) as Page<Json & { roles: Json[]; scopes: Json[] }>;
  const resource = resources.value.find((r) => r['originId'] === groupId);
  const member = resource?.roles.find((r) => r['displayName'] === 'Member');
  const pkg = (await contoso
    .api(`${EM}/accessPackages`)
    .post({ displayName: 'Joiner kit', catalog: { id: catalog.id } })) as Json;
  packageId = pkg.id;
  await contoso.api(`${EM}/accessPackages/${packageId}/resourceRoleScopes`).post({
    role: {
      id: member?.id,
      originSystem: 'AadGroup',
      originId: member?.['originId'],
      resource: { id: resource?.id },
    },
    scope: { id: resource?.scopes[0]?.id, originSystem: 'AadGroup', originId: groupId },
  });
  const policy = (await contoso.api(`${EM}/assignmentPolicies`).post({
    displayName: 'Direct',
    allowedTargetScope: 'allMemberUsers',
    accessPackage: { id: packageId },
  })) as Json;
  policyId = policy.id;
});

it('requests the package for the user through entitlement management, which delivers its group', async () => {
  const users = (await contoso
    .api('/users')
    .filter("userPrincipalName eq 'lee.gu@contoso.com'")
    .get()) as Page<Json>;
  const user = users.value[0] as Json;
  const [result] = await activate(
    onDemand('Request kit', {
      displayName: 'Request kit',
      taskDefinitionId: REQUEST_PACKAGE,
      arguments: [
        { name: 'assignmentPolicyId', value: policyId },
        { name: 'accessPackageId', value: packageId },
      ],
    }),
    user.id,
  );
  expect(result).toMatchObject({ processingStatus: 'completed', failedTasksCount: 0 });
  expect(await assignmentsOf(user.id)).toEqual([expect.objectContaining({ state: 'delivered' })]);
  const memberOf = (await contoso.api(`/users/${user.id}/memberOf`).get()) as Page<Json>;
  expect(memberOf.value.map((g) => g.id)).toContain(groupId);

  const [removal] = await activate(
    onDemand('Remove kit', {
      displayName: 'Remove kit',
      taskDefinitionId: REMOVE_PACKAGE,
      arguments: [{ name: 'accessPackageId', value: packageId }],
    }),
    user.id,
  );
  expect(removal).toMatchObject({ processingStatus: 'completed' });
  expect((await assignmentsOf(user.id)).filter((a) => a['state'] === 'delivered')).toEqual([]);
  const after = (await contoso.api(`/users/${user.id}/memberOf`).get()) as Page<Json>;
  expect(after.value.map((g) => g.id)).not.toContain(groupId);
});

it("fails the task with entitlement management's reason when the policy does not exist", async () => {
  const users = (await contoso
    .api('/users')
    .filter("userPrincipalName eq 'adele.vance@contoso.com'")
    .get()) as Page<Json>;
  const user = users.value[0] as Json;
  const [result] = await activate(
    onDemand('Request with a wrong policy', {
      displayName: 'Request kit',
      taskDefinitionId: REQUEST_PACKAGE,
      arguments: [
        { name: 'assignmentPolicyId', value: '00000000-0000-0000-0000-000000000000' },
        { name: 'accessPackageId', value: packageId },
      ],
    }),
    user.id,
  );
  expect(result).toMatchObject({
    processingStatus: 'failed',
    failedTasksCount: 1,
    tasks: [
      expect.objectContaining({
        processingStatus: 'failed',
        failureReason: expect.stringMatching(/assignment policy/),
      }),
    ],
  });
  expect(await assignmentsOf(user.id)).toEqual([]);
});
