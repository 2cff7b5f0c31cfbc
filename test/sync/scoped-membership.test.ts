// The user pass reads the membership of its assigned group in a source tenant that holds many other groups
// through a groups delta filtered by the group's id: never the whole tenant's groups, and still a member
// who joins the group is provisioned into Contoso and one who leaves it is deprovisioned.
import { jest } from '@jest/globals';
import type { RequestLogEntry } from '../../src/graph-sim/admin/request-log.js';
import { createKubeClients } from '../../src/kube/client.js';
import { testKubeConfig } from '../support/cluster.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import { CONTOSO, EMEA, anchoredUsers, clientFor, groupId, userId } from './engine.js';
import { useLinkedOperator } from './linked-operator.js';
import { createSyncScope } from './scopes.js';
import { emeaWithUnrelatedGroups } from '../groups/target-groups.js';

jest.setTimeout(240_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
const testbed = useLinkedOperator(clients, sim, 'member-read', { contoso: CONTOSO, emea: EMEA });

const UNRELATED_GROUPS = 120;

/**
 * The operator's groups delta requests to EMEA, and those that start a read of every group of the tenant:
 * a fresh read without `$filter`, or a `$deltatoken=latest` link (the links that follow carry no query to see).
 */
function groupsDeltaReads(log: readonly RequestLogEntry[]): { all: URL[]; unfiltered: URL[] } {
  const all = log
    .filter((r) => r.method === 'GET' && r.path.includes('/groups/delta'))
    .map((r) => new URL(r.path, 'https://graph.invalid'));
  const fresh = (u: URL) => !u.searchParams.has('$deltatoken') && !u.searchParams.has('$skiptoken');
  const unfiltered = all.filter(
    (u) => u.searchParams.get('$deltatoken') === 'latest' || (fresh(u) && !u.searchParams.has('$filter')),
  );
  return { all, unfiltered };
}

it('follows the assigned group with a filtered groups delta, and a member joining and leaving reaches Contoso', async () => {
  const { namespace } = testbed();
  const admin = await emeaWithUnrelatedGroups(sim(), UNRELATED_GROUPS);
  const source = clientFor(sim(), EMEA);
  const syncGroup = await groupId(source, 'Sync to Contoso');
  const ines = await userId(source, 'ines.fernandez@emea.contoso.com');
  const eva = await userId(source, 'eva.horvath@emea.contoso.com');
  await sim().admin.clearRequests();
  await createSyncScope(clients, namespace, 'emea', {
    source: { tenantLinkRef: 'emea' },
    scope: { groups: [syncGroup] },
    deprovision: { onOutOfScope: 'Disable' },
  });
  const target = clientFor(sim(), CONTOSO);
  await waitFor('Eva in Contoso', async () =>
    (await anchoredUsers(target, EMEA.tenantId)).get(eva)?.accountEnabled === true ? true : undefined,
  );
  expect((await anchoredUsers(target, EMEA.tenantId)).has(ines)).toBe(false);

  await admin.send('POST', `/groups/${syncGroup}/members/$ref`, {
    '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${ines}`,
  });
  await admin.send('DELETE', `/groups/${syncGroup}/members/${eva}/$ref`);
  await waitFor('Inès provisioned and Eva disabled in Contoso', async () => {
    const users = await anchoredUsers(target, EMEA.tenantId);
    return users.get(ines)?.accountEnabled === true && users.get(eva)?.accountEnabled === false
      ? true
      : undefined;
  });

  const reads = groupsDeltaReads(await sim().admin.requests(EMEA.tenantId));
  expect(reads.unfiltered.map((u) => u.toString())).toEqual([]);
  const filters = reads.all.map((u) => u.searchParams.get('$filter')).filter((f) => f !== null);
  expect(filters).toEqual([`id eq '${syncGroup}'`]);
  // One fresh read, then its deltaLink brought both changes.
  expect(reads.all.some((u) => u.searchParams.has('$deltatoken'))).toBe(true);
});
