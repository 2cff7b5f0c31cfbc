// engine: Entra in the real operator, on the real control plane, against the simulator's synchronization API:
// the operator configures Entra's cross-tenant synchronization from a SyncScope and its AttributeMapping, and
// the job's cycles on the simulator clock do the provisioning.
import { readFileSync } from 'node:fs';
import { jest } from '@jest/globals';
import { parse } from 'yaml';
import {
  API_VERSION,
  GROUP,
  PROVISION_GROUP_NOW_ANNOTATION,
  PROVISION_NOW_ANNOTATION,
  RESTART_JOB_ANNOTATION,
  VERSION,
} from '../../src/api/index.js';
import {
  attributeMappingsFor,
  desiredSchema,
  schemaDiffers,
  scopeFilterFor,
  userObjectMapping,
} from '../../src/entra-engine/schema.js';
import type { GraphClient } from '../../src/graph/index.js';
import { createKubeClients } from '../../src/kube/client.js';
import { conditionOf, create, get, patch, type Stored } from '../support/resources.js';
import { testKubeConfig } from '../support/cluster.js';
import { scrape } from '../support/operator.js';
import { metricValue } from '../support/metrics.js';
import { waitFor } from '../support/poll.js';
import { useSimulator } from '../support/simulator.js';
import { eventsAbout } from '../tenant-relationships/fixture.js';
import { useLinkedOperator } from '../sync/linked-operator.js';
import { CONTOSO, EMEA, clientFor, groupId, userId } from '../sync/engine.js';
import {
  createEntraScope,
  entraSeed,
  eventCount,
  jobReadCounter,
  nudge,
  readJob,
  readSchema,
  type EntraIds,
  emeaUsersIn,
} from './fixture.js';

jest.setTimeout(240_000);
const sim = useSimulator({ seed: entraSeed() });
const kube = createKubeClients(testKubeConfig());
const testbed = useLinkedOperator(kube, sim, 'entra', { contoso: CONTOSO, emea: EMEA });
const NAME = 'emea-entra';
const ZOE = 'zoe.dubois@emea.contoso.com';
const FILTERS = [{ clauses: [{ attribute: 'userType', operator: 'Equals' as const, value: 'Member' }] }];
const MINUTE = 60_000;
let namespace: string;
let ids: EntraIds;
let group: string;
let emea: GraphClient;
let contoso: GraphClient;

const jobReads = jobReadCounter(sim, () => ids.jobId);

const reconciled = (): Promise<Stored> => nudge(kube, namespace, NAME, jobReads);

const emeaUsersInContoso = () =>
  emeaUsersIn(contoso, [
    'userType',
    'creationType',
    'externalUserState',
    'department',
    'jobTitle',
    'accountEnabled',
  ]);

async function zoeInContoso(): Promise<Record<string, unknown> | undefined> {
  return (await emeaUsersInContoso()).get(ZOE);
}

beforeAll(async () => {
  ({ namespace } = testbed());
  emea = clientFor(sim(), EMEA);
  contoso = clientFor(sim(), CONTOSO);
  group = await groupId(emea, 'Sync to Contoso');
  await create(kube, 'AttributeMapping', namespace, 'emea-map', { includeDefaults: true, mappings: [] });
  ids = await createEntraScope(kube, namespace, NAME, { groups: [group], filters: FILTERS }, 'emea-map');
});

