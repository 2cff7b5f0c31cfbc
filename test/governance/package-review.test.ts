// Scenario 6, end to end: an access review of a birthright access package. The AccessPackagePolicy's automatic
// policy delivers the Sales package to the Sales users synchronized from EMEA; a ReviewSchedule over the package
// (scope.accessPackagePolicyRef, onDeny RemoveAccess) gets an instance reviewing those users; a denial,
// auto-applied when the instance ends on the simulator clock, removes that assignment by adminRemove and with it
// the group membership. The user still matches the automatic policy's rule, so entitlement management assigns
// the package again at its next evaluation, as Entra does.
import 'reflect-metadata';
import { jest } from '@jest/globals';
import { AccessReviewsAdmin } from '../../src/graph-sim/governance/access-reviews/admin-client.js';
import { CONTOSO, EMEA } from '../graph-sim/sim-fixture.js';
import { anchoredUsers, clientFor, groupId, userId } from '../sync/engine.js';
import { useOperator } from '../support/operator.js';
import { useSimulator } from '../support/simulator.js';
import { conditionOf, create, waitUntil, type Stored } from '../support/resources.js';
import { connectContosoAndEmea, waitForSyncScopeSynced } from './testbed.js';

jest.setTimeout(240_000);
// Entitlement management and access reviews are built-in simulator modules.
const sim = useSimulator();
const testbed = useOperator('gov-package-review');
const EM = '/identityGovernance/entitlementManagement';
const DAY = 86_400_000;
const RULE = `(user.department -eq "Sales") -and (user.extensionAttribute15 -startsWith "${EMEA.tenantId}:")`;

interface ReviewStatus {
  definitionId?: string;
  currentInstance?: {
    id: string;
    status: string;
    decisions?: { approved: number; denied: number; notReviewed: number; dontKnow: number };
  };
  lastApplied?: { instanceId: string; removed: number; excludedFromSync: number; failed: number };
}
interface Assignment {
  id: string;
  state: string;
  target: { objectId: string };
}
interface Request {
  requestType: string;
  state: string;
  assignment: { id: string } | null;
}

const reviewStatus = (r: Stored) => (r.status ?? {}) as ReviewStatus;

async function assignmentsOf(userObjectId: string): Promise<Assignment[]> {
  const filter = encodeURIComponent(`target/objectId eq '${userObjectId}'`);
  const page = await clientFor(sim(), CONTOSO).get<{ value: Assignment[] }>(
    `${EM}/assignments?$filter=${filter}&$expand=target`,
  );
  return page.value;
}

async function requestsOf(userObjectId: string): Promise<Request[]> {
  const page = await clientFor(sim(), CONTOSO).get<{ value: Request[] }>(
    `${EM}/assignmentRequests?$expand=assignment`,
  );
  const ids = new Set((await assignmentsOf(userObjectId)).map((a) => a.id));
  return page.value.filter((r) => r.assignment !== null && ids.has(r.assignment.id));
}

async function groupMembers(groupObjectId: string): Promise<string[]> {
  const page = await clientFor(sim(), CONTOSO).get<{ value: { id: string }[] }>(
    `/groups/${groupObjectId}/members?$select=id`,
  );
  return page.value.map((m) => m.id).sort();
}

let salesGroupId: string;
let salesTargets: string[];

beforeAll(async () => {
  const { clients, namespace } = testbed();
  await connectContosoAndEmea(clients, sim(), namespace);
  salesGroupId = await groupId(clientFor(sim(), CONTOSO), 'Sales Tools');
  const emea = clientFor(sim(), EMEA);
  const syncGroup = await groupId(emea, 'Sync to Contoso');
  await create(clients, 'AttributeMapping', namespace, 'emea-mapping', {
    includeDefaults: true,
    mappings: [{ target: 'department', source: 'department' }],
  });
  await create(clients, 'SyncScope', namespace, 'emea', {
    source: { tenantLinkRef: 'emea' },
    target: { tenantLinkRef: 'contoso' },
    scope: { groups: [syncGroup] },
    attributeMappingRef: 'emea-mapping',
    interval: '1s',
  });
  await waitForSyncScopeSynced(clients, namespace, 'emea');
  const synced = await anchoredUsers(clientFor(sim(), CONTOSO), EMEA.tenantId);
  salesTargets = [...synced.values()]
    .filter((u) => u.department === 'Sales')
    .map((u) => u.id)
    .sort();
  expect(salesTargets.length).toBeGreaterThan(1);
  await create(clients, 'AccessPackagePolicy', namespace, 'sales', {
    tenantLinkRef: 'contoso',
    catalog: { displayName: 'Birthright' },
    accessPackage: { displayName: 'Sales', description: 'Tools of the Sales team' },
    resources: [{ group: { displayName: 'Sales Tools' }, role: 'Member' }],
    policies: [
      { name: 'emea-sales', automatic: { rule: RULE, removeWhenOutOfScope: true, gracePeriod: '7d' } },
    ],
  });
  await waitUntil(
    clients,
    'AccessPackagePolicy',
    namespace,
    'sales',
    'Ready with the EMEA Sales users delivered',
    (r) =>
      conditionOf(r, 'Ready')?.startsWith('True/') === true &&
      (r.status?.['assignments'] as { delivered?: number } | undefined)?.delivered === salesTargets.length,
    60_000,
  );
});

