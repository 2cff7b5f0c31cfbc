// Hostile manifests against the real operator process: what only the controller can judge is reported
// on the resource before any cycle runs, with its position, and nothing is written to a tenant.
import { jest } from '@jest/globals';
import { API_VERSION } from '../../src/api/index.js';
import type { AttributeMapping, SyncScope } from '../../src/api/index.js';
import { createKubeClients, mergePatch } from '../../src/kube/client.js';
import { testKubeConfig } from '../support/cluster.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import { useLinkedOperator } from './linked-operator.js';
import { CONTOSO, US, anchoredUsers, clientFor, groupId } from './engine.js';
import { SYNC_SCOPES, createSyncScope } from './scopes.js';
import { resourceOf } from '../support/resources.js';

jest.setTimeout(180_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
const mappings = resourceOf('AttributeMapping');
const testbed = useLinkedOperator(clients, sim, 'hostile', { contoso: CONTOSO, us: US });

type Conditions = {
  status?: { conditions?: { type: string; status: string; reason: string; message: string }[] };
};
const condition = (obj: Conditions, type: string) => obj.status?.conditions?.find((c) => c.type === type);

async function writesToContoso(): Promise<unknown[]> {
  return (await sim().admin.requests(CONTOSO.tenantId)).filter(
    (r) => r.method !== 'GET' && !r.path.endsWith('/oauth2/v2.0/token'),
  );
}

it('stalls a SyncScope whose scoping regex cannot run, with its position, and never quarantines it', async () => {
  const { namespace } = testbed();
  const group = await groupId(clientFor(sim(), US), 'Sync to Contoso');
  await sim().admin.clearRequests();
  await createSyncScope(clients, namespace, 'lookahead', {
    source: { tenantLinkRef: 'us' },
    scope: {
      groups: [group],
      filters: [{ clauses: [{ attribute: 'department', operator: 'RegexMatch', value: '^Sales\\b' }] }],
    },
  });
  const get = async () =>
    (await clients.customObjects.getNamespacedCustomObject({
      ...SYNC_SCOPES,
      namespace,
      name: 'lookahead',
    })) as SyncScope;
  const scope = await waitFor('ScopeInvalid', async () => {
    const s = await get();
    return condition(s, 'Ready')?.reason === 'ScopeInvalid' ? s : undefined;
  });
  expect(condition(scope, 'Ready')?.message).toMatch(
    /spec\.scope\.filters\[0\]\.clauses\[0\]: .*at character 7: \\b \(word boundary\) is not supported/,
  );
  expect(condition(scope, 'Stalled')?.status).toBe('True');
  // Well past the time three failed cycles took to quarantine it before.
  await new Promise((r) => setTimeout(r, 5000));
  const later = await get();
  expect(condition(later, 'Ready')?.reason).toBe('ScopeInvalid');
  expect(condition(later, 'Quarantined')?.status ?? 'False').toBe('False');
  expect(await writesToContoso()).toEqual([]);

  // A fixed pattern syncs.
  await clients.customObjects.patchNamespacedCustomObject(
    {
      ...SYNC_SCOPES,
      namespace,
      name: 'lookahead',
      body: {
        spec: {
          scope: {
            groups: [group],
            filters: [{ clauses: [{ attribute: 'accountEnabled', operator: 'IsTrue' }] }],
          },
        },
      },
    },
    mergePatch,
  );
  await waitFor(
    'US users in Contoso',
    async () => ((await anchoredUsers(clientFor(sim(), CONTOSO), US.tenantId)).size > 0 ? true : undefined),
    60_000,
  );
  await clients.customObjects.deleteNamespacedCustomObject({ ...SYNC_SCOPES, namespace, name: 'lookahead' });
});

it('refuses mappings to read-only and unknown targets and from unknown sources, naming each', async () => {
  const { namespace } = testbed();
  await clients.customObjects.createNamespacedCustomObject({
    ...mappings,
    namespace,
    body: {
      apiVersion: API_VERSION,
      kind: 'AttributeMapping',
      metadata: { name: 'unsafe' },
      spec: {
        mappings: [
          { target: 'id', source: 'employeeId' },
          { target: 'userPrincipalName', constant: 'same@contoso.com' },
          { target: 'favouriteColour', source: 'department' },
          { target: 'jobTitle', expression: 'Join(" ", [givenName], [shoeSize])' },
        ],
      },
    },
  });
  const mapping = await waitFor('MappingInvalid', async () => {
    const m = (await clients.customObjects.getNamespacedCustomObject({
      ...mappings,
      namespace,
      name: 'unsafe',
    })) as AttributeMapping;
    return condition(m, 'Ready')?.status === 'False' ? m : undefined;
  });
  const message = condition(mapping, 'Ready')?.message ?? '';
  expect(message).toMatch(/^4 invalid mappings/);
  expect(message).toContain('id at line 1, column 1: read-only');
  expect(message).toContain('userPrincipalName at line 1, column 1: userPrincipalName is unique');
  expect(message).toContain('favouriteColour at line 1, column 1: not a property');
  expect(message).toMatch(/jobTitle at line 1, column 24: unknown source attribute \[shoeSize\]/);
});
