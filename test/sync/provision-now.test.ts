// The crosstenant.io/provision-now annotation in the real operator, on the real control plane, against the
// simulator: one user synchronized between intervals (an hour here) with Entra's provision-on-demand report.
import { jest } from '@jest/globals';
import type { ProvisionNowStatus } from '../../src/api/sync-scope-status.js';
import type { SyncScope } from '../../src/api/index.js';
import { PROVISION_NOW_ANNOTATION } from '../../src/api/index.js';
import { createKubeClients } from '../../src/kube/client.js';
import { create, eventNotes, get, patch, waitUntil } from '../support/resources.js';
import { testKubeConfig } from '../support/cluster.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import { useLinkedOperator } from './linked-operator.js';
import { CONTOSO, EMEA, anchoredUsers, clientFor, groupId, userId } from './engine.js';

jest.setTimeout(180_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
const testbed = useLinkedOperator(clients, sim, 'sync-pod', { contoso: CONTOSO, emea: EMEA });
let namespace: string;
const ZOE = 'zoe.dubois@emea.contoso.com';

beforeAll(async () => {
  ({ namespace } = testbed());
  await create(clients, 'SyncScope', namespace, 'emea', {
    source: { tenantLinkRef: 'emea' },
    target: { tenantLinkRef: 'contoso' },
    scope: {
      groups: [await groupId(clientFor(sim(), EMEA), 'Sync to Contoso')],
      filters: [{ clauses: [{ attribute: 'userType', operator: 'Equals', value: 'Member' }] }],
    },
    interval: '1h',
  });
  await waitFor(
    '20 EMEA users in Contoso',
    async () =>
      (await anchoredUsers(clientFor(sim(), CONTOSO), EMEA.tenantId)).size === 20 ? true : undefined,
    60_000,
  );
});

/** Sets the annotation and waits until the operator answered it and removed it. */
async function provisionNow(user: string): Promise<ProvisionNowStatus> {
  await patch(clients, 'SyncScope', namespace, 'emea', {
    metadata: { annotations: { [PROVISION_NOW_ANNOTATION]: user } },
  });
  return waitFor(`the provision-now report for ${user}`, async () => {
    const scope = (await get(clients, 'SyncScope', namespace, 'emea')) as unknown as SyncScope;
    const report = scope.status?.provisionNow;
    const answered =
      report?.user === user && scope.metadata.annotations?.[PROVISION_NOW_ANNOTATION] === undefined;
    return answered ? report : undefined;
  });
}

it('updates one user at once and reports scope, each attribute and the Graph outcome', async () => {
  const source = clientFor(sim(), EMEA);
  const zoe = await userId(source, ZOE);
  const before = (await anchoredUsers(clientFor(sim(), CONTOSO), EMEA.tenantId)).get(zoe);
  await source.send('PATCH', `/users/${zoe}`, { department: 'On Demand' });

  const report = await provisionNow(ZOE);
  expect(report).toMatchObject({
    result: 'Succeeded',
    action: 'update',
    targetUser: before?.id,
    sourceUser: { id: zoe, userPrincipalName: ZOE },
    graph: { ok: true },
    scope: {
      inScope: true,
      reason: 'InScope',
      internalMember: { passed: true },
      assignedGroup: { passed: true, membership: 'Direct' },
      filters: [
        {
          filter: 0,
          attribute: 'userType',
          operator: 'Equals',
          value: 'Member',
          actual: 'Member',
          passed: true,
        },
      ],
    },
  });
  expect(report.attributes.find((a) => a.target === 'department')).toEqual({
    target: 'department',
    mapping: '[department]',
    sources: [{ attribute: 'department', value: 'On Demand' }],
    result: 'On Demand',
    current: before?.department,
    flow: 'Changed',
  });
  expect(report.attributes.find((a) => a.target === 'displayName')?.flow).toBe('Unchanged');
  expect((await anchoredUsers(clientFor(sim(), CONTOSO), EMEA.tenantId)).get(zoe)?.department).toBe(
    'On Demand',
  );
  await waitFor('a ProvisionedOnDemand event', async () =>
    (await eventNotes(clients, namespace, 'SyncScope', 'ProvisionedOnDemand')).some((n) =>
      n.startsWith(`${ZOE}: update`),
    )
      ? true
      : undefined,
  );
});

it('counts no invitation waiting for redemption when automatic redemption is set both ways', async () => {
  // The Contoso seed sets automatic redemption inbound in Contoso and outbound in EMEA, so Entra (and the
  // simulator) redeems each invitation at once: none of the 20 stays PendingAcceptance.
  await waitFor('20 provisioned users, none pending redemption', async () => {
    const scope = (await get(clients, 'SyncScope', namespace, 'emea')) as unknown as SyncScope;
    const counts = scope.status?.counts;
    return counts?.provisioned === 20 && counts.pendingInvitations === 0 ? true : undefined;
  });
});

it('says a user the source does not have was not found, and can be asked again', async () => {
  const report = await provisionNow('nobody@emea.contoso.com');
  expect(report.result).toBe('UserNotFound');
  expect(report.message).toContain('nobody@emea.contoso.com');
  expect(report.action).toBe('none');
  await waitFor('a ProvisionOnDemandFailed event', async () =>
    (await eventNotes(clients, namespace, 'SyncScope', 'ProvisionOnDemandFailed')).some((n) =>
      n.startsWith('nobody@'),
    )
      ? true
      : undefined,
  );
  expect((await provisionNow(ZOE)).result).toBe('Succeeded');
});

it('reports a user outside the assigned groups as out of scope and creates nothing', async () => {
  const source = clientFor(sim(), EMEA);
  const created = await source.send<{ id: string }>('POST', '/users', {
    accountEnabled: true,
    displayName: 'Olga Outside',
    mailNickname: 'olga.outside',
    userPrincipalName: 'olga.outside@emea.contoso.com',
    mail: 'olga.outside@emea.contoso.com',
    passwordProfile: { password: 'Xy7!pass-word-Long' },
  });
  const report = await provisionNow(created.body.id);
  expect(report).toMatchObject({
    result: 'Succeeded',
    action: 'none',
    scope: { inScope: false, reason: 'NotAssigned', assignedGroup: { passed: false, groups: [] } },
  });
  expect(report.graph).toBeUndefined();
  expect((await anchoredUsers(clientFor(sim(), CONTOSO), EMEA.tenantId)).has(created.body.id)).toBe(false);
});

it('in DryRun reports the plan and writes nothing', async () => {
  const source = clientFor(sim(), EMEA);
  const zoe = await userId(source, ZOE);
  await patch(clients, 'SyncScope', namespace, 'emea', { spec: { mode: 'DryRun' } });
  // A cycle the last answer's annotation removal started may still be running in Apply mode: once the
  // status speaks for the DryRun generation it has ended, and it cannot apply the change below.
  await waitUntil(clients, 'SyncScope', namespace, 'emea', 'observed in DryRun', () => true);
  await source.send('PATCH', `/users/${zoe}`, { department: 'Not Yet' });
  const report = await provisionNow(ZOE);
  expect(report).toMatchObject({ result: 'DryRun', action: 'update' });
  expect(report.graph).toBeUndefined();
  expect(report.attributes.find((a) => a.target === 'department')).toMatchObject({
    result: 'Not Yet',
    current: 'On Demand',
    flow: 'Changed',
  });
  expect((await anchoredUsers(clientFor(sim(), CONTOSO), EMEA.tenantId)).get(zoe)?.department).toBe(
    'On Demand',
  );
});
