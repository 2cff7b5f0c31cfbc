// Entra's cross-tenant synchronization in the source tenant, through Graph v1.0's synchronization API: the
// configuration application made from its gallery template, the service principal's secrets and
// assignments, the job made from the Azure2Azure template, its schema and on-demand provisioning, and the
// provisioning log. Steps and shapes as Entra's "Configure cross-tenant synchronization using PowerShell or
// Microsoft Graph API" guide and the synchronization reference pages give them.
import type { MappingFunctionSchema } from '../entra-engine/parameter-tree.js';
import type { SynchronizationSchema } from '../entra-engine/schema.js';
import type { GraphClient } from './client.js';
import { unlessNotFound } from './errors.js';
import { readAll } from './paging.js';
import { segment, withQuery } from './url.js';

/** The gallery application template that cross-tenant synchronization configurations are made from. */
export const CROSS_TENANT_SYNC_APP_TEMPLATE = '518e5f48-1fc8-4c48-9387-9fdf28b0dfe7';
/** The synchronization template of cross-tenant synchronization jobs. */
export const CROSS_TENANT_SYNC_JOB_TEMPLATE = 'Azure2Azure';

/** servicePrincipal (the properties this operator reads). */
export interface ServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  appRoles: { id: string; displayName?: string | null }[];
}

/** appRoleAssignment. */
export interface AppRoleAssignment {
  id: string;
  appRoleId: string;
  principalId: string;
  principalType?: string;
  resourceId: string;
}

/** synchronizationTaskExecution (the properties this operator reads). */
export interface TaskExecution {
  state?: string;
  timeBegan?: string;
  timeEnded?: string;
  countEntitled?: number;
  countExported?: number;
  countEscrowed?: number;
  error?: { code?: string; message?: string } | null;
}

/** synchronizationStatus. */
export interface SynchronizationStatus {
  code: 'NotConfigured' | 'NotRun' | 'Active' | 'Paused' | 'Quarantine' | string;
  countSuccessiveCompleteFailures?: number;
  escrowsPruned?: boolean;
  lastExecution?: TaskExecution | null;
  lastSuccessfulExecution?: TaskExecution | null;
  quarantine?: {
    currentBegan?: string;
    nextAttempt?: string;
    reason?: string;
    seriesCount?: number;
    error?: { code?: string; message?: string } | null;
  } | null;
  synchronizedEntryCountByType?: { key: string; value: number }[];
}

/** synchronizationJob. */
export interface SynchronizationJob {
  id: string;
  templateId: string;
  schedule: { interval?: string; state: 'Active' | 'Disabled' | 'Paused' | string };
  status: SynchronizationStatus;
}

/** One step of an on-demand provisioning (provisioningStep as the StatusInfo value carries it). */
export interface OnDemandStep {
  name: string;
  type?: string;
  status: string;
  description?: string;
}

/** provisioningObjectSummary (the properties this operator reads). */
export interface ProvisioningLogEntry {
  id: string;
  activityDateTime: string;
  jobId: string;
  provisioningAction: string;
  sourceIdentity?: { id?: string; displayName?: string; details?: Record<string, string> };
  targetIdentity?: { id?: string };
  provisioningStatusInfo?: { status?: string; errorInformation?: { reason?: string } | null };
}

const sp = (id: string) => `/servicePrincipals/${segment(id)}`;
const job = (spId: string, jobId: string) => `${sp(spId)}/synchronization/jobs/${segment(jobId)}`;

/** `POST /applicationTemplates/{id}/instantiate`; Application.ReadWrite.OwnedBy. */
export async function instantiateConfiguration(
  client: GraphClient,
  displayName: string,
): Promise<ServicePrincipal> {
  const res = await client.send<{ servicePrincipal: ServicePrincipal }>(
    'POST',
    `/applicationTemplates/${CROSS_TENANT_SYNC_APP_TEMPLATE}/instantiate`,
    { displayName },
  );
  if (!res.body?.servicePrincipal) throw new Error('instantiate answered without a servicePrincipal');
  return res.body.servicePrincipal;
}

/** `GET /servicePrincipals/{id}`; undefined when gone. Application.Read.All. */
export function getServicePrincipal(client: GraphClient, id: string): Promise<ServicePrincipal | undefined> {
  return unlessNotFound(client.get<ServicePrincipal>(sp(id)), undefined);
}

/** `GET /servicePrincipals?$filter=displayName eq '…'`; Application.Read.All. */
export function findServicePrincipals(client: GraphClient, displayName: string): Promise<ServicePrincipal[]> {
  const filter = `displayName eq '${displayName.replace(/'/g, "''")}'`;
  return readAll<ServicePrincipal>(client, withQuery('/servicePrincipals', { $filter: filter }));
}

/** `PUT /servicePrincipals/{id}/synchronization/secrets`; Synchronization.ReadWrite.All. */
export async function putSynchronizationSecrets(
  client: GraphClient,
  spId: string,
  secrets: { key: string; value: string }[],
): Promise<void> {
  await client.send('PUT', `${sp(spId)}/synchronization/secrets`, { value: secrets });
}

/** `GET /servicePrincipals/{id}/synchronization/jobs`; Synchronization.Read.All. */
export function listSynchronizationJobs(client: GraphClient, spId: string): Promise<SynchronizationJob[]> {
  return readAll<SynchronizationJob>(client, `${sp(spId)}/synchronization/jobs`);
}

/** `POST /servicePrincipals/{id}/synchronization/jobs` from a template; Synchronization.ReadWrite.All. */
export async function createSynchronizationJob(
  client: GraphClient,
  spId: string,
): Promise<SynchronizationJob> {
  const res = await client.send<SynchronizationJob>('POST', `${sp(spId)}/synchronization/jobs`, {
    templateId: CROSS_TENANT_SYNC_JOB_TEMPLATE,
  });
  if (!res.body) throw new Error('creating the synchronization job answered without a job');
  return res.body;
}

