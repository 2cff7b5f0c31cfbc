// Entra's escrow threshold in the real operator: a cycle in which at least 5,000 users, and more than 40 % of
// those tried, fail puts the SyncScope in quarantine, as a cycle that fails as a whole does. The real control
// plane, the simulator with the Contoso seed plus 5,000 generated EMEA users.
import { jest } from '@jest/globals';
import type { SyncScope } from '../../src/api/index.js';
import { createKubeClients } from '../../src/kube/client.js';
import { conditionOf, create, get, patch, waitUntil } from '../support/resources.js';
import { testKubeConfig } from '../support/cluster.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import { useLinkedOperator } from './linked-operator.js';
import { CONTOSO, EMEA, anchoredUsers, clientFor, groupId } from './engine.js';
import { createSyncScope, seedEmeaUsers } from './scopes.js';

jest.setTimeout(180_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
const testbed = useLinkedOperator(clients, sim, 'sync-escrow', { contoso: CONTOSO, emea: EMEA });
const GENERATED = 5_000;
// Entra's IIF fails on a null attribute, and no generated user has a country: each one's mapping fails.
const FAILING = { target: 'country', expression: 'IIF([country]="US", "US", "Other")' };

beforeAll(async () => {
  await seedEmeaUsers(sim().admin, GENERATED);
});

it('quarantines a SyncScope whose cycle fails for most of 5,000 users until the SyncScope changes', async () => {
  const { namespace } = testbed();
  await create(clients, 'AttributeMapping', namespace, 'failing', {
    includeDefaults: true,
    mappings: [FAILING],
  });
  await createSyncScope(clients, namespace, 'emea', {
    source: { tenantLinkRef: 'emea' },
    scope: { groups: [await groupId(clientFor(sim(), EMEA), 'Sync to Contoso')] },
    attributeMappingRef: 'failing',
  });

  const quarantined = await waitUntil(
    clients,
    'SyncScope',
    namespace,
    'emea',
    'quarantined',
    (s) => conditionOf(s, 'Quarantined') === 'True/EncounteredEscrowProportionThreshold',
    120_000,
  );
  expect(conditionOf(quarantined, 'Ready')).toBe('False/Quarantined');
  const condition = quarantined.status?.conditions?.find((c) => c.type === 'Quarantined');
  // The first of Entra's retries is 6 hours away.
  expect(condition?.message).toMatch(
    /^too many users failed; next try in 21600 s: \d+ of \d+ user actions failed in one cycle; the first: .*country: IIF/,
  );
  const [failed, tried] = (/(\d+) of (\d+) user actions/.exec(condition?.message ?? '') ?? [])
    .slice(1)
    .map(Number);
  expect(failed).toBeGreaterThanOrEqual(GENERATED);
  expect(failed).toBeGreaterThan(0.4 * (tried ?? 0));
  await waitFor('a Quarantined event', async () => {
    const events = await clients.events.listNamespacedEvent({ namespace });
    return events.items.some((e) => e.regarding?.name === 'emea' && e.reason === 'Quarantined')
      ? true
      : undefined;
  });
  // No retry before the back-off, even when something else queues the SyncScope: here a label on its
  // AttributeMapping (a change to the mapping's spec would retry at once).
  const cycle = (s: typeof quarantined) => (s.status as SyncScope['status'])?.lastCycle?.endTime;
  const lastCycle = cycle(quarantined);
  await patch(clients, 'AttributeMapping', namespace, 'failing', { metadata: { labels: { team: 'emea' } } });
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  expect(cycle(await get(clients, 'SyncScope', namespace, 'emea'))).toBe(lastCycle);

  // A change to the SyncScope retries at once; a DryRun writes nothing, so its failures quarantine nothing.
  const targetBefore = (await anchoredUsers(clientFor(sim(), CONTOSO), EMEA.tenantId)).size;
  await patch(clients, 'SyncScope', namespace, 'emea', { spec: { mode: 'DryRun' } });
  const previewed = await waitUntil(
    clients,
    'SyncScope',
    namespace,
    'emea',
    'out of quarantine',
    (s) => conditionOf(s, 'Quarantined') === 'False/Healthy',
    120_000,
  );
  expect(conditionOf(previewed, 'Synced')).toBe('False/UsersFailed');
  expect((await anchoredUsers(clientFor(sim(), CONTOSO), EMEA.tenantId)).size).toBe(targetBefore);
});
