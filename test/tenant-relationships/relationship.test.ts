// A TenantRelationship against the real API server, the operator process and the simulator, starting from
// tenants with no cross-tenant access partner configurations at all.
import 'reflect-metadata';
import { jest } from '@jest/globals';
import type { TenantRelationship } from '../../src/api/index.js';
import {
  getIdentitySyncPolicy,
  getJoinRequest,
  getPartnerConfiguration,
  updatePartnerConfiguration,
} from '../../src/graph/index.js';
import { conditionOf, create, get, patch, remove, waitUntil } from '../support/resources.js';
import { useOperator } from '../support/operator.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import {
  CONTOSO,
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
const testbed = useOperator('tenant-rel');

const PAIRS = [
  {
    source: 'emea',
    target: 'contoso',
    b2bCollaboration: 'Allowed',
    automaticRedemption: true,
    inboundTrust: { mfa: true },
    allowUserSync: true,
  },
  { source: 'us', target: 'contoso', automaticRedemption: true },
];

const isPolicyWrite = (e: { method: string; path: string }) =>
  e.method !== 'GET' && /policies\/crossTenantAccessPolicy|tenantRelationships/.test(e.path);

async function relationship(name: string): Promise<TenantRelationship> {
  const { clients: kube, namespace } = testbed();
  return (await get(kube, 'TenantRelationship', namespace, name)) as unknown as TenantRelationship;
}