/** `GET .../jobs/{jobId}`; Synchronization.Read.All. */
export function getSynchronizationJob(
  client: GraphClient,
  spId: string,
  jobId: string,
): Promise<SynchronizationJob | undefined> {
  return unlessNotFound(client.get<SynchronizationJob>(job(spId, jobId)), undefined);
}

/** `POST .../jobs/{jobId}/start | pause | restart`; Synchronization.ReadWrite.All. */
export async function controlSynchronizationJob(
  client: GraphClient,
  spId: string,
  jobId: string,
  action: 'start' | 'pause' | 'restart',
): Promise<void> {
  const body =
    action === 'restart' ? { criteria: { resetScope: 'Watermark, Escrows, QuarantineState' } } : undefined;
  await client.send('POST', `${job(spId, jobId)}/${action}`, body);
}

/** `POST .../jobs/validateCredentials` with the target tenant; Synchronization.ReadWrite.All. */
export async function validateCredentials(
  client: GraphClient,
  spId: string,
  targetTenantId: string,
): Promise<void> {
  await client.send('POST', `${sp(spId)}/synchronization/jobs/validateCredentials`, {
    useSavedCredentials: false,
    templateId: CROSS_TENANT_SYNC_JOB_TEMPLATE,
    credentials: [
      { key: 'CompanyId', value: targetTenantId },
      { key: 'AuthenticationType', value: 'SyncPolicy' },
    ],
  });
}

/** `GET .../jobs/{jobId}/schema`; Synchronization.Read.All. */
export function getJobSchema(
  client: GraphClient,
  spId: string,
  jobId: string,
): Promise<SynchronizationSchema> {
  return client.get<SynchronizationSchema>(`${job(spId, jobId)}/schema`);
}

/** filterOperatorSchema: a scoping-filter operator the job's schema accepts. */
export interface FilterOperatorSchema {
  name: string;
  arity?: string;
  multivaluedComparisonType?: string;
  supportedAttributeTypes?: string[];
}

/** `GET .../jobs/{jobId}/schema/filterOperators`: the operator names the schema accepts; Application.ReadWrite.OwnedBy. */
export function listFilterOperators(
  client: GraphClient,
  spId: string,
  jobId: string,
): Promise<FilterOperatorSchema[]> {
  return readAll<FilterOperatorSchema>(client, `${job(spId, jobId)}/schema/filterOperators`);
}

/** `GET .../jobs/{jobId}/schema/functions`: the functions and parameter names mappings may use; Application.ReadWrite.OwnedBy. */
export function listMappingFunctions(
  client: GraphClient,
  spId: string,
  jobId: string,
): Promise<MappingFunctionSchema[]> {
  return readAll<MappingFunctionSchema>(client, `${job(spId, jobId)}/schema/functions`);
}

/** `PUT .../jobs/{jobId}/schema`; Synchronization.ReadWrite.All. */
export async function putJobSchema(
  client: GraphClient,
  spId: string,
  jobId: string,
  schema: SynchronizationSchema,
): Promise<void> {
  const { id: _id, ...body } = schema;
  await client.send('PUT', `${job(spId, jobId)}/schema`, body);
}

/** `POST .../jobs/{jobId}/provisionOnDemand` for one user; the steps Entra reports. Synchronization.ReadWrite.All. */
export async function provisionOnDemand(
  client: GraphClient,
  spId: string,
  jobId: string,
  ruleId: string,
  userId: string,
): Promise<OnDemandStep[]> {
  const res = await client.send<{ value?: string }>('POST', `${job(spId, jobId)}/provisionOnDemand`, {
    parameters: [{ ruleId, subjects: [{ objectId: userId, objectTypeName: 'User' }] }],
  });
  const parsed = JSON.parse(res.body?.value ?? '[]') as { provisioningSteps?: OnDemandStep[] }[];
  return parsed.flatMap((p) => p.provisioningSteps ?? []);
}

/** `GET /servicePrincipals/{id}/appRoleAssignedTo`; Application.Read.All. */
export function listAssignments(client: GraphClient, spId: string): Promise<AppRoleAssignment[]> {
  return readAll<AppRoleAssignment>(client, `${sp(spId)}/appRoleAssignedTo`);
}

/** `POST /servicePrincipals/{id}/appRoleAssignedTo`; AppRoleAssignment.ReadWrite.All. */
export async function assign(
  client: GraphClient,
  spId: string,
  appRoleId: string,
  principalId: string,
): Promise<void> {
  await client.send('POST', `${sp(spId)}/appRoleAssignedTo`, { appRoleId, resourceId: spId, principalId });
}

/** `DELETE /servicePrincipals/{id}/appRoleAssignedTo/{assignmentId}`; AppRoleAssignment.ReadWrite.All. */
export async function unassign(client: GraphClient, spId: string, assignmentId: string): Promise<void> {
  await unlessNotFound(
    client.send('DELETE', `${sp(spId)}/appRoleAssignedTo/${segment(assignmentId)}`),
    undefined,
  );
}

/** `GET /auditLogs/provisioning?$filter=jobId eq '…' and activityDateTime gt …` (`since` excluded); AuditLog.Read.All. */
export function listProvisioningLog(
  client: GraphClient,
  jobId: string,
  since: string,
): Promise<ProvisioningLogEntry[]> {
  const filter = `jobId eq '${jobId.replace(/'/g, "''")}' and activityDateTime gt ${since}`;
  return readAll<ProvisioningLogEntry>(
    client,
    withQuery('/auditLogs/provisioning', { $filter: filter, $top: 100 }),
  );
}
