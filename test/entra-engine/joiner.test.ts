// Scenario 2, joiner, with engine: Entra: the same workflow as test/governance/joiner.test.ts, for a new EMEA
// user that Entra's cross-tenant synchronization job creates in Contoso (Member, B2B UPN, no invitation). The
// mapping writes the anchor value our engine would, so `syncedFrom: [emea]` recognises the user.
import 'reflect-metadata';
import { jest } from '@jest/globals';
import type { GraphClient } from '../../src/graph/index.js';
import { useOperator } from '../support/operator.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import { CONTOSO, EMEA, anchoredUsers, clientFor } from '../sync/engine.js';
import { create, get, patch, waitUntil, type Stored } from '../support/resources.js';
import { connectContosoAndEmea } from '../governance/testbed.js';
import { entraSeed, syncEmeaThroughEntra } from './fixture.js';

jest.setTimeout(180_000);
const sim = useSimulator({ seed: entraSeed() });
const testbed = useOperator('entra-joiner');

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

/** Status is refreshed on each reconcile; an annotation change asks for one now rather than at the next resync. */
async function reconcileNow(kind: 'LifecycleWorkflow' | 'AccessPackagePolicy', name: string): Promise<void> {
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

it('requests the access package for a new EMEA user that Entra synchronized, once the clock passes their creation', async () => {
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
  await syncEmeaThroughEntra(clients, sim, namespace, 'emea-to-contoso', { allUsers: true });
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
  // Entra's cycle and the workflow's schedule share the clock step that created the user: the run is done.
  const runs = `/identityGovernance/lifecycleWorkflows/workflows/${workflowId}/runs`;
  expect((await contoso.get<{ value: unknown[] }>(runs)).value).toHaveLength(1);
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
