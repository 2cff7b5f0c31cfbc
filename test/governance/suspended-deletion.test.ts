// Deleting a suspended resource with deletionPolicy Delete leaves the tenant untouched: the finalizer goes, the
// objects it created stay, and a LeftInTenant Event names them. One resource of each governance kind.
import 'reflect-metadata';
import { jest } from '@jest/globals';
import type { KindName } from '../../src/api/index.js';
import { accessReviewsModule } from '../../src/graph-sim/governance/access-reviews/module.js';
import { entitlementModule } from '../../src/graph-sim/governance/entitlement/module.js';
import { CONTOSO } from '../graph-sim/sim-fixture.js';
import { clientFor, groupId } from '../sync/engine.js';
import { useOperator } from '../support/operator.js';
import { createTenantLink, useSimulator, waitForTenantLink } from '../support/simulator.js';
import { graphWrites } from '../steady-state/steady.js';
import { conditionOf, create, deleteAndWaitGone, patch, waitUntil } from '../support/resources.js';

jest.setTimeout(120_000);
const sim = useSimulator({ modules: [entitlementModule, accessReviewsModule] });
const testbed = useOperator('gov-suspdel');
const IG = '/identityGovernance';

beforeAll(async () => {
  const { clients, namespace } = testbed();
  await createTenantLink(clients, sim(), { namespace, name: 'contoso', tenant: CONTOSO });
  await waitForTenantLink(clients, namespace, 'contoso', 'True/Connected');
});

async function events(name: string): Promise<string[]> {
  const { clients, namespace } = testbed();
  const list = await clients.events.listNamespacedEvent({ namespace });
  return list.items
    .filter((e) => e.regarding?.name === name)
    .map((e) => `${e.type ?? ''}/${e.reason ?? ''}: ${e.note ?? ''}`);
}

/** Creates the resource with deletionPolicy Delete, waits for `idField` in status, suspends and deletes it. */
async function createSuspendDelete(
  kind: KindName,
  name: string,
  spec: Record<string, unknown>,
  idField: string,
): Promise<string> {
  const { clients, namespace } = testbed();
  await create(clients, kind, namespace, name, {
    ...spec,
    tenantLinkRef: 'contoso',
    deletionPolicy: 'Delete',
  });
  const ready = await waitUntil(clients, kind, namespace, name, `with ${idField}`, (r) =>
    Boolean(r.status?.[idField]),
  );
  await patch(clients, kind, namespace, name, { spec: { suspend: true } });
  await waitUntil(
    clients,
    kind,
    namespace,
    name,
    'Suspended',
    (r) => conditionOf(r, 'Ready') === 'False/Suspended',
  );
  await sim().admin.clearRequests();
  await deleteAndWaitGone(clients, kind, namespace, name);
  expect(graphWrites(await sim().admin.requests())).toEqual([]);
  const id = ready.status?.[idField] as string;
  expect(await events(name)).toContainEqual(
    expect.stringMatching(new RegExp(`^Warning/LeftInTenant: .*${id}`)),
  );
  return id;
}

describe('deleting a suspended resource with deletionPolicy Delete', () => {
  it('leaves the access review definition of a ReviewSchedule in the tenant', async () => {
    const id = await createSuspendDelete(
      'ReviewSchedule',
      'paused-review',
      {
        scope: { group: await groupId(clientFor(sim(), CONTOSO), 'Sales Tools') },
        recurrence: { startDate: '2026-12-01' },
      },
      'definitionId',
    );
    const definition = await clientFor(sim(), CONTOSO).get<{ id: string }>(
      `${IG}/accessReviews/definitions/${id}`,
    );
    expect(definition.id).toBe(id);
  });

  it('leaves the workflow of a LifecycleWorkflow in the tenant', async () => {
    const id = await createSuspendDelete(
      'LifecycleWorkflow',
      'paused-leaver',
      {
        category: 'leaver',
        trigger: { attribute: 'employeeLeaveDateTime' },
        scope: { rule: "(userType eq 'Member')" },
        tasks: [{ kind: 'DisableAccount' }],
      },
      'workflowId',
    );
    const workflow = await clientFor(sim(), CONTOSO).get<{ id: string }>(
      `${IG}/lifecycleWorkflows/workflows/${id}`,
    );
    expect(workflow.id).toBe(id);
  });

  it('leaves the access package of an AccessPackagePolicy in the tenant', async () => {
    const id = await createSuspendDelete(
      'AccessPackagePolicy',
      'paused-package',
      {
        catalog: { displayName: 'Paused' },
        accessPackage: { displayName: 'Paused', description: 'Deleted while suspended' },
        resources: [{ group: { displayName: 'Sales Tools' }, role: 'Member' }],
        policies: [{ name: 'members', automatic: { rule: '(user.department -eq "Sales")' } }],
      },
      'accessPackageId',
    );
    const accessPackage = await clientFor(sim(), CONTOSO).get<{ id: string }>(
      `${IG}/entitlementManagement/accessPackages/${id}`,
    );
    expect(accessPackage.id).toBe(id);
  });
});
