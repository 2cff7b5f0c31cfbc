// The crosstenant.io/provision-group-now annotation in the operator process, on the real control plane,
// against the simulator: one group synchronized between intervals (an hour here) with its member references,
// a DryRun that writes nothing, and clear answers for groups that are unknown, not named or refused.
import { jest } from '@jest/globals';
import type { ProvisionGroupNowStatus, SyncScope } from '../../src/api/index.js';
import { PROVISION_GROUP_NOW_ANNOTATION } from '../../src/api/index.js';
import type { GraphClient } from '../../src/graph/index.js';
import { readAll } from '../../src/graph/index.js';
import { createKubeClients } from '../../src/kube/client.js';
import { testKubeConfig } from '../support/cluster.js';
import { waitFor } from '../support/poll.js';
import { conditionOf, eventNotes, get, patch, waitUntil } from '../support/resources.js';
import { useSimulator } from '../support/simulator.js';
import { CONTOSO, EMEA, anchoredUsers, clientFor, groupId, userId, type Tenant } from '../sync/engine.js';
import { useLinkedOperator } from '../sync/linked-operator.js';
import { createSyncScope } from '../sync/scopes.js';
import {
  ENGINEERING_EMEA,
  GROUP_ANCHOR,
  SALES_EMEA,
  contoso,
  emeaAdmin,
  groupWrites,
  syncedGroups,
} from './target-groups.js';

