// The simulator's synchronization API through our Graph client over HTTP, without the operator: the
// documented flow, its errors, and a job that runs on the simulator clock.
import type { GraphClient } from '../../src/graph/index.js';
import {
  assign,
  controlSynchronizationJob,
  createSynchronizationJob,
  getJobSchema,
  getSynchronizationJob,
  instantiateConfiguration,
  listFilterOperators,
  listMappingFunctions,
  listProvisioningLog,
  provisionOnDemand,
  putJobSchema,
  putSynchronizationSecrets,
  validateCredentials,
  type ServicePrincipal,
  type SynchronizationJob,
} from '../../src/graph/synchronization.js';
import { useSimulator } from '../support/simulator.js';
import { failure } from '../tenant-relationships/fixture.js';
import { CONTOSO, EMEA, US, clientFor, groupId, userId } from '../sync/engine.js';
import { entraSeed, emeaUsersIn } from './fixture.js';

const sim = useSimulator({ seed: entraSeed() });
const MINUTE = 60_000;
const POLICY = `/policies/crossTenantAccessPolicy/partners/${EMEA.tenantId}/identitySynchronization`;
let emea: GraphClient;
let contoso: GraphClient;
let sp: ServicePrincipal;
let job: SynchronizationJob;

const emeaUsersInContoso = () => emeaUsersIn(contoso, ['accountEnabled', 'department']);

beforeAll(async () => {
  emea = clientFor(sim(), EMEA);
  contoso = clientFor(sim(), CONTOSO);
});

it('instantiates the gallery template into an application and a service principal with one app role', async () => {
  sp = await instantiateConfiguration(emea, 'Contoso');
  expect(sp).toMatchObject({
    displayName: 'Contoso',
    applicationTemplateId: '518e5f48-1fc8-4c48-9387-9fdf28b0dfe7',
  });
  expect(sp.appRoles).toHaveLength(1);
  expect(
    await failure(
      emea.send('POST', '/applicationTemplates/00000000-0000-0000-0000-000000000000/instantiate', {
        displayName: 'x',
      }),
    ),
  ).toMatchObject({ status: 404 });
});

it('answers 403 to an app without the synchronization permission', async () => {
  const us = clientFor(sim(), US);
  expect(
    await failure(
      us.send('POST', `/servicePrincipals/${sp.id}/synchronization/jobs`, { templateId: 'Azure2Azure' }),
    ),
  ).toMatchObject({
    status: 403,
    code: 'Authorization_RequestDenied',
  });
});

it('creates a job from the Azure2Azure template as the documented response shows it', async () => {
  expect(
    await failure(
      emea.send('POST', `/servicePrincipals/${sp.id}/synchronization/jobs`, { templateId: 'Nope' }),
    ),
  ).toMatchObject({ status: 400 });
  job = await createSynchronizationJob(emea, sp.id);
  expect(job).toMatchObject({
    templateId: 'Azure2Azure',
    schedule: { expiration: null, interval: 'PT40M', state: 'Disabled' },
    status: {
      code: 'Paused',
      quarantine: null,
      lastExecution: null,
      steadyStateFirstAchievedTime: '0001-01-01T00:00:00Z',
    },
  });
  const schema = await getJobSchema(emea, sp.id, job.id);
  expect(schema.synchronizationRules[0]).toMatchObject({
    name: 'USER_INBOUND_USER',
    sourceDirectoryName: 'Azure Active Directory',
    targetDirectoryName: 'Azure Active Directory (target tenant)',
  });
});

it("validates credentials against the target's identity synchronization policy", async () => {
  expect(await failure(validateCredentials(emea, sp.id, CONTOSO.tenantId))).toMatchObject({
    status: 400,
    code: 'AzureDirectoryB2BManagementPolicyCheckFailure',
  });
  await contoso.send('PUT', POLICY, { displayName: 'EMEA', userSyncInbound: { isSyncAllowed: true } });
  await expect(validateCredentials(emea, sp.id, CONTOSO.tenantId)).resolves.toBeUndefined();
  // Graph's delete page: the partner configuration goes only after its user synchronization policy.
  const partner = POLICY.replace(/\/identitySynchronization$/, '');
  expect(await failure(contoso.send('DELETE', partner))).toMatchObject({ status: 400 });
});

it('refuses a schema whose expression does not parse, and keeps the old one', async () => {
  const schema = await getJobSchema(emea, sp.id, job.id);
  const broken = structuredClone(schema);
  broken.synchronizationRules[0]!.objectMappings[0]!.attributeMappings.push({
    defaultValue: null,
    exportMissingReferences: false,
    flowBehavior: 'FlowWhenChanged',
    flowType: 'Always',
    matchingPriority: 0,
    source: { expression: 'Join(" ", [givenName]', name: 'Join', parameters: [], type: 'Function' },
    targetAttributeName: 'jobTitle',
  });
  expect(await failure(putJobSchema(emea, sp.id, job.id, broken))).toMatchObject({ status: 400 });
  expect((await getJobSchema(emea, sp.id, job.id)).version).toBe(schema.version);
});

