// engine: Entra and the job's own safety nets, on the real operator against the simulator: a user whose
// attributes cannot be computed is escrowed by Entra's job and reported in status and as a Warning, and a cycle
// whose deletions pass Entra's accidental-deletion threshold is held back and reported as
// DeletionThresholdExceeded, then cleared by undoing the cause and restarting the job.
import { jest } from '@jest/globals';
import type { GraphClient } from '../../src/graph/index.js';
import { RESTART_JOB_ANNOTATION } from '../../src/api/index.js';
import { userObjectMapping } from '../../src/entra-engine/schema.js';
import { createKubeClients } from '../../src/kube/client.js';
import { conditionOf, create, get, patch, type Stored } from '../support/resources.js';
import { testKubeConfig } from '../support/cluster.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import { eventsAbout } from '../tenant-relationships/fixture.js';
import { useLinkedOperator } from '../sync/linked-operator.js';
import { CONTOSO, EMEA, clientFor, userId } from '../sync/engine.js';
import {
  createEntraScope,
  emeaUsersIn,
  entraSeed,
  jobReadCounter,
  nudge,
  readJob,
  readSchema,
  type EntraIds,
} from './fixture.js';

jest.setTimeout(240_000);
const sim = useSimulator({ seed: entraSeed() });
const kube = createKubeClients(testKubeConfig());
const testbed = useLinkedOperator(kube, sim, 'entra-safety', { contoso: CONTOSO, emea: EMEA });
const NAME = 'emea-entra';
const ZOE = 'zoe.dubois@emea.contoso.com';
const MINUTE = 60_000;
let namespace: string;
let ids: EntraIds;
let emea: GraphClient;
let contoso: GraphClient;

const jobReads = jobReadCounter(sim, () => ids.jobId);

const reconciled = (): Promise<Stored> => nudge(kube, namespace, NAME, jobReads);

/** Internal members of EMEA (the job's scope with allUsers) without a department. */
async function withoutDepartment(): Promise<number> {
  const page = await emea.get<{ value: Record<string, unknown>[] }>(
    '/users?$top=999&$select=id,userType,userPrincipalName,creationType,department',
  );
  return page.value.filter(
    (u) =>
      u['userType'] === 'Member' &&
      u['creationType'] !== 'Invitation' &&
      !String(u['userPrincipalName']).includes('#EXT#') &&
      (u['department'] ?? null) === null,
  ).length;
}

beforeAll(async () => {
  ({ namespace } = testbed());
  emea = clientFor(sim(), EMEA);
  contoso = clientFor(sim(), CONTOSO);
  // More users than Entra's default threshold of 500, so that taking them all out of scope passes it.
  await sim().admin.generateUsers(EMEA.tenantId, 500, 'bulk');
  await create(kube, 'AttributeMapping', namespace, 'emea-map', {
    includeDefaults: true,
    // IIF fails on a null condition in Entra: a user without a department cannot be provisioned.
    mappings: [{ target: 'jobTitle', expression: 'IIF([department]="Sales", "Seller", "Staff")' }],
  });
  await emea.send('PATCH', `/users/${await userId(emea, ZOE)}`, { department: null });
  ids = await createEntraScope(kube, namespace, NAME, { allUsers: true }, 'emea-map');
});

it("reports the users Entra's job escrows: in status.entra.escrowed, counts.failed and a Warning per user", async () => {
  const failing = await withoutDepartment();
  expect(failing).toBeGreaterThanOrEqual(1);
  await sim().admin.advanceClock(MINUTE);
  await waitFor('the initial cycle', async () =>
    (await readJob(emea, ids)).status.lastExecution?.state === 'Succeeded' ? true : undefined,
  );
  expect((await emeaUsersIn(contoso, [])).has(ZOE)).toBe(false);
  const scope = await reconciled();
  expect(scope.status).toMatchObject({
    entra: { escrowed: failing },
    counts: { failed: failing },
  });
  expect((await eventsAbout(kube, namespace, NAME)).join('\n')).toMatch(
    new RegExp(`UserFailed: ${ZOE}: create Failed to create the user: jobTitle: IIF`),
  );
  // Escrows are tried again by every cycle: once the department is back, the next cycle creates the user.
  await emea.send('PATCH', `/users/${await userId(emea, ZOE)}`, { department: 'Sales' });
  await sim().admin.advanceClock(40 * MINUTE);
  expect((await emeaUsersIn(contoso, ['jobTitle'])).get(ZOE)?.['jobTitle']).toBe('Seller');
});

it('holds back deletions past the threshold, reports DeletionThresholdExceeded, and clears it on restart', async () => {
  const before = await emeaUsersIn(contoso, []);
  expect(before.size).toBeGreaterThan(500);
  const filters = [{ clauses: [{ attribute: 'department', operator: 'Equals', value: 'Nobody' }] }];
  await patch(kube, 'SyncScope', namespace, NAME, { spec: { scope: { filters } } });
  await waitFor('the filter in the schema', async () =>
    userObjectMapping(await readSchema(emea, ids))?.scope ? true : undefined,
  );
  await sim().admin.advanceClock(40 * MINUTE);
  expect((await readJob(emea, ids)).status.quarantine?.reason).toBe('TooManyDeletes');
  // Nobody was deleted.
  expect((await emeaUsersIn(contoso, [])).size).toBe(before.size);
  const held = await reconciled();
  expect(conditionOf(held, 'DeletionThresholdExceeded')).toBe('True/TooManyDeletes');
  expect(conditionOf(held, 'Ready')).toBe('False/DeletionThresholdExceeded');

  // The cause undone and the job restarted, the next cycle deletes nothing and the job is healthy again.
  await patch(kube, 'SyncScope', namespace, NAME, { spec: { scope: { filters: null } } });
  await waitFor('the filter gone from the schema', async () =>
    userObjectMapping(await readSchema(emea, ids))?.scope ? undefined : true,
  );
  await patch(kube, 'SyncScope', namespace, NAME, {
    metadata: { annotations: { [RESTART_JOB_ANNOTATION]: 'now' } },
  });
  await waitFor('the restart answered', async () => {
    const s = await get(kube, 'SyncScope', namespace, NAME);
    return s.metadata.annotations?.[RESTART_JOB_ANNOTATION] === undefined ? true : undefined;
  });
  await sim().admin.advanceClock(MINUTE);
  expect((await readJob(emea, ids)).status.code).toBe('Active');
  expect((await emeaUsersIn(contoso, [])).size).toBe(before.size);
  const healed = await reconciled();
  expect(conditionOf(healed, 'DeletionThresholdExceeded')).toBeUndefined();
  expect(conditionOf(healed, 'Ready')).toBe('True/Synced');
});
