// Synchronization jobs of a configuration: create from the Azure2Azure template, list, get, delete, start,
// pause, restart, validate credentials, the job schema, on-demand provisioning, and the provisioning log.
import { randomUUID } from 'node:crypto';
import type { SynchronizationSchema } from '../../entra-engine/schema.js';
import { badRequest, GraphError, notFound, type GraphResult } from '../http/errors.js';
import type { Router } from '../http/router.js';
import type { GraphCall, GraphRoute } from '../module.js';
import { filterItems } from '../query/filter.js';
import { collectionPage } from '../query/query-options.js';
import type { Props } from '../store/types.js';
import { requireConfiguration } from './configuration.js';
import { CycleFailure, jobContext, logChange } from './cycle.js';
import { checkParameterTrees, FUNCTION_SCHEMAS } from './functions.js';
import { compileJob, provisionUser } from './provision.js';
import { SYNC_ROLES } from './roles.js';
import { initialStatus, synchronizationState, type SimConfiguration, type SimJob } from './state.js';
import { AZURE2AZURE, azure2AzureSchema, FILTER_OPERATOR_SCHEMAS } from './template.js';

function requireJob(call: GraphCall): { config: SimConfiguration; job: SimJob } {
  const config = requireConfiguration(call);
  const job = config.jobs.get(call.params['jobId'] as string);
  if (!job) throw notFound(call.params['jobId'] as string);
  return { config, job };
}

function render(job: SimJob): Props {
  return {
    id: job.id,
    templateId: job.templateId,
    schedule: { expiration: null, interval: 'PT40M', state: job.scheduleState },
    status: structuredClone(job.status),
    synchronizationJobSettings: [
      { name: 'AzureIngestionAttributeOptimization', value: 'False' },
      { name: 'LookaheadQueryEnabled', value: 'False' },
    ],
  };
}

function create(call: GraphCall): GraphResult {
  const config = requireConfiguration(call);
  const templateId = (call.body as Props | null)?.['templateId'];
  if (templateId !== AZURE2AZURE)
    throw badRequest(`Synchronization template '${String(templateId)}' was not found.`);
  const id = `${AZURE2AZURE}.${randomUUID().replace(/-/g, '')}.${randomUUID().replace(/-/g, '')}`;
  const job: SimJob = {
    id,
    templateId: AZURE2AZURE,
    schema: azure2AzureSchema(randomUUID().replace(/-/g, '')),
    scheduleState: 'Disabled',
    status: initialStatus(),
    initialDone: false,
    links: new Map(),
  };
  config.jobs.set(id, job);
  return { status: 201, body: render(job) };
}

function start(call: GraphCall): GraphResult {
  const { job } = requireJob(call);
  if (job.scheduleState !== 'Active') {
    job.scheduleState = 'Active';
    if (job.status['code'] !== 'Quarantine') job.status['code'] = job.initialDone ? 'Active' : 'NotRun';
    // Entra starts the first cycle shortly after; here at the next step of the clock.
    job.nextRunMs = call.store.clock.now();
  }
  return { status: 204 };
}

function pause(call: GraphCall): GraphResult {
  const { job } = requireJob(call);
  job.scheduleState = 'Paused';
  job.status['code'] = 'Paused';
  delete job.nextRunMs;
  return { status: 204 };
}

function restart(call: GraphCall): GraphResult {
  const { job } = requireJob(call);
  job.status['quarantine'] = null;
  job.status['countSuccessiveCompleteFailures'] = 0;
  job.status['code'] = 'NotRun';
  job.initialDone = false;
  job.scheduleState = 'Active';
  job.nextRunMs = call.store.clock.now();
  return { status: 204 };
}