it("lists the schema's scoping-filter operators and refuses a schema with one it does not list", async () => {
  const operators = await listFilterOperators(emea, sp.id, job.id);
  expect(operators).toContainEqual({
    name: 'EQUALS',
    arity: 'Binary',
    multivaluedComparisonType: 'All',
    supportedAttributeTypes: ['String', 'Integer'],
  });
  const schema = await getJobSchema(emea, sp.id, job.id);
  const filtered = structuredClone(schema);
  filtered.synchronizationRules[0]!.objectMappings[0]!.scope = {
    categoryFilterGroups: [],
    inputFilterGroups: [],
    groups: [
      {
        name: 'Sales',
        clauses: [
          { operatorName: 'equals', sourceOperandName: 'department', targetOperand: { values: ['Sales'] } },
        ],
      },
    ],
  };
  expect(await failure(putJobSchema(emea, sp.id, job.id, filtered))).toMatchObject({ status: 400 });
  expect((await getJobSchema(emea, sp.id, job.id)).version).toBe(schema.version);
});

it('takes a function mapping with its parameter tree into a nested target attribute, and bumps the version', async () => {
  const schema = await getJobSchema(emea, sp.id, job.id);
  const next = structuredClone(schema);
  next.synchronizationRules[0]!.objectMappings[0]!.attributeMappings.push({
    defaultValue: null,
    exportMissingReferences: false,
    flowBehavior: 'FlowWhenChanged',
    flowType: 'Always',
    matchingPriority: 0,
    source: {
      expression: `Join(":", "${EMEA.tenantId}", [objectId])`,
      name: 'Join',
      parameters: [],
      type: 'Function',
    },
    targetAttributeName: 'onPremisesExtensionAttributes.extensionAttribute15',
  });
  // Graph's attributeMappingSource page gives a function with its parameter tree: text alone is refused.
  expect(await failure(putJobSchema(emea, sp.id, job.id, next))).toMatchObject({ status: 400 });
  const source = next.synchronizationRules[0]!.objectMappings[0]!.attributeMappings.at(-1)!.source!;
  const constant = (value: string) => ({
    expression: `"${value}"`,
    name: value,
    parameters: [],
    type: 'Constant' as const,
  });
  source.parameters = [
    { key: 'separator', value: constant(':') },
    { key: 'source', value: constant(EMEA.tenantId) },
    {
      key: 'source',
      value: { expression: '[objectId]', name: 'objectId', parameters: [], type: 'Attribute' },
    },
  ];
  const functions = await listMappingFunctions(emea, sp.id, job.id);
  expect(functions.find((f) => f.name === 'Join')?.parameters.map((p) => p.name)).toEqual([
    'separator',
    'source',
  ]);
  await putJobSchema(emea, sp.id, job.id, next);
  expect((await getJobSchema(emea, sp.id, job.id)).version).not.toBe(schema.version);
});

it('takes only documented secrets: synchronizationSecret keys, and the SyncNotificationSettings flags of the guide', async () => {
  const put = (key: string, value: string) => putSynchronizationSecrets(emea, sp.id, [{ key, value }]);
  expect(await failure(put('DeleteThreshold', '10'))).toMatchObject({ status: 400 });
  expect(
    await failure(
      put('SyncNotificationSettings', '{"DeleteThresholdEnabled":true,"DeleteThresholdValue":10}'),
    ),
  ).toMatchObject({ status: 400 });
  await expect(
    put('SyncNotificationSettings', '{"Enabled":false,"DeleteThresholdEnabled":true}'),
  ).resolves.toBeUndefined();
});