it("refuses at admission what Entra's job cannot do, saying why", async () => {
  const refused = create(kube, 'SyncScope', namespace, 'dry', {
    engine: 'Entra',
    mode: 'DryRun',
    source: { tenantLinkRef: 'emea' },
    target: { tenantLinkRef: 'contoso' },
    scope: { allUsers: true },
  });
  await expect(refused).rejects.toThrow(/engine Entra: Entra's synchronization job has no dry run/);
});

it('accepts the commented engine: Entra variant of the Contoso example', async () => {
  const text = readFileSync('examples/contoso/sync-scopes.yaml', 'utf8');
  const commented = text.slice(text.indexOf('# apiVersion:'));
  const variant = parse(commented.replace(/^# ?/gm, '')) as { spec: Record<string, unknown> };
  expect(variant.spec['engine']).toBe('Entra');
  await kube.customObjects.createNamespacedCustomObject({
    group: GROUP,
    version: VERSION,
    plural: 'syncscopes',
    namespace,
    dryRun: 'All',
    body: {
      apiVersion: API_VERSION,
      kind: 'SyncScope',
      metadata: { name: 'example-variant' },
      spec: variant.spec,
    },
  });
});

it('creates the configuration, secrets, job, schema and assignments, and reads them back equal', async () => {
  const sp = await emea.get<{ displayName: string; applicationTemplateId: string }>(
    `/servicePrincipals/${ids.servicePrincipalId}`,
  );
  expect(sp.applicationTemplateId).toBe('518e5f48-1fc8-4c48-9387-9fdf28b0dfe7');
  expect(sp.displayName).toBe(`crosstenant ${namespace}/${NAME} to ${CONTOSO.tenantId}`);
  const job = await readJob(emea, ids);
  expect(job).toMatchObject({ templateId: 'Azure2Azure', schedule: { state: 'Active' } });

  const schema = await readSchema(emea, ids);
  const wanted = desiredSchema(
    schema,
    attributeMappingsFor({ includeDefaults: true, mappings: [] }, 'Member'),
    scopeFilterFor(FILTERS),
  );
  expect(schemaDiffers(schema, wanted)).toBe(false);
  expect(userObjectMapping(schema)?.scope?.groups[0]?.clauses).toEqual([
    { operatorName: 'EQUALS', sourceOperandName: 'userType', targetOperand: { values: ['Member'] } },
  ]);

  const assigned = await emea.get<{ value: { principalId: string; principalType: string }[] }>(
    `/servicePrincipals/${ids.servicePrincipalId}/appRoleAssignedTo`,
  );
  expect(assigned.value.map((a) => [a.principalId, a.principalType])).toEqual([[group, 'Group']]);
  // Graph never returns secrets: validating the saved ones proves they name the target tenant.
  const validated = await emea.send(
    'POST',
    `/servicePrincipals/${ids.servicePrincipalId}/synchronization/jobs/validateCredentials`,
    {
      useSavedCredentials: true,
    },
  );
  expect(validated.status).toBe(204);
  const policy = await contoso.get<{ userSyncInbound: { isSyncAllowed: boolean } }>(
    `/policies/crossTenantAccessPolicy/partners/${EMEA.tenantId}/identitySynchronization`,
  );
  expect(policy.userSyncInbound.isSyncAllowed).toBe(true);
});

it('writes nothing to Graph in steady state', async () => {
  await reconciled();
  await sim().admin.clearRequests();
  await reconciled();
  await reconciled();
  const log = await sim().admin.requests();
  const graph = log.filter((r) => !/oauth2|well-known/.test(r.path));
  expect(graph.filter((r) => r.method === 'GET').length).toBeGreaterThan(0);
  expect(graph.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).toEqual([]);
});

it("provisions the users on the simulator clock: Entra's initial cycle, then one every 40 minutes", async () => {
  expect((await emeaUsersInContoso()).size).toBe(0);
  await sim().admin.advanceClock(MINUTE);
  const users = await waitFor('the initial cycle', async () => {
    const found = await emeaUsersInContoso();
    return found.size > 0 ? found : undefined;
  });
  expect(users.size).toBe(20);
  for (const u of users.values())
    expect(u).toMatchObject({ userType: 'Member', creationType: null, externalUserState: null });
  const invitations = (await sim().admin.requests(CONTOSO.tenantId)).filter((r) =>
    r.path.includes('/invitations'),
  );
  expect(invitations).toEqual([]);
  const scope = await reconciled();
  expect(scope.status).toMatchObject({
    counts: { inScope: 20, provisioned: 20, failed: 0 },
    entra: { code: 'Active', schedule: 'Active', lastExecution: { state: 'Succeeded', exported: 20 } },
  });
  expect(conditionOf(scope, 'Ready')).toBe('True/Synced');
  expect(
    metricValue(await scrape(testbed().operator), 'crosstenant_sync_users_provisioned', {
      namespace,
      name: NAME,
    }),
  ).toBe(20);
  // Per-user outcomes come from Entra's provisioning log.
  expect((await eventsAbout(kube, namespace, NAME)).join('\n')).toMatch(
    /EntraSynchronized: Entra's job: 20 create/,
  );

  const zoe = await userId(emea, ZOE);
  await emea.send('PATCH', `/users/${zoe}`, { department: 'Incremental' });
  await sim().admin.advanceClock(38 * MINUTE);
  expect((await zoeInContoso())?.['department']).not.toBe('Incremental');
  await sim().admin.advanceClock(2 * MINUTE);
  expect((await zoeInContoso())?.['department']).toBe('Incremental');
});

it('updates the job schema when the AttributeMapping changes, and the next cycle applies it', async () => {
  await patch(kube, 'AttributeMapping', namespace, 'emea-map', {
    spec: { mappings: [{ target: 'jobTitle', expression: 'Join(" ", [department], "team")' }] },
  });
  await waitFor('the jobTitle mapping in the schema', async () => {
    const users = userObjectMapping(await readSchema(emea, ids));
    const found = users?.attributeMappings.find((m) => m.targetAttributeName === 'jobTitle');
    return found?.source?.expression === 'Join(" ", [department], "team")' ? true : undefined;
  });
  await sim().admin.advanceClock(40 * MINUTE);
  expect((await zoeInContoso())?.['jobTitle']).toBe('Incremental team');
});

it("answers provision-now through Entra's provisionOnDemand and reports its steps", async () => {
  const zoe = await userId(emea, ZOE);
  // The log has been read since the last cycle: the on-demand entry below falls in the cursor's own second
  // (the simulator clock has not moved), and must be reported once.
  await reconciled();
  const oneUpdate = () => eventCount(kube, namespace, NAME, 'EntraSynchronized', "Entra's job: 1 update");
  const before = await oneUpdate();
  await emea.send('PATCH', `/users/${zoe}`, { department: 'On Demand' });
  await patch(kube, 'SyncScope', namespace, NAME, {
    metadata: { annotations: { [PROVISION_NOW_ANNOTATION]: ZOE } },
  });
  const report = await waitFor('the provision-now report', async () => {
    const s = await get(kube, 'SyncScope', namespace, NAME);
    const answered = s.metadata.annotations?.[PROVISION_NOW_ANNOTATION] === undefined;
    const r = (
      s.status as {
        entra?: {
          provisionNow?: { user: string; result: string; steps: { name: string; status: string }[] };
        };
      }
    ).entra?.provisionNow;
    return answered && r?.user === ZOE ? r : undefined;
  });
  expect(report.result).toBe('Succeeded');
  expect(report.steps.map((s) => `${s.name} ${s.status}`)).toEqual([
    'EntryImport Success',
    'EntrySynchronizationScoping Success',
    'EntryExportUpdate Success',
  ]);
  expect((await zoeInContoso())?.['department']).toBe('On Demand');
  await reconciled();
  await reconciled();
  expect(await oneUpdate()).toBe(before + 1);
});

it('refuses provision-group-now with a Warning and removes it: groups are synchronized by engine Operator', async () => {
  await patch(kube, 'SyncScope', namespace, NAME, {
    metadata: { annotations: { [PROVISION_GROUP_NOW_ANNOTATION]: group } },
  });
  await waitFor('the group request answered', async () => {
    const s = await get(kube, 'SyncScope', namespace, NAME);
    return s.metadata.annotations?.[PROVISION_GROUP_NOW_ANNOTATION] === undefined ? true : undefined;
  });
  const refusal = `ProvisionOnDemandFailed: group ${group}: not provisioned: engine Entra synchronizes users only`;
  await waitFor('the refusal Event', async () =>
    (await eventsAbout(kube, namespace, NAME)).some((e) => e.startsWith(refusal)) ? true : undefined,
  );
});

it('pauses the job on suspend and starts it again on resume', async () => {
  await patch(kube, 'SyncScope', namespace, NAME, { spec: { suspend: true } });
  await waitFor('the job paused', async () =>
    (await readJob(emea, ids)).schedule.state === 'Paused' ? true : undefined,
  );
  const zoe = await userId(emea, ZOE);
  await emea.send('PATCH', `/users/${zoe}`, { department: 'While Paused' });
  await sim().admin.advanceClock(41 * MINUTE);
  expect((await zoeInContoso())?.['department']).toBe('On Demand');
  expect(conditionOf(await reconciled(), 'Ready')).toBe('False/Suspended');

  await patch(kube, 'SyncScope', namespace, NAME, { spec: { suspend: false } });
  await waitFor('the job active', async () =>
    (await readJob(emea, ids)).schedule.state === 'Active' ? true : undefined,
  );
  await sim().admin.advanceClock(MINUTE);
  expect((await zoeInContoso())?.['department']).toBe('While Paused');
});

it('reports the quarantine Entra puts the job in, and a restart clears it', async () => {
  const policy = `/policies/crossTenantAccessPolicy/partners/${EMEA.tenantId}/identitySynchronization`;
  await contoso.send('PATCH', policy, { userSyncInbound: { isSyncAllowed: false } });
  // The operator says so at once, and never overrides a policy that says no.
  expect(conditionOf(await reconciled(), 'Ready')).toBe('False/SyncNotAllowed');
  expect(await contoso.get(policy)).toMatchObject({ userSyncInbound: { isSyncAllowed: false } });
  await sim().admin.advanceClock(41 * MINUTE);
  expect((await readJob(emea, ids)).status.code).toBe('Quarantine');
  const quarantined = await reconciled();
  expect(conditionOf(quarantined, 'Quarantined')).toBe('True/EncounteredQuarantineException');
  expect(conditionOf(quarantined, 'Ready')).toBe('False/Quarantined');
  // Both Ready changes are recorded as Events, as on engine Operator.
  const events = (await eventsAbout(kube, namespace, NAME)).join('\n');
  expect(events).toMatch(/SyncNotAllowed: the target tenant does not allow users to be synchronized/);
  expect(events).toMatch(
    /Quarantined: Entra quarantined the job \(EncounteredQuarantineException\): The target tenant/,
  );
  expect(
    metricValue(await scrape(testbed().operator), 'crosstenant_sync_quarantined', { namespace, name: NAME }),
  ).toBe(1);

  await contoso.send('PATCH', policy, { userSyncInbound: { isSyncAllowed: true } });
  await patch(kube, 'SyncScope', namespace, NAME, {
    metadata: { annotations: { [RESTART_JOB_ANNOTATION]: 'now' } },
  });
  await waitFor('the restart answered', async () => {
    const s = await get(kube, 'SyncScope', namespace, NAME);
    return s.metadata.annotations?.[RESTART_JOB_ANNOTATION] === undefined ? true : undefined;
  });
  await sim().admin.advanceClock(MINUTE);
  expect((await readJob(emea, ids)).status.code).toBe('Active');
  const healed = await reconciled();
  expect(conditionOf(healed, 'Quarantined')).toBeUndefined();
  expect(conditionOf(healed, 'Ready')).toBe('True/Synced');
});

it('stalls a second SyncScope for the same tenant pair instead of making a second configuration', async () => {
  await create(kube, 'SyncScope', namespace, 'emea-entra-2', {
    engine: 'Entra',
    source: { tenantLinkRef: 'emea' },
    target: { tenantLinkRef: 'contoso' },
    scope: { allUsers: true },
  });
  const second = await waitFor('the second scope stalled', async () => {
    const s = await get(kube, 'SyncScope', namespace, 'emea-entra-2');
    return conditionOf(s, 'Ready') ? s : undefined;
  });
  expect(conditionOf(second, 'Ready')).toBe('False/OverlappingSyncScope');
  const principals = await emea.get<{ value: unknown[] }>('/servicePrincipals');
  expect(principals.value).toHaveLength(1);
});
