// Brings Entra's cross-tenant synchronization in the source tenant to what a SyncScope declares: the
// configuration (from its gallery template), the secrets naming the target, the job from its template, the
// job schema and the assignments. Each step reads first and writes only what differs.
import type { AttributeMappingSpec } from '../../api/attribute-mapping.js';
import type { EntraStatus } from '../../api/sync-scope-entra.js';
import type { SyncScope } from '../../api/index.js';
import {
  assignmentChanges,
  configurationName,
  desiredSecrets,
  secretsVersion,
} from '../../entra-engine/configuration.js';
import {
  attributeMappingsFor,
  desiredSchema,
  schemaDiffers,
  scopeFilterFor,
  unsupportedOperators,
  userObjectMapping,
} from '../../entra-engine/schema.js';
import { usesFunctions, withParameterTrees } from '../../entra-engine/parameter-tree.js';
import { EntraRefusal } from '../../entra-engine/refusal.js';
import type { GraphClient } from '../../graph/index.js';
import {
  assign,
  createSynchronizationJob,
  CROSS_TENANT_SYNC_JOB_TEMPLATE,
  findServicePrincipals,
  getJobSchema,
  getServicePrincipal,
  getSynchronizationJob,
  instantiateConfiguration,
  listAssignments,
  listFilterOperators,
  listMappingFunctions,
  listSynchronizationJobs,
  putJobSchema,
  putSynchronizationSecrets,
  unassign,
  type ServicePrincipal,
  type SynchronizationJob,
} from '../../graph/synchronization.js';

/** The configuration as found or made, with what was written on the way. */
export interface EnsuredConfiguration {
  servicePrincipal: ServicePrincipal;
  job: SynchronizationJob;
  ruleId: string;
  entra: EntraStatus;
  /** Short descriptions of the writes made (empty in steady state). */
  writes: string[];
}

async function ensureServicePrincipal(
  client: GraphClient,
  known: string | undefined,
  displayName: string,
  writes: string[],
): Promise<ServicePrincipal> {
  const byId = known ? await getServicePrincipal(client, known) : undefined;
  if (byId) return byId;
  // A configuration created before its id reached status (a crash in between) is found by its name.
  const [byName] = await findServicePrincipals(client, displayName);
  if (byName) return byName;
  writes.push('created the configuration');
  return instantiateConfiguration(client, displayName);
}

async function ensureJob(
  client: GraphClient,
  spId: string,
  known: string | undefined,
  writes: string[],
): Promise<SynchronizationJob> {
  const byId = known ? await getSynchronizationJob(client, spId, known) : undefined;
  if (byId) return byId;
  const existing = (await listSynchronizationJobs(client, spId)).find(
    (j) => j.templateId === CROSS_TENANT_SYNC_JOB_TEMPLATE,
  );
  if (existing) return existing;
  writes.push('created the job');
  return createSynchronizationJob(client, spId);
}

/** Refuses a scope filter whose operator names the job's schema does not list (read only when one is to be written). */
async function checkOperators(
  client: GraphClient,
  spId: string,
  jobId: string,
  desired: ReturnType<typeof desiredSchema>,
): Promise<void> {
  const filter = userObjectMapping(desired)?.scope ?? null;
  if (!filter) return;
  const names = (await listFilterOperators(client, spId, jobId)).map((o) => o.name);
  const missing = unsupportedOperators(filter, names);
  if (missing.length > 0)
    throw new EntraRefusal(
      'ScopingOperatorUnsupported',
      `the job's schema does not list the scoping-filter operator ${missing.join(', ')} ` +
        `(schema/filterOperators lists ${names.join(', ') || 'none'}); change spec.scope.filters`,
    );
}

/**
 * Ensures configuration, secrets, job, schema and assignments for `scope`, with `excluded` source users kept out
 * of the job's scope; returns what Entra now holds.
 */
export async function ensureConfiguration(
  client: GraphClient,
  scope: SyncScope,
  mapping: AttributeMappingSpec,
  targetTenantId: string,
  excluded: readonly string[] = [],
): Promise<EnsuredConfiguration> {
  const spec = scope.spec;
  const previous = scope.status?.entra ?? {};
  const writes: string[] = [];
  const name = configurationName(scope.metadata.namespace ?? '', scope.metadata.name ?? '', targetTenantId);
  const sp = await ensureServicePrincipal(client, previous.servicePrincipalId, name, writes);

  const secrets = desiredSecrets(targetTenantId, spec.scope.allUsers === true);
  const version = secretsVersion(secrets);
  if (previous.servicePrincipalId !== sp.id || previous.secretsVersion !== version) {
    await putSynchronizationSecrets(client, sp.id, secrets);
    writes.push('wrote the secrets');
  }

  const job = await ensureJob(client, sp.id, previous.jobId, writes);
  const current = await getJobSchema(client, sp.id, job.id);
  const desired = desiredSchema(
    current,
    attributeMappingsFor(mapping, spec.userType),
    scopeFilterFor(spec.scope.filters, excluded),
  );
  if (schemaDiffers(current, desired)) {
    await checkOperators(client, sp.id, job.id, desired);
    const functions = usesFunctions(desired) ? await listMappingFunctions(client, sp.id, job.id) : [];
    await putJobSchema(client, sp.id, job.id, withParameterTrees(desired, functions));
    writes.push('updated the job schema');
  }

  const appRoleId = sp.appRoles[0]?.id;
  if (!appRoleId) throw new Error(`the configuration ${sp.id} has no app role to assign`);
  const changes = assignmentChanges(await listAssignments(client, sp.id), spec.scope.groups ?? []);
  for (const principal of changes.add) await assign(client, sp.id, appRoleId, principal);
  for (const id of changes.remove) await unassign(client, sp.id, id);
  if (changes.add.length + changes.remove.length > 0)
    writes.push(`assigned ${changes.add.length} and unassigned ${changes.remove.length} groups`);

  const ruleId = desired.synchronizationRules[0]?.id ?? '';
  return {
    servicePrincipal: sp,
    job,
    ruleId,
    entra: { ...previous, servicePrincipalId: sp.id, jobId: job.id, secretsVersion: version },
    writes,
  };
}