jest.setTimeout(240_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
const testbed = useLinkedOperator(clients, sim, 'group-now', { contoso: CONTOSO, emea: EMEA });

let namespace: string;
let source: GraphClient;
let target: GraphClient;

async function scope(): Promise<SyncScope> {
  return (await get(clients, 'SyncScope', namespace, 'emea')) as unknown as SyncScope;
}

/**
 * Sets the annotation (with `spec`, in the same patch) and waits until the operator removed it: it writes its
 * report before, so the report then in status is this request's.
 */
async function provisionGroupNow(
  group: string,
  spec?: Record<string, unknown>,
): Promise<ProvisionGroupNowStatus> {
  await patch(clients, 'SyncScope', namespace, 'emea', {
    metadata: { annotations: { [PROVISION_GROUP_NOW_ANNOTATION]: group } },
    ...(spec ? { spec } : {}),
  });
  return waitFor(`the provision-group-now report for ${group}`, async () => {
    const current = await scope();
    const report = current.status?.provisionGroupNow;
    const answered = current.metadata.annotations?.[PROVISION_GROUP_NOW_ANNOTATION] === undefined;
    return answered && report?.group === group ? report : undefined;
  });
}

/** The target user of an EMEA source user. */
async function counterpart(upn: string): Promise<string> {
  const found = (await anchoredUsers(target, EMEA.tenantId)).get(await userId(source, upn));
  if (!found) throw new Error(`${upn} is not synchronized`);
  return found.id;
}

/** How many Contoso groups carry the anchor of this EMEA group: more than one would be a duplicate. */
async function anchoredCount(sourceGroupId: string): Promise<number> {
  const anchor = `${EMEA.tenantId}:${sourceGroupId}`;
  const groups = await readAll<{ id: string }>(
    target,
    `/groups?$filter=${GROUP_ANCHOR} eq '${anchor}'&$select=id`,
  );
  return groups.length;
}

beforeAll(async () => {
  ({ namespace } = testbed());
  source = clientFor(sim(), EMEA);
  target = contoso(sim());
  await createSyncScope(clients, namespace, 'emea', {
    source: { tenantLinkRef: 'emea' },
    scope: { groups: [await groupId(source, 'Sync to Contoso')] },
    groupSync: { groupIds: [SALES_EMEA], anchorAttribute: GROUP_ANCHOR },
    interval: '2s',
  });
  await waitFor(
    'Sales EMEA in Contoso with its 6 synchronized members',
    async () => ((await syncedGroups(target)).get(SALES_EMEA)?.members.length === 6 ? true : undefined),
    120_000,
  );
  // From here on no cycle is due for an hour (a change to the SyncScope still starts one): each report names
  // the writes provision-now made itself.
  const patched = Date.now();
  await patch(clients, 'SyncScope', namespace, 'emea', { spec: { interval: '1h' } });
  await waitUntil(clients, 'SyncScope', namespace, 'emea', 'has ended a cycle at 1h', (s) => {
    const last = s.status?.['lastCycle'] as { startTime?: string; endTime?: string } | undefined;
    return Boolean(last?.endTime) && Date.parse(last?.startTime ?? '') >= patched - 1000;
  });
});

it('adds a member added in the source at once, between cycles, and says who is left out', async () => {
  const admin = await emeaAdmin(sim());
  const francois = await userId(source, 'francois.moreau@emea.contoso.com');
  await admin.send('POST', `/groups/${SALES_EMEA}/members/$ref`, {
    '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${francois}`,
  });
  const francoisThere = await counterpart('francois.moreau@emea.contoso.com');
  const salesThere = (await syncedGroups(target)).get(SALES_EMEA);

  const report = await provisionGroupNow(SALES_EMEA);
  expect(report).toMatchObject({
    result: 'Succeeded',
    action: 'update',
    sourceGroup: { id: SALES_EMEA, displayName: 'Sales EMEA' },
    scope: { inScope: true, reason: 'InScope' },
    targetGroup: salesThere?.id,
    members: {
      direct: 9,
      desired: 7,
      added: [francoisThere],
      addedCount: 1,
      removed: [],
      removedCount: 0,
      skippedCount: 2,
    },
    graph: { ok: true, writes: 1, failed: 0, results: [{ write: `addMember ${francoisThere}`, ok: true }] },
  });
  expect(report.members?.skipped).toEqual(
    expect.arrayContaining([
      { sourceMember: await userId(source, 'ines.fernandez@emea.contoso.com'), reason: 'NotInUserScope' },
      { sourceMember: await groupId(source, 'Sales Leadership'), reason: 'NestedGroup' },
    ]),
  );
  expect(report.attributes.find((a) => a.target === 'displayName')).toMatchObject({
    result: 'Sales EMEA',
    current: 'Sales EMEA',
    flow: 'Unchanged',
  });
  expect((await syncedGroups(target)).get(SALES_EMEA)?.members).toContain(francoisThere);
  await waitFor('a ProvisionedOnDemand event', async () =>
    (await eventNotes(clients, namespace, 'SyncScope', 'ProvisionedOnDemand')).some((n) =>
      n.startsWith(`group ${SALES_EMEA}: update done`),
    )
      ? true
      : undefined,
  );
});

it('writes nothing when asked again for a group that is already as the source says', async () => {
  await sim().admin.clearRequests();
  const report = await provisionGroupNow(SALES_EMEA);
  expect(report).toMatchObject({ result: 'Succeeded', action: 'none', members: { addedCount: 0 } });
  expect(report.graph).toBeUndefined();
  expect(await groupWrites(sim())).toEqual([]);
});

it('in DryRun plans a group just added to groupSync and writes nothing', async () => {
  await sim().admin.clearRequests();
  const report = await provisionGroupNow(ENGINEERING_EMEA, {
    mode: 'DryRun',
    groupSync: { groupIds: [SALES_EMEA, ENGINEERING_EMEA] },
  });
  expect(report).toMatchObject({
    result: 'DryRun',
    action: 'create',
    members: { desired: 4, addedCount: 4 },
  });
  expect(report.targetGroup).toBeUndefined();
  expect(report.graph).toBeUndefined();
  expect(report.attributes.find((a) => a.target === 'displayName')).toMatchObject({
    result: 'Engineering EMEA',
    flow: 'Changed',
  });
  expect(await groupWrites(sim())).toEqual([]);
  expect((await syncedGroups(target)).has(ENGINEERING_EMEA)).toBe(false);
});

it('creates that group with its synchronized members once the SyncScope enforces, and only once', async () => {
  const report = await provisionGroupNow(ENGINEERING_EMEA, { mode: 'Enforce' });
  expect(report).toMatchObject({
    result: 'Succeeded',
    action: 'create',
    members: { desired: 4, addedCount: 4, skippedCount: 1 },
    graph: { ok: true, writes: 5, failed: 0 },
  });
  const engineering = (await syncedGroups(target)).get(ENGINEERING_EMEA);
  expect(engineering?.id).toBe(report.targetGroup);
  expect(engineering?.members).toEqual([...(report.members?.added ?? [])].sort());
  // The spec change starts a cycle at once: it finds the group by its anchor and creates no second one.
  await waitUntil(
    clients,
    'SyncScope',
    namespace,
    'emea',
    'has ended a cycle in Enforce',
    (s) => conditionOf(s, 'Ready') === 'True/Synced',
  );
  expect(await anchoredCount(ENGINEERING_EMEA)).toBe(1);
});

it('answers an unknown group, a group groupSync does not name and a Microsoft 365 group clearly', async () => {
  const groupAdmin: Tenant = {
    ...EMEA,
    clientId: '7d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a',
    secret: 'emea-groups-secret',
    domain: 'emea-groups.test',
  };
  await sim().admin.addApp(EMEA.tenantId, {
    appId: groupAdmin.clientId,
    displayName: 'group creation (test)',
    secret: groupAdmin.secret,
    roles: ['Group.ReadWrite.All'],
  });
  const unified = await clientFor(sim(), groupAdmin).send<{ id: string }>('POST', '/groups', {
    displayName: 'EMEA Social',
    mailNickname: 'emea-social',
    mailEnabled: true,
    securityEnabled: false,
    groupTypes: ['Unified'],
  });
  await sim().admin.clearRequests();

  const unknown = '00000000-0000-4000-8000-00000000dead';
  const missing = await provisionGroupNow(unknown);
  expect(missing).toMatchObject({ result: 'GroupNotFound', action: 'none', attributes: [] });
  expect(missing.message).toContain(unknown);
  expect((await provisionGroupNow('Sales EMEA')).result).toBe('GroupNotFound');

  const unnamed = await provisionGroupNow(await groupId(source, 'Contoso EMEA Sales'));
  expect(unnamed).toMatchObject({
    result: 'NotInScope',
    action: 'none',
    sourceGroup: { displayName: 'Contoso EMEA Sales' },
    scope: { inScope: false, reason: 'NotInGroupSync' },
  });
  expect(unnamed.message).toContain('spec.groupSync.groupIds');

  const refused = await provisionGroupNow(unified.body.id);
  expect(refused).toMatchObject({
    result: 'GroupNotSupported',
    scope: { inScope: false, reason: 'MicrosoftGroup' },
  });
  expect(await groupWrites(sim())).toEqual([]);
  await waitFor('a ProvisionOnDemandFailed event for the unknown group', async () =>
    (await eventNotes(clients, namespace, 'SyncScope', 'ProvisionOnDemandFailed')).some((n) =>
      n.startsWith(`group ${unknown}:`),
    )
      ? true
      : undefined,
  );
});