function validateCredentials(call: GraphCall): GraphResult {
  const config = requireConfiguration(call);
  const body = (call.body ?? {}) as Props;
  const secrets = new Map(config.secrets);
  if (body['useSavedCredentials'] !== true) {
    secrets.clear();
    for (const pair of (body['credentials'] as Props[] | undefined) ?? [])
      secrets.set(String(pair['key']), String(pair['value']));
  }
  const probe: SimJob = {
    id: 'validate',
    templateId: AZURE2AZURE,
    schema: azure2AzureSchema('validate'),
    scheduleState: 'Disabled',
    status: initialStatus(),
    initialDone: false,
    links: new Map(),
  };
  try {
    jobContext(call.store, call.tenant, { ...config, secrets }, probe);
  } catch (err) {
    if (err instanceof CycleFailure) throw new GraphError(400, err.code, err.message);
    throw err;
  }
  return { status: 204 };
}

function putSchema(call: GraphCall): GraphResult {
  const { job } = requireJob(call);
  const body = call.body as SynchronizationSchema | null;
  if (!body || !Array.isArray(body.synchronizationRules))
    throw badRequest('The schema must hold synchronizationRules.');
  const unknown = unknownOperators(body);
  if (unknown.length > 0)
    throw badRequest(
      `Scoping filter operator '${unknown[0]}' is not supported (see schema/filterOperators).`,
    );
  checkParameterTrees(body);
  const next = { ...job, schema: structuredClone(body) };
  try {
    compileJob(next);
  } catch (err) {
    throw badRequest(`The schema is not valid: ${(err as Error).message}`);
  }
  const version = Number(/^v1\.(\d+)$/.exec(job.schema.version)?.[1] ?? 0) + 1;
  job.schema = { ...structuredClone(body), version: `v1.${version}` };
  delete job.schema.id;
  return { status: 204 };
}

const OPERATOR_NAMES = new Set(FILTER_OPERATOR_SCHEMAS.map((o) => String(o['name'])));

/** Operator names of the schema's scoping filters that filterOperators does not list (compared exactly). */
function unknownOperators(schema: SynchronizationSchema): string[] {
  return schema.synchronizationRules
    .flatMap((r) => r.objectMappings ?? [])
    .flatMap((m) => m.scope?.groups ?? [])
    .flatMap((g) => g.clauses ?? [])
    .map((c) => c.operatorName)
    .filter((name) => !OPERATOR_NAMES.has(name));
}

function step(name: string, type: string, status: string, description: string, details: Props = {}): Props {
  return { name, type, status, description, timestamp: new Date().toISOString(), details };
}

function provisionOnDemand(call: GraphCall): GraphResult {
  const { config, job } = requireJob(call);
  const parameter = ((call.body as Props | null)?.['parameters'] as Props[] | undefined)?.[0];
  const subject = (parameter?.['subjects'] as Props[] | undefined)?.[0];
  const ruleIds = job.schema.synchronizationRules.map((r) => r.id);
  if (!parameter || !ruleIds.includes(String(parameter['ruleId'])))
    throw badRequest('parameters[0].ruleId must be the id of a rule of the job schema.');
  const objectId = String(subject?.['objectId'] ?? '');
  if (subject?.['objectTypeName'] !== 'User')
    throw badRequest("Only objectTypeName 'User' is provisioned on demand.");
  const user = call.tenant.users.get(objectId);
  if (!user) throw notFound(objectId);
  const upn = String(user.props['userPrincipalName']);
  const steps: Props[] = [
    step('EntryImport', 'Import', 'Success', `Retrieved User '${upn}' from Azure Active Directory`, {
      objectId,
    }),
  ];
  try {
    const ctx = jobContext(call.store, call.tenant, config, job);
    const outcome = provisionUser(ctx, objectId);
    const inScope = outcome?.decision.inScope ?? false;
    steps.push(
      step(
        'EntrySynchronizationScoping',
        'Scoping',
        inScope ? 'Success' : 'Skipped',
        outcome?.decision.message ?? '',
        {
          'Scoping filter evaluation passed': String(inScope),
        },
      ),
    );
    if (outcome?.exported) logChange(ctx, randomUUID(), objectId, outcome);
    const exportName =
      outcome?.action === 'create'
        ? 'EntryExportAdd'
        : outcome?.action === 'delete'
          ? 'EntryExportDelete'
          : 'EntryExportUpdate';
    steps.push(
      step(
        exportName,
        'Export',
        outcome?.exported ? 'Success' : 'Skipped',
        outcome?.exported
          ? `User '${upn}' was ${outcome.action}d in Azure Active Directory (target tenant)`
          : 'No change was needed',
        { targetObjectId: outcome?.targetId ?? '' },
      ),
    );
    return reply(steps, outcome?.modified ?? []);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    steps.push(step('EntryExport', 'Export', 'Failure', message));
    return reply(steps, []);
  }
}

