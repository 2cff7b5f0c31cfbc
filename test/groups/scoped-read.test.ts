// The group pass reads only the scoped groups of a source tenant that holds many others: its groups delta of
// Contoso EMEA is filtered by id, fits one page, and still brings membership changes through its deltaLink.
import { jest } from '@jest/globals';
import type { RequestLogEntry } from '../../src/graph-sim/admin/request-log.js';
import type { GraphClient } from '../../src/graph/index.js';
import { createKubeClients } from '../../src/kube/client.js';
import { testKubeConfig } from '../support/cluster.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import { CONTOSO, EMEA, anchoredUsers, clientFor, groupId, userId } from '../sync/engine.js';
import { useLinkedOperator } from '../sync/linked-operator.js';
import { createSyncScope } from '../sync/scopes.js';
import {
  ENGINEERING_EMEA,
  GROUP_ANCHOR,
  SALES_EMEA,
  contoso,
  emeaWithUnrelatedGroups,
  syncedGroups,
} from './target-groups.js';

jest.setTimeout(240_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
const testbed = useLinkedOperator(clients, sim, 'group-read', { contoso: CONTOSO, emea: EMEA });

// More groups than three delta pages of the simulator's default 100 hold.
const UNRELATED_GROUPS = 250;

/** The operator's groups delta reads of EMEA: fresh reads, the pages after them, and reads of a deltaLink. */
function groupsDeltaReads(log: readonly RequestLogEntry[]): { fresh: URL[]; pages: number; links: number } {
  const urls = log
    .filter((r) => r.method === 'GET' && r.path.includes('/groups/delta'))
    .map((r) => new URL(r.path, 'https://graph.invalid'));
  return {
    fresh: urls.filter((u) => !u.searchParams.has('$deltatoken') && !u.searchParams.has('$skiptoken')),
    pages: urls.filter((u) => u.searchParams.has('$skiptoken')).length,
    links: urls.filter((u) => u.searchParams.has('$deltatoken')).length,
  };
}

let admin: GraphClient;

beforeAll(async () => {
  admin = await emeaWithUnrelatedGroups(sim(), UNRELATED_GROUPS);
});

it('reads the two scoped groups with one filtered groups delta, then follows its deltaLink', async () => {
  const { namespace } = testbed();
  const source = clientFor(sim(), EMEA);
  const syncGroup = await groupId(source, 'Sync to Contoso');
  await sim().admin.clearRequests();
  await createSyncScope(clients, namespace, 'emea', {
    source: { tenantLinkRef: 'emea' },
    scope: { groups: [syncGroup] },
    groupSync: { groupIds: [SALES_EMEA, ENGINEERING_EMEA], anchorAttribute: GROUP_ANCHOR },
  });
  const target = contoso(sim());
  await waitFor('Sales EMEA and Engineering EMEA in Contoso with their members', async () => {
    const groups = await syncedGroups(target);
    return groups.get(SALES_EMEA)?.members.length === 6 && groups.get(ENGINEERING_EMEA)?.members.length === 4
      ? true
      : undefined;
  });

  const francois = await userId(source, 'francois.moreau@emea.contoso.com');
  await admin.send('POST', `/groups/${SALES_EMEA}/members/$ref`, {
    '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${francois}`,
  });
  await waitFor('François in Sales EMEA in Contoso', async () => {
    const there = (await anchoredUsers(target, EMEA.tenantId)).get(francois);
    const members = (await syncedGroups(target)).get(SALES_EMEA)?.members ?? [];
    return there && members.includes(there.id) ? true : undefined;
  });

  const reads = groupsDeltaReads(await sim().admin.requests(EMEA.tenantId));
  const filters = reads.fresh.map((u) => u.searchParams.get('$filter'));
  // Each pass starts fresh once, filtered by its own groups: the user pass by its assigned group.
  expect(filters.sort()).toEqual(
    [`id eq '${ENGINEERING_EMEA}' or id eq '${SALES_EMEA}'`, `id eq '${syncGroup}'`].sort(),
  );
  expect(reads.pages).toBe(0);
  // Neither pass read afresh again: François came through the deltaLinks, one or more per pass.
  expect(reads.links).toBeGreaterThanOrEqual(2);
});
