// A TenantRelationship with deletionPolicy Delete, deleted while suspended, leaves both tenants untouched: the
// finalizer goes, the partner configurations stay, and a LeftInTenant Event names them.
import 'reflect-metadata';
import { jest } from '@jest/globals';
import { getPartnerConfiguration } from '../../src/graph/index.js';
import { graphWrites } from '../steady-state/steady.js';
import { conditionOf, create, deleteAndWaitGone, patch, waitUntil } from '../support/resources.js';
import { useOperator } from '../support/operator.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import { EMEA, US, clients, eventsAbout, linkContoso, seedWithoutRelationships } from './fixture.js';

jest.setTimeout(120_000);
const sim = useSimulator({ seed: seedWithoutRelationships() });
const testbed = useOperator('tenant-rel-suspdel');

beforeAll(async () => {
  const { clients: kube, namespace } = testbed();
  await linkContoso(kube, sim(), namespace);
});

it('deleted while suspended with deletionPolicy Delete, leaves the partner configurations and says so', async () => {
  const { clients: kube, namespace } = testbed();
  const graph = clients(sim());
  await create(kube, 'TenantRelationship', namespace, 'us-emea', {
    pairs: [{ source: 'us', target: 'emea', automaticRedemption: true }],
    deletionPolicy: 'Delete',
  });
  await waitFor('the partner configurations of us and emea', async () =>
    (await getPartnerConfiguration(graph.emea, US.tenantId)) &&
    (await getPartnerConfiguration(graph.us, EMEA.tenantId))
      ? true
      : undefined,
  );
  await patch(kube, 'TenantRelationship', namespace, 'us-emea', { spec: { suspend: true } });
  await waitUntil(
    kube,
    'TenantRelationship',
    namespace,
    'us-emea',
    'Suspended',
    (r) => conditionOf(r, 'Ready') === 'False/Suspended',
  );
  await sim().admin.clearRequests();
  await deleteAndWaitGone(kube, 'TenantRelationship', namespace, 'us-emea');
  expect(graphWrites(await sim().admin.requests())).toEqual([]);
  expect(await getPartnerConfiguration(graph.emea, US.tenantId)).toBeDefined();
  expect(await getPartnerConfiguration(graph.us, EMEA.tenantId)).toBeDefined();
  expect(await eventsAbout(kube, namespace, 'us-emea')).toContainEqual(
    expect.stringMatching(/^LeftInTenant: .*us -> emea/),
  );
});