it('reviews the package assignments, and an auto-applied denial removes the assignment and its membership', async () => {
  const { clients, namespace } = testbed();
  const contoso = clientFor(sim(), CONTOSO);
  const reviewer = await userId(contoso, 'megan.bowen@contoso.com');
  await create(clients, 'ReviewSchedule', namespace, 'sales-recertify', {
    tenantLinkRef: 'contoso',
    scope: { accessPackagePolicyRef: 'sales', principals: 'All' },
    reviewers: [{ type: 'User', id: reviewer }],
    recurrence: {
      startDate: (await sim().admin.clock()).now.slice(0, 10),
      interval: 'Weekly',
      durationInDays: 1,
    },
    decisions: { autoApply: true, justificationRequired: false },
    onDeny: 'RemoveAccess',
  });
  const started = await waitUntil(
    clients,
    'ReviewSchedule',
    namespace,
    'sales-recertify',
    'an instance in progress',
    (r) => reviewStatus(r).currentInstance?.status === 'InProgress',
  );
  const definitionId = reviewStatus(started).definitionId as string;
  const reviews = new AccessReviewsAdmin(sim().admin);
  const instance = (await reviews.definitions(CONTOSO.tenantId)).find((d) => d.id === definitionId)
    ?.instances[0];
  // One decision item per delivered assignment of the package: the synced Sales users.
  expect(instance?.decisions.map((d) => d.principal.id).sort()).toEqual(salesTargets);
  const denied = salesTargets[0] as string;
  const [reviewed] = await assignmentsOf(denied);
  expect(reviewed?.state).toBe('delivered');
  await reviews.decideFor(CONTOSO.tenantId, definitionId, denied, {
    decision: 'Deny',
    justification: 'no longer sells for Contoso',
    reviewer,
  });

  // The instance ends a day later on the simulator clock; its decisions are applied automatically.
  await sim().admin.advanceClock(DAY + 60_000);
  expect(await groupMembers(salesGroupId)).not.toContain(denied);
  expect((await assignmentsOf(denied)).find((a) => a.id === reviewed?.id)?.state).toBe('expired');
  expect(await requestsOf(denied)).toContainEqual(
    expect.objectContaining({ requestType: 'adminRemove', state: 'delivered' }),
  );
  const applied = await waitUntil(
    clients,
    'ReviewSchedule',
    namespace,
    'sales-recertify',
    'applied',
    (r) => reviewStatus(r).lastApplied !== undefined,
  );
  expect(reviewStatus(applied).currentInstance).toMatchObject({
    id: instance?.id,
    status: 'Applied',
    decisions: { approved: 0, denied: 1, notReviewed: salesTargets.length - 1, dontKnow: 0 },
  });
  expect(reviewStatus(applied).lastApplied).toMatchObject({
    instanceId: instance?.id,
    removed: 1,
    excludedFromSync: 0,
    failed: 0,
  });
  expect(conditionOf(applied, 'Ready')?.startsWith('True/')).toBe(true);

  // The user still matches the automatic policy's rule: its next evaluation (here the next clock step)
  // assigns the package again through a systemAdd request, as Entra's automatic assignment does.
  await sim().admin.advanceClock(60_000);
  const again = await assignmentsOf(denied);
  expect(again.map((a) => a.state).sort()).toEqual(['delivered', 'expired']);
  expect((await requestsOf(denied)).filter((r) => r.requestType === 'systemAdd')).toHaveLength(2);
  expect(await groupMembers(salesGroupId)).toContain(denied);
});
