// Resources that make the operator export every metric family the dashboard and the alerts read: a
// syncing SyncScope, a SyncScope whose writes Graph rejects (failed actions), a throttled source
// tenant read by two SyncScopes at once (429s, and requests waiting in the client while a Retry-After
// lasts), a TenantLink that cannot connect, a deletion that keeps failing (reconcile errors and
// work-queue retries), and one resource of each governance kind, with a finished workflow run.
import type { RunningSimulator } from '../../../src/graph-sim/index.js';
import type { KubeClients } from '../../../src/kube/client.js';
import { create, get, patch, remove, waitUntil } from '../../support/resources.js';
import { waitFor } from '../../support/poll.js';
import { createTenantLink } from '../../support/simulator.js';
import { CONTOSO, EMEA, US, anchoredUsers, clientFor, groupId } from '../../sync/engine.js';

/** TenantLink names of the workload: three that connect and one with a wrong secret. */
export const LINKS = { contoso: 'contoso', emea: 'emea', us: 'us', broken: 'broken' } as const;

const HOUR = 3_600_000;

/** Creates the TenantLinks and their Secrets; the three good ones connect once the operator runs. */
export async function createLinks(
  clients: KubeClients,
  sim: RunningSimulator,
  namespace: string,
): Promise<void> {
  for (const [name, tenant] of [
    [LINKS.contoso, CONTOSO],
    [LINKS.emea, EMEA],
    [LINKS.us, US],
  ] as const)
    await createTenantLink(clients, sim, { namespace, name, tenant });
  await createTenantLink(clients, sim, { namespace, name: LINKS.broken, tenant: US, secret: 'wrong' });
}

async function createGovernance(clients: KubeClients, namespace: string, emeaGroup: string): Promise<void> {
  await create(clients, 'AccessPackagePolicy', namespace, 'sales-tools', {
    tenantLinkRef: LINKS.contoso,
    catalog: { displayName: 'Monitoring test' },
    accessPackage: { displayName: 'Sales Tools' },
    policies: [
      {
        name: 'sales-birthright',
        automatic: { rule: '(user.department -eq "Sales") -and (user.userType -eq "Member")' },
      },
    ],
  });
  // Starting today, the first review instance is due at once and its decisions are counted.
  await create(clients, 'ReviewSchedule', namespace, 'emea-recertification', {
    tenantLinkRef: LINKS.emea,
    displayName: 'Who is synchronized to Contoso',
    scope: { group: emeaGroup, principals: 'Members' },
    reviewers: [{ type: 'Managers' }],
    recurrence: { startDate: new Date().toISOString().slice(0, 10), interval: 'Monthly', durationInDays: 7 },
  });
  await create(clients, 'LifecycleWorkflow', namespace, 'synced-joiner', {
    tenantLinkRef: LINKS.contoso,
    displayName: 'Welcome synchronized employees',
    category: 'joiner',
    trigger: { attribute: 'createdDateTime', offsetInDays: 0 },
    scope: { rule: "(userType eq 'Member')" },
    tasks: [{ kind: 'SendWelcomeEmail' }],
  });
  // The workflow must exist before the users it runs for are created (its trigger looks forward).
  await waitUntil(clients, 'LifecycleWorkflow', namespace, 'synced-joiner', 'created in Contoso', (r) =>
    Boolean(r.status?.['workflowId']),
  );
}

/**
 * Creates the syncing and governance resources, then runs the joiner workflow for the synchronized
 * users. US is throttled to a handful of resource units per 10 s so its reads meet 429s, and its
 * SyncScope maps userType to a value Graph rejects, so its creates fail one by one.
 */
export async function createWorkload(
  clients: KubeClients,
  sim: RunningSimulator,
  namespace: string,
): Promise<void> {
  await sim.admin.setRealism(US.tenantId, { throttling: { enabled: true, resourceUnitsPer10s: 4 } });
  const emeaGroup = await groupId(clientFor(sim, EMEA), 'Sync to Contoso');
  const usGroup = await groupId(clientFor(sim, US), 'Sync to Contoso');
  await createGovernance(clients, namespace, emeaGroup);
  await create(clients, 'AttributeMapping', namespace, 'rejected-by-graph', {
    // A userType Graph does not know: the mapping compiles (userType is a string), Graph refuses each user's write.
    mappings: [{ target: 'userType', constant: 'Partner' }],
  });
  await create(clients, 'SyncScope', namespace, 'emea-to-contoso', {
    source: { tenantLinkRef: LINKS.emea },
    target: { tenantLinkRef: LINKS.contoso },
    scope: { groups: [emeaGroup] },
    interval: '2s',
  });
  await create(clients, 'SyncScope', namespace, 'us-to-contoso', {
    source: { tenantLinkRef: LINKS.us },
    target: { tenantLinkRef: LINKS.contoso },
    scope: { groups: [usGroup] },
    attributeMappingRef: 'rejected-by-graph',
    interval: '2s',
  });
  // A second reader of US in DryRun: with the operator's --concurrency=2 its requests meet the pause a
  // 429's Retry-After puts on the shared quota and wait in the client (the first reader's retry does not).
  await create(clients, 'SyncScope', namespace, 'us-rehearsal', {
    source: { tenantLinkRef: LINKS.us },
    target: { tenantLinkRef: LINKS.contoso },
    scope: { groups: [usGroup] },
    mode: 'DryRun',
    interval: '2s',
  });
  await waitFor(
    'EMEA users in Contoso',
    async () => ((await anchoredUsers(clientFor(sim, CONTOSO), EMEA.tenantId)).size > 0 ? true : undefined),
    90_000,
  );
  // Entra evaluates time-based triggers every few hours; the simulator when its clock moves. A changed
  // annotation makes the operator read the finished run now rather than at its next resync.
  await sim.admin.advanceClock(HOUR);
  await patch(clients, 'LifecycleWorkflow', namespace, 'synced-joiner', {
    metadata: { annotations: { 'test.crosstenant.io/poke': String(Date.now()) } },
  });
}

/**
 * Deletes a SyncScope with deletionPolicy Delete whose source TenantLink cannot connect: the operator
 * cannot delete the users it created, so each reconcile of the deletion fails and is retried with
 * backoff, as a real outage of a source tenant would make it.
 */
export async function createFailingDeletion(clients: KubeClients, namespace: string): Promise<void> {
  const name = 'undeletable';
  await create(clients, 'SyncScope', namespace, name, {
    source: { tenantLinkRef: LINKS.broken },
    target: { tenantLinkRef: LINKS.contoso },
    scope: { groups: ['00000000-0000-4000-8000-000000000000'] },
    deletionPolicy: 'Delete',
  });
  await waitFor('the SyncScope finalizer', async () =>
    ((await get(clients, 'SyncScope', namespace, name)).metadata.finalizers?.length ?? 0) > 0
      ? true
      : undefined,
  );
  await remove(clients, 'SyncScope', namespace, name);
}