/** Asks for a pass now (a metadata change is not status-only) and waits until the simulator saw its reads. */
async function passAndWait(name: string, reads: number): Promise<void> {
  const { clients: kube, namespace } = testbed();
  await sim().admin.clearRequests();
  await patch(kube, 'TenantRelationship', namespace, name, {
    metadata: { annotations: { 'test/pass': String(Date.now()) } },
  });
  await waitFor(`${reads} partner reads`, async () => {
    const log = await sim().admin.requests();
    const partnerReads = log.filter((e) => e.method === 'GET' && /partners\/[^/]+$/.test(e.path));
    return partnerReads.length >= reads ? true : undefined;
  });
  // A write would follow the read of its configuration within milliseconds; give the pass time to finish.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}

beforeAll(async () => {
  const { clients: kube, namespace } = testbed();
  await linkContoso(kube, sim(), namespace);
  await create(kube, 'TenantRelationship', namespace, 'contoso', { pairs: PAIRS });
});

describe('a TenantRelationship', () => {
  it('applies each pair in both tenants and reads back what it declares', async () => {
    const { clients: kube, namespace } = testbed();
    const ready = await waitUntil(
      kube,
      'TenantRelationship',
      namespace,
      'contoso',
      'Ready',
      (r) =>
        conditionOf(r, 'Ready') === 'True/ReconciliationSucceeded' &&
        (r.status?.['drift'] as string[]).length === 0,
    );
    expect(ready.status?.['partners']).toHaveLength(4);
    const graph = clients(sim());
    const inContoso = await getPartnerConfiguration(graph.contoso, EMEA.tenantId);
    expect(inContoso).toMatchObject({
      automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: false },
      inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: false },
      b2bCollaborationInbound: {
        usersAndGroups: { accessType: 'allowed', targets: [{ target: 'AllUsers' }] },
        applications: { accessType: 'allowed', targets: [{ target: 'AllApplications' }] },
      },
    });
    expect(await getIdentitySyncPolicy(graph.contoso, EMEA.tenantId)).toMatchObject({
      userSyncInbound: { isSyncAllowed: true },
    });
    expect(await getPartnerConfiguration(graph.emea, CONTOSO.tenantId)).toMatchObject({
      automaticUserConsentSettings: { outboundAllowed: true },
      b2bCollaborationOutbound: { usersAndGroups: { accessType: 'allowed' } },
    });
    // The US pair declares automatic redemption only: B2B stays inherited from the default (null).
    const usInContoso = await getPartnerConfiguration(graph.contoso, US.tenantId);
    expect(usInContoso).toMatchObject({
      automaticUserConsentSettings: { inboundAllowed: true },
      b2bCollaborationInbound: null,
    });
    expect(await eventsAbout(kube, namespace, 'contoso')).toContainEqual(
      expect.stringMatching(/^SettingsApplied: create the partner configuration for emea in contoso/),
    );
  });

  it('writes nothing to Graph once the tenants match', async () => {
    await passAndWait('contoso', 4);
    expect((await sim().admin.requests()).filter(isPolicyWrite)).toEqual([]);
  });

  it('reports a declared setting changed by hand and sets it back, leaving undeclared ones alone', async () => {
    const { clients: kube, namespace } = testbed();
    const graph = clients(sim());
    // An administrator turns automatic redemption off and, in the same complex values, sets two things the
    // relationship does not declare: outbound redemption and compliant-device trust.
    await updatePartnerConfiguration(graph.contoso, EMEA.tenantId, {
      automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: true },
      inboundTrust: {
        isMfaAccepted: true,
        isCompliantDeviceAccepted: true,
        isHybridAzureADJoinedDeviceAccepted: false,
      },
    });
    await patch(kube, 'TenantRelationship', namespace, 'contoso', {
      metadata: { annotations: { 'test/pass': 'after-hand-change' } },
    });
    const corrected = await waitFor('a DriftCorrected event', async () =>
      (await eventsAbout(kube, namespace, 'contoso')).find((e) => e.startsWith('DriftCorrected:')),
    );
    expect(corrected).toContain(
      'contoso: partner emea: automaticUserConsentSettings.inboundAllowed is false, declared true',
    );
    expect((await relationship('contoso')).status?.drift).toEqual([
      'contoso: partner emea: automaticUserConsentSettings.inboundAllowed is false, declared true',
    ]);
    expect(await getPartnerConfiguration(graph.contoso, EMEA.tenantId)).toMatchObject({
      automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: true },
      inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: true },
    });
  });

  it('in DryRun reports what it would change and writes nothing', async () => {
    const { clients: kube, namespace } = testbed();
    await sim().admin.clearRequests();
    await create(kube, 'TenantRelationship', namespace, 'reverse', {
      pairs: [{ source: 'contoso', target: 'emea', automaticRedemption: true }],
      mode: 'DryRun',
    });
    const dry = await waitUntil(
      kube,
      'TenantRelationship',
      namespace,
      'reverse',
      'DryRun',
      (r) => conditionOf(r, 'Ready') === 'True/DryRun',
    );
    expect(dry.status?.conditions?.find((c) => c.type === 'Ready')?.message).toBe(
      // Contoso's outbound redemption for EMEA is already on (set by hand above and left alone).
      'DryRun: would update the partner configuration for contoso in emea (automaticUserConsentSettings)',
    );
    expect((await sim().admin.requests()).filter(isPolicyWrite)).toEqual([]);
    expect(await getPartnerConfiguration(clients(sim()).emea, CONTOSO.tenantId)).toMatchObject({
      automaticUserConsentSettings: { inboundAllowed: false },
    });
  });

  it('pauses while suspended, and with deletionPolicy Delete removes its partner configurations when deleted', async () => {
    const { clients: kube, namespace } = testbed();
    const graph = clients(sim());
    await suspendedUsEmea(kube, namespace, graph);
    await patch(kube, 'TenantRelationship', namespace, 'us-emea', { spec: { suspend: false } });
    await remove(kube, 'TenantRelationship', namespace, 'us-emea');
    await waitFor('the partner configurations removed', async () =>
      (await getPartnerConfiguration(graph.emea, US.tenantId)) === undefined &&
      (await getPartnerConfiguration(graph.us, EMEA.tenantId)) === undefined
        ? true
        : undefined,
    );
  });

  it('forms the multitenant organization of the three tenants', async () => {
    const { clients: kube, namespace } = testbed();
    await create(kube, 'TenantRelationship', namespace, 'organization', {
      multiTenantOrganization: { displayName: 'Contoso', owner: 'contoso', members: ['emea', 'us'] },
    });
    const formed = await waitUntil(
      kube,
      'TenantRelationship',
      namespace,
      'organization',
      'formed',
      (r) => conditionOf(r, 'Ready') === 'True/ReconciliationSucceeded',
      60_000,
    );
    expect(formed.status?.['multiTenantOrganization']).toEqual({
      state: 'active',
      tenants: [
        { tenantLinkRef: 'contoso', tenantId: CONTOSO.tenantId, role: 'owner', state: 'active' },
        { tenantLinkRef: 'emea', tenantId: EMEA.tenantId, role: 'member', state: 'active' },
        { tenantLinkRef: 'us', tenantId: US.tenantId, role: 'member', state: 'active' },
      ],
    });
    expect(await getJoinRequest(clients(sim()).us)).toMatchObject({
      addedByTenantId: CONTOSO.tenantId,
      memberState: 'active',
    });
  });
});