function reply(steps: Props[], modified: unknown[]): GraphResult {
  return {
    status: 200,
    body: {
      key: 'Microsoft.Identity.Health.CPP.Common.DataContracts.SyncFabric.StatusInfo',
      value: JSON.stringify([{ provisioningSteps: steps, modifiedProperties: modified }]),
    },
  };
}

/** A list the job's schema offers (its functions, its filter operators). */
function catalogue(context: string, items: readonly Props[]): GraphRoute {
  return {
    roles: SYNC_ROLES.readSchemaCatalogues,
    handle: (call) => {
      requireJob(call);
      return { status: 200, body: collectionPage(call, context, [...items], (item) => item) };
    },
  };
}

/** Registers the job routes and the provisioning log. */
export function jobRoutes(router: Router<GraphRoute>): void {
  const read = SYNC_ROLES.readSynchronization;
  const write = SYNC_ROLES.writeSynchronization;
  const base = '/servicePrincipals/:id/synchronization/jobs';
  router
    .add('GET', base, {
      roles: read,
      handle: (call) => ({
        status: 200,
        body: collectionPage(
          call,
          'synchronizationJobs',
          [...requireConfiguration(call).jobs.values()],
          render,
        ),
      }),
    })
    .add('POST', base, { roles: write, handle: create })
    .add('POST', `${base}/validateCredentials`, { roles: write, handle: validateCredentials })
    .add('GET', `${base}/:jobId`, {
      roles: read,
      handle: (call) => ({ status: 200, body: render(requireJob(call).job) }),
    })
    .add('DELETE', `${base}/:jobId`, {
      roles: write,
      handle: (call) => {
        const { config, job } = requireJob(call);
        config.jobs.delete(job.id);
        return { status: 204 };
      },
    })
    .add('POST', `${base}/:jobId/start`, { roles: write, handle: start })
    .add('POST', `${base}/:jobId/pause`, { roles: write, handle: pause })
    .add('POST', `${base}/:jobId/restart`, { roles: write, handle: restart })
    .add('POST', `${base}/:jobId/validateCredentials`, { roles: write, handle: validateCredentials })
    .add('GET', `${base}/:jobId/schema`, {
      roles: SYNC_ROLES.readSchema,
      handle: (call) => {
        const { job } = requireJob(call);
        return { status: 200, body: { id: job.id, ...structuredClone(job.schema) } };
      },
    })
    .add('PUT', `${base}/:jobId/schema`, { roles: write, handle: putSchema })
    .add('GET', `${base}/:jobId/schema/functions`, catalogue('functions', FUNCTION_SCHEMAS))
    .add(
      'GET',
      `${base}/:jobId/schema/filterOperators`,
      catalogue('Collection(microsoft.graph.filterOperatorSchema)', FILTER_OPERATOR_SCHEMAS),
    )
    .add('POST', `${base}/:jobId/provisionOnDemand`, { roles: write, handle: provisionOnDemand })
    .add('GET', '/auditLogs/provisioning', {
      roles: SYNC_ROLES.readProvisioningLogs,
      handle: (call) => {
        const log = [...synchronizationState(call.tenant).provisioningLog].reverse();
        return {
          status: 200,
          body: collectionPage(
            call,
            'auditLogs/provisioning',
            filterItems(call, log, (e) => e),
            (e) => e,
          ),
        };
      },
    });
}
