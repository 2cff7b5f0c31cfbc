// Batch results kept: a $batch whose connection is reset after Graph carried it out affects only its own
// requests, as unknown; the invitations that succeeded in earlier batches of the run are not counted failed,
// and the next cycle re-plans the unknown ones from a fresh read and converges with no duplicate.
import { jest } from '@jest/globals';
import { createKubeClients } from '../../src/kube/client.js';
import { conditionOf, waitUntil } from '../support/resources.js';
import { testKubeConfig } from '../support/cluster.js';
import { scrape } from '../support/operator.js';
import { metricValue } from '../support/metrics.js';
import { useSimulator } from '../support/simulator.js';
import { CONTOSO, EMEA, anchoredUsers, clientFor, groupId } from '../sync/engine.js';
import { useLinkedOperator } from '../sync/linked-operator.js';
import { createSyncScope, seedEmeaUsers } from '../sync/scopes.js';

jest.setTimeout(240_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
const testbed = useLinkedOperator(clients, sim, 'faults-batch', { contoso: CONTOSO, emea: EMEA });

beforeAll(async () => {
  await seedEmeaUsers(sim().admin, 40);
});

it('keeps the invitations that succeeded when a later $batch of the run is lost in transport', async () => {
  const { namespace, operator } = testbed();
  // The second $batch of invitations is carried out, and its connection reset instead of answered.
  await sim().admin.setRealism(CONTOSO.tenantId, {
    faults: { rules: [{ effect: 'reset', method: 'POST', pathContains: '/$batch', after: 1, times: 1 }] },
  });
  const group = await groupId(clientFor(sim(), EMEA), 'Sync to Contoso');
  await createSyncScope(clients, namespace, 'emea', {
    source: { tenantLinkRef: 'emea' },
    scope: { groups: [group] },
  });
  const scope = await waitUntil(
    clients,
    'SyncScope',
    namespace,
    'emea',
    'synced',
    (s) => {
      const counts = (s.status as { counts?: { inScope?: number; provisioned?: number } }).counts;
      return (
        conditionOf(s, 'Ready') === 'True/Synced' &&
        (counts?.inScope ?? 0) > 0 &&
        counts?.provisioned === counts?.inScope
      );
    },
    120_000,
  );
  const rules = (await sim().admin.realism(CONTOSO.tenantId)).faults.rules;
  const page = await scrape(operator);
  const creates = (result: string) =>
    metricValue(page, 'crosstenant_sync_actions_total', { name: 'emea', action: 'create', result }) ?? 0;
  const anchored = await anchoredUsers(clientFor(sim(), CONTOSO), EMEA.tenantId);
  const inScope = (scope.status as { counts?: { inScope?: number } }).counts?.inScope ?? 0;
  console.log(
    `batch reset: creates ${creates('success')} succeeded, ${creates('unknown')} unknown, ` +
      `${creates('failure')} failed; ${anchored.size} anchored of ${inScope} in scope`,
  );
  expect(rules[0]?.times).toBe(0);
  expect(creates('failure')).toBe(0);
  expect(creates('unknown')).toBeGreaterThan(0);
  expect(anchored.size).toBe(inScope);
  // No duplicate: one target user per source user, whatever was re-planned.
  const mails = [...anchored.values()].map((u) => u.mail);
  expect(new Set(mails).size).toBe(mails.length);
});
