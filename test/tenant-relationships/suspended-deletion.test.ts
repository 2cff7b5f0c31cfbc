// A TenantRelationship with deletionPolicy Delete, deleted while suspended, leaves both tenants untouched: the
// finalizer goes, the partner configurations stay, and a LeftInTenant Event names them.
import 'reflect-metadata';
import { jest } from '@jest/globals';
import { getPartnerConfiguration } from '../../src/graph/index.js';
import { graphWrites } from '../steady-state/steady.js';
import { deleteAndWaitGone } from '../support/resources.js';
import { useOperator } from '../support/operator.js';
import { useSimulator } from '../support/simulator.js';
import {
  EMEA,
  US,
  clients,
  eventsAbout,
  linkContoso,
  seedWithoutRelationships,
  suspendedUsEmea,
} from './fixture.js';

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
  await suspendedUsEmea(kube, namespace, graph);
  await sim().admin.clearRequests();
  await deleteAndWaitGone(kube, 'TenantRelationship', namespace, 'us-emea');
  expect(graphWrites(await sim().admin.requests())).toEqual([]);
  expect(await getPartnerConfiguration(graph.emea, US.tenantId)).toBeDefined();
  expect(await getPartnerConfiguration(graph.us, EMEA.tenantId)).toBeDefined();
  expect(await eventsAbout(kube, namespace, 'us-emea')).toContainEqual(
    expect.stringMatching(/^LeftInTenant: .*us -> emea/),
  );
});
