// The SyncScope and AttributeMapping controllers in the real operator process, on the real control plane,
// against the simulator with the Contoso seed.
import { jest } from '@jest/globals';
import { API_VERSION } from '../../src/api/index.js';
import type { AttributeMapping, SyncScope } from '../../src/api/index.js';
import { createKubeClients, mergePatch } from '../../src/kube/client.js';
import { testKubeConfig } from '../support/cluster.js';
import { scrape } from '../support/operator.js';
import { metricValue } from '../support/metrics.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import { useLinkedOperator } from './linked-operator.js';
import { CONTOSO, EMEA, US, anchoredUsers, clientFor, groupId, userId } from './engine.js';
import { createSyncScope } from './scopes.js';
import { resourceOf } from '../support/resources.js';

jest.setTimeout(180_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
const scopes = resourceOf('SyncScope');
const mappings = resourceOf('AttributeMapping');
const testbed = useLinkedOperator(clients, sim, 'sync', { contoso: CONTOSO, emea: EMEA, us: US });
let namespace: string;

beforeAll(async () => {
  ({ namespace } = testbed());
});

async function createScope(name: string, spec: Record<string, unknown>): Promise<void> {
  await createSyncScope(clients, namespace, name, spec);
}

async function getScope(name: string): Promise<SyncScope> {
  return (await clients.customObjects.getNamespacedCustomObject({ ...scopes, namespace, name })) as SyncScope;
}

function ready(obj: {
  status?: { conditions?: { type: string; status: string; reason: string; message: string }[] };
}) {
  return obj.status?.conditions?.find((c) => c.type === 'Ready');
}

it('reports a plan in DryRun and writes nothing to the target', async () => {
  const group = await groupId(clientFor(sim(), US), 'Sync to Contoso');
  await sim().admin.clearRequests();
  await createScope('us-dry', {
    source: { tenantLinkRef: 'us' },
    scope: { groups: [group] },
    mode: 'DryRun',
  });
  const scope = await waitFor('a DryRun plan', async () => {
    const s = await getScope('us-dry');
    return s.status?.plan ? s : undefined;
  });
  expect(scope.status?.plan?.creates).toBeGreaterThan(15);
  expect(scope.status?.plan?.sample[0]?.changes?.length).toBeGreaterThan(0);
  expect(ready(scope)?.reason).toBe('DryRun');
  const writes = (await sim().admin.requests(CONTOSO.tenantId)).filter(
    (r) => r.method !== 'GET' && !r.path.endsWith('/oauth2/v2.0/token'),
  );
  expect(writes).toEqual([]);
  await clients.customObjects.deleteNamespacedCustomObject({ ...scopes, namespace, name: 'us-dry' });
});

it('provisions EMEA users as Member B2B users and carries a change within one interval', async () => {
  const source = clientFor(sim(), EMEA);
  const target = clientFor(sim(), CONTOSO);
  const group = await groupId(source, 'Sync to Contoso');
  await createScope('emea', { source: { tenantLinkRef: 'emea' }, scope: { groups: [group] } });
  await waitFor(
    '20 EMEA users in Contoso',
    async () => ((await anchoredUsers(target, EMEA.tenantId)).size === 20 ? true : undefined),
    60_000,
  );
  const users = await anchoredUsers(target, EMEA.tenantId);
  expect([...users.values()].every((u) => u.userType === 'Member' && u.creationType === 'Invitation')).toBe(
    true,
  );
  const scope = await waitFor('Ready', async () => {
    const s = await getScope('emea');
    return ready(s)?.status === 'True' ? s : undefined;
  });
  expect(scope.status?.counts?.provisioned).toBe(20);

  const id = await userId(source, 'zoe.dubois@emea.contoso.com');
  await source.send('PATCH', `/users/${id}`, { department: 'Sales Leadership' });
  const changed = Date.now();
  await waitFor('the department in Contoso', async () =>
    (await anchoredUsers(target, EMEA.tenantId)).get(id)?.department === 'Sales Leadership'
      ? true
      : undefined,
  );
  // Interval 1 s plus the write: well within interval + 5 s.
  expect(Date.now() - changed).toBeLessThan(6_000);
  const page = await scrape(testbed().operator);
  expect(metricValue(page, 'crosstenant_sync_users_provisioned', { namespace, name: 'emea' })).toBe(20);
  expect(
    metricValue(page, 'crosstenant_sync_actions_total', {
      namespace,
      name: 'emea',
      action: 'create',
      result: 'success',
    }),
  ).toBe(20);
});

it('reports ExpressionInvalid with line and column, and a SyncScope using it refuses to sync', async () => {
  await clients.customObjects.createNamespacedCustomObject({
    ...mappings,
    namespace,
    body: {
      apiVersion: API_VERSION,
      kind: 'AttributeMapping',
      metadata: { name: 'broken' },
      spec: { mappings: [{ target: 'jobTitle', expression: 'Join(" ",\n  [givenName], [surname]' }] },
    },
  });
  const mapping = await waitFor('ExpressionInvalid', async () => {
    const m = (await clients.customObjects.getNamespacedCustomObject({
      ...mappings,
      namespace,
      name: 'broken',
    })) as AttributeMapping;
    return ready(m)?.reason === 'ExpressionInvalid' ? m : undefined;
  });
  expect(mapping.status?.errors?.[0]).toMatchObject({ target: 'jobTitle', line: 2 });
  expect(mapping.status?.errors?.[0]?.column).toBeGreaterThan(1);

  const group = await groupId(clientFor(sim(), US), 'Sync to Contoso');
  await createScope('us-broken', {
    source: { tenantLinkRef: 'us' },
    scope: { groups: [group] },
    attributeMappingRef: 'broken',
  });
  const scope = await waitFor('MappingInvalid', async () => {
    const s = await getScope('us-broken');
    return ready(s)?.reason === 'MappingInvalid' ? s : undefined;
  });
  expect(ready(scope)?.status).toBe('False');
  expect((await anchoredUsers(clientFor(sim(), CONTOSO), US.tenantId)).size).toBe(0);

  // Fixing the mapping requeues the SyncScope through the secondary watch, and it syncs.
  await clients.customObjects.patchNamespacedCustomObject(
    {
      ...mappings,
      namespace,
      name: 'broken',
      body: { spec: { mappings: [{ target: 'jobTitle', expression: 'Join(" ", [givenName], [surname])' }] } },
    },
    mergePatch,
  );
  await waitFor(
    'US users in Contoso',
    async () => ((await anchoredUsers(clientFor(sim(), CONTOSO), US.tenantId)).size > 0 ? true : undefined),
    60_000,
  );
});

it('pauses the SyncScopes of a suspended AttributeMapping, and resumes them with it', async () => {
  const body = (suspend: boolean) => ({
    apiVersion: API_VERSION,
    kind: 'AttributeMapping',
    metadata: { name: 'paused' },
    spec: { suspend, mappings: [{ target: 'jobTitle', constant: 'Partner' }] },
  });
  await clients.customObjects.createNamespacedCustomObject({ ...mappings, namespace, body: body(true) });
  const mapping = await waitFor('the mapping Suspended', async () => {
    const m = (await clients.customObjects.getNamespacedCustomObject({
      ...mappings,
      namespace,
      name: 'paused',
    })) as AttributeMapping;
    return ready(m)?.reason === 'Suspended' ? m : undefined;
  });
  expect(ready(mapping)?.status).toBe('False');
  const group = await groupId(clientFor(sim(), US), 'Sync to Contoso');
  await createScope('us-paused', {
    source: { tenantLinkRef: 'us' },
    scope: { groups: [group] },
    attributeMappingRef: 'paused',
  });
  const paused = await waitFor('MappingSuspended', async () => {
    const s = await getScope('us-paused');
    return ready(s)?.reason === 'MappingSuspended' ? s : undefined;
  });
  expect(ready(paused)?.message).toContain('AttributeMapping paused is suspended');

  await clients.customObjects.patchNamespacedCustomObject(
    { ...mappings, namespace, name: 'paused', body: { spec: { suspend: false } } },
    mergePatch,
  );
  await waitFor('the scope past MappingSuspended', async () => {
    const reason = ready(await getScope('us-paused'))?.reason;
    return reason && reason !== 'MappingSuspended' ? reason : undefined;
  });
});
