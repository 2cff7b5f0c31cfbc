// Reads are complete or not used: a group-members page and a users-delta page that come back corrupted (an
// HTML page where JSON was due, a page without its value) fail the read and deprovision nobody. The real
// operator, control plane and simulator, with the corruption injected by the simulator's fault rules.
import { jest } from '@jest/globals';
import type { SyncScope } from '../../src/api/index.js';
import { createKubeClients } from '../../src/kube/client.js';
import { conditionOf, get, remove, waitUntil } from '../support/resources.js';
import { testKubeConfig } from '../support/cluster.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import { CONTOSO, EMEA, anchoredUsers, clientFor, groupId } from '../sync/engine.js';
import { useLinkedOperator } from '../sync/linked-operator.js';
import { createSyncScope, seedEmeaUsers } from '../sync/scopes.js';

jest.setTimeout(300_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
const testbed = useLinkedOperator(clients, sim, 'faults-reads', { contoso: CONTOSO, emea: EMEA });
// More than one page of the users delta (100 a page), so a full read has a page in the middle to corrupt.
const GENERATED = 150;

beforeAll(async () => {
  await seedEmeaUsers(sim().admin, GENERATED);
});

type Status = NonNullable<SyncScope['status']>;
const statusOf = (s: { status?: unknown }) => (s.status ?? {}) as Status;

/** Waits until the SyncScope is Synced with every user in scope provisioned. */
function synced(name: string, timeoutMs = 180_000) {
  return waitUntil(
    clients,
    'SyncScope',
    testbed().namespace,
    name,
    'synced',
    (s) =>
      conditionOf(s, 'Ready') === 'True/Synced' &&
      (statusOf(s).counts?.inScope ?? 0) > GENERATED &&
      statusOf(s).counts?.provisioned === statusOf(s).counts?.inScope,
    timeoutMs,
  );
}

/** Live (enabled, not deleted) target users anchored to EMEA. */
async function liveAnchored(): Promise<number> {
  const users = await anchoredUsers(clientFor(sim(), CONTOSO), EMEA.tenantId);
  return [...users.values()].filter((u) => u.accountEnabled !== false).length;
}

// Each corrupted page is fetched three times by a fixed operator (two retries): one read's worth.
const CORRUPTED = 3;

/** Waits until EMEA has served a corrupted page, then for two more completed cycles of `name`. */
async function afterTheFault(name: string): Promise<void> {
  await waitFor(
    'a corrupted page to be served',
    async () =>
      (await sim().admin.realism(EMEA.tenantId)).faults.rules.some((r) => r.times !== CORRUPTED)
        ? true
        : undefined,
    150_000,
    250,
  );
  for (let n = 0; n < 2; n++) {
    const before = statusOf(await get(clients, 'SyncScope', testbed().namespace, name)).lastCycle?.endTime;
    await waitFor(
      'another completed cycle',
      async () => {
        const now = statusOf(await get(clients, 'SyncScope', testbed().namespace, name)).lastCycle?.endTime;
        return now !== undefined && now !== before ? true : undefined;
      },
      60_000,
      250,
    );
  }
}

it('a group-members page answered with HTML fails the read and deprovisions nobody', async () => {
  const { namespace } = testbed();
  await createSyncScope(clients, namespace, 'members', {
    source: { tenantLinkRef: 'emea' },
    // Transitive members are listed in full every cycle: the listing the corruption hits.
    scope: { groups: [await groupId(clientFor(sim(), EMEA), 'Sync to Contoso')], membership: 'Transitive' },
  });
  await synced('members');
  const live = await liveAnchored();
  await sim().admin.setRealism(EMEA.tenantId, {
    faults: {
      rules: [{ effect: 'malformed', method: 'GET', pathContains: '/transitiveMembers', times: CORRUPTED }],
    },
  });
  await afterTheFault('members');
  const after = await liveAnchored();
  const scope = await get(clients, 'SyncScope', namespace, 'members');
  console.log(
    `corrupted member listing: ${live} live users before, ${after} after; Ready ${conditionOf(scope, 'Ready')}, ` +
      `Quarantined ${conditionOf(scope, 'Quarantined') ?? 'absent'}`,
  );
  expect(after).toBe(live);
  expect(conditionOf(scope, 'Quarantined') ?? 'absent').not.toMatch(/^True/);
  await remove(clients, 'SyncScope', namespace, 'members');
});

it('a users-delta page without its value fails a full read and deprovisions nobody', async () => {
  const { namespace } = testbed();
  await sim().admin.setRealism(EMEA.tenantId, { faults: { rules: [] } });
  // All users, read in full every minute: the full read's second page is the one that loses its value.
  await createSyncScope(clients, namespace, 'all', {
    source: { tenantLinkRef: 'emea' },
    scope: { allUsers: true },
    fullResyncInterval: '1m',
  });
  await synced('all');
  const live = await liveAnchored();
  await sim().admin.setRealism(EMEA.tenantId, {
    faults: { rules: [{ effect: 'unvalued', method: 'GET', pathContains: 'skiptoken', times: CORRUPTED }] },
  });
  await afterTheFault('all');
  const after = await liveAnchored();
  const scope = await get(clients, 'SyncScope', namespace, 'all');
  console.log(
    `corrupted users delta: ${live} live users before, ${after} after; last cycle ${statusOf(scope).lastCycle?.kind}`,
  );
  expect(after).toBe(live);
});