it('runs nothing until started, then the initial cycle on the clock; users deleted in the source are soft-deleted', async () => {
  await putSynchronizationSecrets(emea, sp.id, [
    { key: 'AuthenticationType', value: 'SyncPolicy' },
    { key: 'CompanyId', value: CONTOSO.tenantId },
  ]);
  const group = await groupId(emea, 'Sync to Contoso');
  // Granting an app role takes AppRoleAssignment.ReadWrite.All and Application.Read.All (or Directory.Read.All).
  const roles = entraSeed().tenants.find((t) => t.id === EMEA.tenantId)?.apps?.[0]?.roles ?? [];
  await sim().admin.setAppRoles(
    EMEA.tenantId,
    EMEA.clientId,
    roles.filter((r) => r !== 'Application.Read.All'),
  );
  expect(await failure(assign(clientFor(sim(), EMEA), sp.id, sp.appRoles[0]!.id, group))).toMatchObject({
    status: 403,
  });
  await sim().admin.setAppRoles(EMEA.tenantId, EMEA.clientId, roles);
  await assign(emea, sp.id, sp.appRoles[0]!.id, group);
  await sim().admin.advanceClock(MINUTE);
  expect((await emeaUsersInContoso()).size).toBe(0);

  await controlSynchronizationJob(emea, sp.id, job.id, 'start');
  expect((await getSynchronizationJob(emea, sp.id, job.id))?.status.code).toBe('NotRun');
  await sim().admin.advanceClock(MINUTE);
  const users = await emeaUsersInContoso();
  expect(users.size).toBe(20);
  expect((await getSynchronizationJob(emea, sp.id, job.id))?.status).toMatchObject({
    code: 'Active',
    lastExecution: { state: 'Succeeded', countExported: 20 },
    synchronizedEntryCountByType: [{ key: 'User', value: 20 }],
  });

  const zoe = await userId(emea, 'zoe.dubois@emea.contoso.com');
  const zoeInContoso = users.get('zoe.dubois@emea.contoso.com');
  const extensions = await contoso.get<{ onPremisesExtensionAttributes: { extensionAttribute15: string } }>(
    `/users/${String(zoeInContoso?.['id'])}?$select=onPremisesExtensionAttributes`,
  );
  expect(extensions.onPremisesExtensionAttributes.extensionAttribute15).toBe(`${EMEA.tenantId}:${zoe}`);
  await emea.send('PATCH', `/users/${zoe}`, { accountEnabled: false });
  await emea.send('DELETE', `/users/${await userId(emea, 'chloe.lefevre@emea.contoso.com')}`);
  await sim().admin.advanceClock(40 * MINUTE);
  const after = await emeaUsersInContoso();
  expect(after.get('zoe.dubois@emea.contoso.com')?.['accountEnabled']).toBe(false);
  expect(after.has('chloe.lefevre@emea.contoso.com')).toBe(false);
  const deleted = await contoso.get<{ value: { mail: string }[] }>(
    '/directory/deletedItems/microsoft.graph.user?$select=id,mail',
  );
  expect(deleted.value.map((u) => u.mail)).toContain('chloe.lefevre@emea.contoso.com');

  const log = await listProvisioningLog(emea, job.id, '2000-01-01T00:00:00Z');
  const actions = log.map((e) => e.provisioningAction);
  expect(actions.filter((a) => a === 'create')).toHaveLength(20);
  expect(actions).toEqual(expect.arrayContaining(['update', 'delete']));
});

it('provisions one user on demand with the rule of the schema, and refuses another rule', async () => {
  const ruleId = (await getJobSchema(emea, sp.id, job.id)).synchronizationRules[0]!.id;
  const amelie = await userId(emea, 'amelie.laurent@emea.contoso.com');
  expect(await failure(provisionOnDemand(emea, sp.id, job.id, 'not-a-rule', amelie))).toMatchObject({
    status: 400,
  });
  await emea.send('PATCH', `/users/${amelie}`, { department: 'Now' });
  const steps = await provisionOnDemand(emea, sp.id, job.id, ruleId, amelie);
  expect(steps.map((s) => `${s.name} ${s.status}`)).toEqual([
    'EntryImport Success',
    'EntrySynchronizationScoping Success',
    'EntryExportUpdate Success',
  ]);
  expect((await emeaUsersInContoso()).get('amelie.laurent@emea.contoso.com')?.['department']).toBe('Now');
});

it('quarantines the job when the target stops allowing the sync; a successful cycle after a restart clears it', async () => {
  await contoso.send('PATCH', POLICY, { userSyncInbound: { isSyncAllowed: false } });
  await sim().admin.advanceClock(40 * MINUTE);
  const quarantined = await getSynchronizationJob(emea, sp.id, job.id);
  expect(quarantined?.status).toMatchObject({
    code: 'Quarantine',
    countSuccessiveCompleteFailures: 1,
    quarantine: {
      reason: 'EncounteredQuarantineException',
      seriesCount: 1,
      error: { code: 'AzureDirectoryB2BManagementPolicyCheckFailure' },
    },
  });
  // Entra tries again after 6 hours, not at the next 40-minute mark.
  await contoso.send('PATCH', POLICY, { userSyncInbound: { isSyncAllowed: true } });
  await sim().admin.advanceClock(40 * MINUTE);
  expect((await getSynchronizationJob(emea, sp.id, job.id))?.status.code).toBe('Quarantine');
  await controlSynchronizationJob(emea, sp.id, job.id, 'restart');
  await sim().admin.advanceClock(MINUTE);
  expect((await getSynchronizationJob(emea, sp.id, job.id))?.status).toMatchObject({
    code: 'Active',
    quarantine: null,
  });
});
