// Switching a SyncScope between engines in the real operator: the users our engine invited stay in place and
// Entra's job matches them (no duplicates); switching back pauses Entra's job and keeps its configuration.
import { jest } from '@jest/globals';
import type { GraphClient } from '../../src/graph/index.js';
import { createKubeClients } from '../../src/kube/client.js';
import { create, get, patch } from '../support/resources.js';
import { eventsAbout } from '../tenant-relationships/fixture.js';
import { testKubeConfig } from '../support/cluster.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import { useLinkedOperator } from '../sync/linked-operator.js';
import { CONTOSO, EMEA, anchoredUsers, clientFor, groupId } from '../sync/engine.js';
import { entraIds, entraSeed, readJob, type EntraIds } from './fixture.js';

jest.setTimeout(240_000);
const sim = useSimulator({ seed: entraSeed() });
const kube = createKubeClients(testKubeConfig());
const testbed = useLinkedOperator(kube, sim, 'entra-switch', { contoso: CONTOSO, emea: EMEA });
const NAME = 'emea';
let namespace: string;
let emea: GraphClient;
let contoso: GraphClient;

/** Every EMEA user Contoso holds, whoever created it. */
async function emeaUsersInContoso(): Promise<string[]> {
  const page = await contoso.get<{ value: { mail?: string | null }[] }>('/users?$top=999&$select=id,mail');
  return page.value.map((u) => u.mail ?? '').filter((m) => m.endsWith('@emea.contoso.com'));
}

beforeAll(async () => {
  ({ namespace } = testbed());
  emea = clientFor(sim(), EMEA);
  contoso = clientFor(sim(), CONTOSO);
  await create(kube, 'SyncScope', namespace, NAME, {
    source: { tenantLinkRef: 'emea' },
    target: { tenantLinkRef: 'contoso' },
    scope: {
      groups: [await groupId(emea, 'Sync to Contoso')],
      filters: [{ clauses: [{ attribute: 'userType', operator: 'Equals', value: 'Member' }] }],
    },
    interval: '1h',
  });
  await waitFor(
    'the Operator engine to provision 20 EMEA users and count them',
    async () => {
      const scope = await get(kube, 'SyncScope', namespace, NAME);
      const counted = (scope.status as { counts?: { provisioned?: number } } | undefined)?.counts
        ?.provisioned;
      return counted === 20 && (await anchoredUsers(contoso, EMEA.tenantId)).size === 20 ? true : undefined;
    },
    60_000,
  );
});

it("leaves our engine's users in place, reports them, and Entra's job matches them without duplicates", async () => {
  await patch(kube, 'SyncScope', namespace, NAME, { spec: { engine: 'Entra', interval: null } });
  const switched = await waitFor('the Entra configuration', async () => {
    const scope = await get(kube, 'SyncScope', namespace, NAME);
    return entraIds(scope) ? scope : undefined;
  });
  expect((switched.status as { entra?: { operatorUsersLeft?: number } }).entra?.operatorUsersLeft).toBe(20);
  expect((await eventsAbout(kube, namespace, NAME)).join('\n')).toMatch(
    /EngineSwitched: engine Entra: the 20 users the Operator engine provisioned stay in place/,
  );

  await sim().admin.advanceClock(60_000);
  const ids = entraIds(switched) as EntraIds;
  await waitFor('the initial cycle', async () =>
    (await readJob(emea, ids)).status.lastSuccessfulExecution ? true : undefined,
  );
  const users = await emeaUsersInContoso();
  expect(users).toHaveLength(20);
  expect(new Set(users).size).toBe(20);
  expect((await readJob(emea, ids)).status.synchronizedEntryCountByType).toEqual([
    { key: 'User', value: 20 },
  ]);
});

it("pauses Entra's job and keeps its configuration when switched back to the Operator engine", async () => {
  const ids = entraIds(await get(kube, 'SyncScope', namespace, NAME)) as EntraIds;
  await patch(kube, 'SyncScope', namespace, NAME, { spec: { engine: 'Operator', adoptExisting: true } });
  await waitFor('the job paused', async () =>
    (await readJob(emea, ids)).schedule.state === 'Paused' ? true : undefined,
  );
  const back = await waitFor('status.entra dropped', async () => {
    const scope = await get(kube, 'SyncScope', namespace, NAME);
    return scope.status && !('entra' in scope.status) ? scope : undefined;
  });
  expect(back.spec['engine']).toBe('Operator');
  expect(await emea.get(`/servicePrincipals/${ids.servicePrincipalId}`)).toMatchObject({
    id: ids.servicePrincipalId,
  });
  expect((await eventsAbout(kube, namespace, NAME)).join('\n')).toMatch(
    /EngineSwitched: engine Operator: Entra's job is paused/,
  );
  await waitFor('the Operator engine anchoring all 20 again', async () =>
    (await anchoredUsers(contoso, EMEA.tenantId)).size === 20 && (await emeaUsersInContoso()).length === 20
      ? true
      : undefined,
  );
});
