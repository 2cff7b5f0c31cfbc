// onDeny: ExcludeFromSync seen from the SyncScope: users a ReviewSchedule records in its sync-exclusions
// annotation are deprovisioned, stay out while listed, and come back when the annotation lets them go.
// The annotation is set by hand here, standing in for the ReviewSchedule controller.
import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { SyncScope } from '../../src/api/index.js';
import { SYNC_EXCLUSIONS_ANNOTATION, formatExclusions } from '../../src/governance/exclusions.js';
import type { RecordedExclusion } from '../../src/governance/exclusions.js';
import { createKubeClients } from '../../src/kube/client.js';
import { create, get, patch } from '../support/resources.js';
import { testKubeConfig } from '../support/cluster.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import { useLinkedOperator } from './linked-operator.js';
import { CONTOSO, EMEA, anchoredUsers, clientFor, groupId, userId } from './engine.js';

jest.setTimeout(180_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
const testbed = useLinkedOperator(clients, sim, 'sync-excl', { contoso: CONTOSO, emea: EMEA });
let namespace: string;

beforeAll(async () => {
  ({ namespace } = testbed());
});

function exclusion(sourceUserId: string, since: string): RecordedExclusion {
  return { syncScope: 'emea', sourceUserId, targetUserId: randomUUID(), since };
}

async function setExclusions(recorded: RecordedExclusion[]): Promise<void> {
  await patch(clients, 'ReviewSchedule', namespace, 'contoso-review', {
    metadata: { annotations: { [SYNC_EXCLUSIONS_ANNOTATION]: formatExclusions(recorded) } },
  });
}

async function exclusionsInStatus(): Promise<string[]> {
  const scope = (await get(clients, 'SyncScope', namespace, 'emea')) as unknown as SyncScope;
  return (scope.status?.exclusions ?? []).map((e) => `${e.sourceUserId}/${e.reviewSchedule}/${e.since}`);
}

it('deprovisions excluded users at once, keeps them out while listed, and restores them when lifted', async () => {
  const source = clientFor(sim(), EMEA);
  const target = clientFor(sim(), CONTOSO);
  // An interval of an hour: every cycle after the first comes from the ReviewSchedule watch.
  await create(clients, 'SyncScope', namespace, 'emea', {
    source: { tenantLinkRef: 'emea' },
    target: { tenantLinkRef: 'contoso' },
    scope: { groups: [await groupId(source, 'Sync to Contoso')] },
    interval: '1h',
  });
  await waitFor(
    '20 EMEA users in Contoso',
    async () => ((await anchoredUsers(target, EMEA.tenantId)).size === 20 ? true : undefined),
    60_000,
  );
  const zoe = await userId(source, 'zoe.dubois@emea.contoso.com');
  const others = [...(await anchoredUsers(target, EMEA.tenantId)).keys()].filter((id) => id !== zoe);
  const other = others[0] as string;

  const since = '2026-01-02T03:04:05Z';
  await create(clients, 'ReviewSchedule', namespace, 'contoso-review', {
    tenantLinkRef: 'contoso',
    scope: { group: randomUUID() },
    recurrence: { startDate: '2026-01-01' },
    onDeny: 'ExcludeFromSync',
  });
  await setExclusions([exclusion(zoe, since)]);
  await waitFor('Zoe deprovisioned in Contoso', async () =>
    (await anchoredUsers(target, EMEA.tenantId)).has(zoe) ? undefined : true,
  );
  // A cycle that touched one user names it in an Event of its own.
  await waitFor('a UserDeprovisioned event for Zoe', async () => {
    const events = await clients.events.listNamespacedEvent({ namespace });
    return events.items.some((e) => e.reason === 'UserDeprovisioned' && e.note?.includes(zoe))
      ? true
      : undefined;
  });
  await waitFor('the exclusion in status', async () =>
    (await exclusionsInStatus()).length === 1 ? true : undefined,
  );
  expect(await exclusionsInStatus()).toEqual([`${zoe}/contoso-review/${since}`]);

  // A source change of an excluded user does not bring it back; the next exclusion drives the next cycle.
  await source.send('PATCH', `/users/${zoe}`, { department: 'Excluded Department' });
  await setExclusions([exclusion(zoe, since), exclusion(other, since)]);
  await waitFor('a second user deprovisioned', async () =>
    (await anchoredUsers(target, EMEA.tenantId)).has(other) ? undefined : true,
  );
  expect((await anchoredUsers(target, EMEA.tenantId)).has(zoe)).toBe(false);
  await waitFor('two exclusions in status', async () =>
    (await exclusionsInStatus()).length === 2 ? true : undefined,
  );

  await setExclusions([exclusion(other, since)]);
  const restored = await waitFor('Zoe restored with her new department', async () => {
    const user = (await anchoredUsers(target, EMEA.tenantId)).get(zoe);
    return user?.department === 'Excluded Department' ? user : undefined;
  });
  expect(restored.accountEnabled).toBe(true);
  // Status is written after the cycle's Graph writes.
  await waitFor('the lifted exclusion gone from status', async () =>
    (await exclusionsInStatus()).length === 1 ? true : undefined,
  );
  expect(await exclusionsInStatus()).toEqual([`${other}/contoso-review/${since}`]);
  expect((await anchoredUsers(target, EMEA.tenantId)).has(other)).toBe(false);
  // Membership of the assigned group is followed by groups delta, its cursor shown as the users delta's is.
  const scope = (await get(clients, 'SyncScope', namespace, 'emea')) as unknown as SyncScope;
  expect(scope.status?.groupsDeltaLink).toContain('/groups/delta');
});

it('ignores a ReviewSchedule whose onDeny is RemoveAccess', async () => {
  const source = clientFor(sim(), EMEA);
  const target = clientFor(sim(), CONTOSO);
  const zoe = await userId(source, 'zoe.dubois@emea.contoso.com');
  await create(clients, 'ReviewSchedule', namespace, 'remove-access', {
    tenantLinkRef: 'contoso',
    scope: { group: randomUUID() },
    recurrence: { startDate: '2026-01-01' },
    onDeny: 'RemoveAccess',
  });
  // Seconds precision in status: start on a second boundary so that a later endTime means a later cycle.
  const after = Math.ceil(Date.now() / 1000) * 1000;
  await new Promise((resolve) => setTimeout(resolve, after - Date.now()));
  await patch(clients, 'ReviewSchedule', namespace, 'remove-access', {
    metadata: {
      annotations: {
        [SYNC_EXCLUSIONS_ANNOTATION]: formatExclusions([exclusion(zoe, '2026-01-02T03:04:05Z')]),
      },
    },
  });
  // The watch requeued the SyncScope: its status still lists only the other schedule's exclusion.
  await waitFor('a cycle after the annotation', async () => {
    const scope = (await get(clients, 'SyncScope', namespace, 'emea')) as unknown as SyncScope;
    const ended = scope.status?.lastCycle?.endTime;
    return ended && Date.parse(ended) >= after ? true : undefined;
  });
  expect((await anchoredUsers(target, EMEA.tenantId)).has(zoe)).toBe(true);
  expect((await exclusionsInStatus()).some((e) => e.startsWith(zoe))).toBe(false);
});
