// Scenario 2, joiner, on either sync engine: a joiner LifecycleWorkflow triggered by createdDateTime requests an
// access package for new EMEA users that the engine provisions into Contoso, scoped by userType and
// userPrincipalName. Real control plane, the operator as a process, the simulator with the Contoso seed.
import type { RunningSimulator } from '../../src/graph-sim/index.js';
import type { GraphClient } from '../../src/graph/index.js';
import type { OperatorTestbed } from '../support/operator.js';
import { waitFor } from '../support/poll.js';
import { CONTOSO, EMEA, anchoredUsers, clientFor } from '../sync/engine.js';
import type { ScenarioEngine } from './engine.js';
import { create, get, patch, waitUntil, type Stored } from '../support/resources.js';
import { connectContosoAndEmea } from './testbed.js';

const HOUR = 3_600_000;

interface RunStatus {
  executionType: string;
  processingStatus: string;
  totalUsers: number;
  successfulUsers: number;
}
interface UserResultStatus {
  userId: string;
  userPrincipalName?: string;
  processingStatus: string;
  completedTime?: string;
}

function runsOf(wf: Stored): RunStatus[] {
  return (wf.status?.['lastRuns'] as RunStatus[] | undefined) ?? [];
}

function userResultsOf(wf: Stored): UserResultStatus[] {
  return (wf.status?.['lastUserResults'] as UserResultStatus[] | undefined) ?? [];
}

