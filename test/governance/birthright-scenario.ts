// Scenario 3, birthright, on either sync engine: Sales users synchronized from EMEA get the Sales access package
// automatically (department mapped by the AttributeMapping, rule in the AccessPackagePolicy in Contoso), and a
// department change in EMEA removes the assignment after the grace period on the simulator clock.
import type { RunningSimulator } from '../../src/graph-sim/index.js';
import { CONTOSO, EMEA } from '../graph-sim/sim-fixture.js';
import { anchoredUsers, clientFor, groupId } from '../sync/engine.js';
import type { OperatorTestbed } from '../support/operator.js';
import { waitFor } from '../support/poll.js';
import type { ScenarioEngine } from './engine.js';
import { conditionOf, create, patch, waitUntil, type Stored } from '../support/resources.js';
import { connectContosoAndEmea } from './testbed.js';

const EM = '/identityGovernance/entitlementManagement';
const DAY = 86_400_000;
const RULE = `(user.department -eq "Sales") -and (user.extensionAttribute15 -startsWith "${EMEA.tenantId}:")`;

interface Assignments {
  delivered?: number;
  expired?: number;
}

function assignmentsOf(resource: Stored): Assignments {
  return (resource.status?.['assignments'] ?? {}) as Assignments;
}

/** Declares scenario 3's hooks and tests, run by `engine`. Call at the top level of a test file. */
export function birthrightScenarios(
  engine: ScenarioEngine,
  sim: () => RunningSimulator,
  testbed: () => OperatorTestbed,
): void {
  let salesGroupId: string;
  let emeaSales: string[];

  /** The controller resyncs every 60 s; an annotation change requeues it at once. */
  async function nudge(round: number): Promise<void> {
    const { clients, namespace } = testbed();
    await patch(clients, 'AccessPackagePolicy', namespace, 'sales', {
      metadata: { annotations: { 'test.crosstenant.io/nudge': String(round) } },
    });
  }

  async function groupMembers(groupObjectId: string): Promise<string[]> {
    const page = await clientFor(sim(), CONTOSO).get<{ value: { id: string }[] }>(
      `/groups/${groupObjectId}/members?$select=id`,
    );
    return page.value.map((m) => m.id).sort();
  }

  beforeAll(async () => {
    const { clients, namespace } = testbed();
    await connectContosoAndEmea(clients, sim(), namespace);
    // The Contoso seed holds the group the package grants.
    salesGroupId = await groupId(clientFor(sim(), CONTOSO), 'Sales Tools');
    const emea = clientFor(sim(), EMEA);
    const syncGroup = await groupId(emea, 'Sync to Contoso');
    const members = await emea.get<{ value: { id: string; department?: string }[] }>(
      `/groups/${syncGroup}/members?$select=id,department`,
    );
    emeaSales = members.value.filter((m) => m.department === 'Sales').map((m) => m.id);
    await engine.syncEmea(clients, sim, namespace, 'emea', {
      scope: { groups: [syncGroup] },
      mappings: [{ target: 'department', source: 'department' }],
    });
  });

  describe(`birthright access package (engine ${engine.name})`, () => {
    it('assigns the Sales package to every Sales user synchronized from EMEA and grants the group', async () => {
      const { clients, namespace } = testbed();
      const contoso = clientFor(sim(), CONTOSO);
      const synced = await anchoredUsers(contoso, EMEA.tenantId);
      // In-scope EMEA users only: members of the sync group that are internal members of EMEA.
      emeaSales = emeaSales.filter((id) => synced.get(id)?.department === 'Sales');
      expect(emeaSales.length).toBeGreaterThan(1);
      await create(clients, 'AccessPackagePolicy', namespace, 'sales', {
        tenantLinkRef: 'contoso',
        catalog: { displayName: 'Birthright' },
        accessPackage: { displayName: 'Sales', description: 'Tools of the Sales team' },
        resources: [{ group: { displayName: 'Sales Tools' }, role: 'Member' }],
        policies: [
          { name: 'emea-sales', automatic: { rule: RULE, removeWhenOutOfScope: true, gracePeriod: '7d' } },
        ],
      });
      const ready = await waitUntil(
        clients,
        'AccessPackagePolicy',
        namespace,
        'sales',
        'Ready with the EMEA Sales users delivered',
        (r) =>
          conditionOf(r, 'Ready')?.startsWith('True/') === true &&
          assignmentsOf(r).delivered === emeaSales.length,
        60_000,
      );
      expect(conditionOf(ready, 'AttributesNotSynced')).toBeUndefined();
      expect(assignmentsOf(ready)).toMatchObject({ delivered: emeaSales.length, expired: 0 });
      const targets = emeaSales.map((id) => synced.get(id)?.id).sort();
      expect(await groupMembers(salesGroupId)).toEqual(targets);
    });

    it('removes the assignment of a user who left Sales in EMEA once the grace period is over', async () => {
      const { clients, namespace } = testbed();
      const mover = emeaSales[0] as string;
      await clientFor(sim(), EMEA).send('PATCH', `/users/${mover}`, { department: 'Marketing' });
      await engine.nextCycle(clients, sim, namespace, 'emea');
      const contoso = clientFor(sim(), CONTOSO);
      const target = await waitFor('the department change in Contoso', async () => {
        const user = (await anchoredUsers(contoso, EMEA.tenantId)).get(mover);
        return user?.department === 'Marketing' ? user : undefined;
      });
      await sim().admin.advanceClock(3 * DAY);
      await nudge(1);
      const within = await waitUntil(clients, 'AccessPackagePolicy', namespace, 'sales', 'reconciled', (r) =>
        Boolean(r.status),
      );
      expect(assignmentsOf(within).delivered).toBe(emeaSales.length);
      expect(await groupMembers(salesGroupId)).toContain(target.id);

      await sim().admin.advanceClock(5 * DAY);
      await nudge(2);
      const after = await waitUntil(
        clients,
        'AccessPackagePolicy',
        namespace,
        'sales',
        'one assignment expired',
        (r) => assignmentsOf(r).expired === 1,
        60_000,
      );
      expect(assignmentsOf(after)).toMatchObject({ delivered: emeaSales.length - 1, expired: 1 });
      expect(await groupMembers(salesGroupId)).not.toContain(target.id);
      const removed = await contoso.get<{ value: { state: string }[] }>(
        `${EM}/assignments?$filter=${encodeURIComponent(`target/objectId eq '${target.id}'`)}`,
      );
      expect(removed.value.map((a) => a.state)).toEqual(['expired']);
    });
  });
}