/** Declares scenario 2's hooks and test, run by `engine`. Call at the top level of a test file. */
export function joinerScenario(
  engine: ScenarioEngine,
  sim: () => RunningSimulator,
  testbed: () => OperatorTestbed,
): void {
  /** Status is refreshed on each reconcile; an annotation change asks for one now rather than at the next resync. */
  async function reconcileNow(
    kind: 'LifecycleWorkflow' | 'AccessPackagePolicy',
    name: string,
  ): Promise<void> {
    const { clients, namespace } = testbed();
    await patch(clients, kind, namespace, name, {
      metadata: { annotations: { 'test.crosstenant.io/poke': String(Date.now()) } },
    });
  }

  beforeAll(async () => {
    const { clients, namespace } = testbed();
    await connectContosoAndEmea(clients, sim(), namespace);
    await create(clients, 'AccessPackagePolicy', namespace, 'emea-joiners', {
      tenantLinkRef: 'contoso',
      catalog: { displayName: 'Joiners' },
      accessPackage: { displayName: 'EMEA joiner kit', description: 'What a new EMEA colleague needs' },
      policies: [{ name: 'on-request', requests: { allowedRequestors: { syncedFrom: ['emea'] } } }],
    });
    await waitUntil(clients, 'AccessPackagePolicy', namespace, 'emea-joiners', 'with its policy id', (r) =>
      Boolean((r.status?.['policies'] as { id?: string }[] | undefined)?.[0]?.id),
    );
    await create(clients, 'LifecycleWorkflow', namespace, 'emea-joiner', {
      tenantLinkRef: 'contoso',
      category: 'joiner',
      trigger: { attribute: 'createdDateTime', offsetInDays: 0 },
      scope: { rule: "(userType eq 'Member') and startswith(userPrincipalName, 'joiner.')" },
      tasks: [{ kind: 'RequestAccessPackage', accessPackagePolicyRef: 'emea-joiners', policy: 'on-request' }],
    });
    await waitUntil(clients, 'LifecycleWorkflow', namespace, 'emea-joiner', 'created in Contoso', (r) =>
      Boolean(r.status?.['workflowId']),
    );
  });

  it(`creates the catalog of a syncedFrom policy enabled for external users (engine ${engine.name})`, async () => {
    // Users of a connected organization request only in such a catalog.
    const found = await clientFor(sim(), CONTOSO).get<{ value: { isExternallyVisible?: boolean }[] }>(
      "/identityGovernance/entitlementManagement/catalogs?$filter=displayName eq 'Joiners'",
    );
    expect(found.value.map((c) => c.isExternallyVisible)).toEqual([true]);
  });

  it(`requests the access package for a new synced EMEA user once the clock passes their creation (engine ${engine.name})`, async () => {
    const { clients, namespace } = testbed();
    const emea = clientFor(sim(), EMEA);
    const contoso: GraphClient = clientFor(sim(), CONTOSO);
    const joiner = (
      await emea.send<{ id: string }>('POST', '/users', {
        accountEnabled: true,
        displayName: 'Joiner One',
        mailNickname: 'joiner.one',
        userPrincipalName: 'joiner.one@emea.contoso.com',
        mail: 'joiner.one@emea.contoso.com',
        department: 'Sales',
        passwordProfile: { forceChangePasswordNextSignIn: true, password: 'Sim-Only-Pa55!' },
      })
    ).body;

    // All EMEA users are synchronized; only the joiner.* one is in the workflow's scope.
    await engine.syncEmea(clients, sim, namespace, 'emea-to-contoso', { scope: { allUsers: true } });
    const provisioned = await waitFor(
      'the joiner and the other EMEA users in Contoso',
      async () => {
        const users = await anchoredUsers(contoso, EMEA.tenantId);
        return users.has(joiner.id) && users.size > 10 ? users : undefined;
      },
      90_000,
    );
    const target = provisioned.get(joiner.id);
    expect(target?.userType).toBe('Member');

    const workflowId = String(
      (await get(clients, 'LifecycleWorkflow', namespace, 'emea-joiner')).status?.['workflowId'],
    );
    const runs = `/identityGovernance/lifecycleWorkflows/workflows/${workflowId}/runs`;
    // The workflow's schedule runs at a step of the simulator clock: an engine that provisions in such a step
    // (Entra's cycle) has already had the run made; the operator's, polling between steps, needs the next one.
    if (!engine.provisionsOnClockStep) {
      expect((await contoso.get<{ value: unknown[] }>(runs)).value).toEqual([]);
      await sim().admin.advanceClock(HOUR);
    }
    await reconcileNow('LifecycleWorkflow', 'emea-joiner');
    const wf = await waitUntil(
      clients,
      'LifecycleWorkflow',
      namespace,
      'emea-joiner',
      'reporting the scheduled run',
      (r) => runsOf(r).length > 0 && userResultsOf(r).length > 0,
    );
    // Resyncs found nothing to change: still the first version.
    expect(wf.status?.['version']).toBe(1);
    expect(runsOf(wf)).toEqual([
      expect.objectContaining({
        executionType: 'scheduled',
        processingStatus: 'completed',
        totalUsers: 1,
        successfulUsers: 1,
      }),
    ]);
    expect(userResultsOf(wf)).toEqual([
      expect.objectContaining({
        userId: target?.id,
        userPrincipalName: expect.stringMatching(/^joiner\.one_emea\.contoso\.com#EXT#@/i),
        processingStatus: 'completed',
        completedTime: expect.any(String),
      }),
    ]);

    const app = await get(clients, 'AccessPackagePolicy', namespace, 'emea-joiners');
    const assignments = await contoso.get<{ value: { state: string; accessPackageId?: string }[] }>(
      `/identityGovernance/entitlementManagement/assignments?$filter=${encodeURIComponent(
        `target/objectId eq '${target?.id}'`,
      )}&$expand=accessPackage`,
    );
    expect(assignments.value).toEqual([
      expect.objectContaining({
        state: 'delivered',
        accessPackage: expect.objectContaining({ id: app.status?.['accessPackageId'] }),
      }),
    ]);
    await reconcileNow('AccessPackagePolicy', 'emea-joiners');
    await waitUntil(
      clients,
      'AccessPackagePolicy',
      namespace,
      'emea-joiners',
      'counting the delivered assignment',
      (r) => (r.status?.['assignments'] as { delivered?: number } | undefined)?.delivered === 1,
    );
  });
}
