// Resources that make the operator export every metric family the dashboard and the alerts read: a
// syncing SyncScope, a SyncScope whose writes Graph rejects (failed actions, retries), a throttled
// source tenant (429s), a TenantLink that cannot connect, a deletion that keeps failing (reconcile
// errors and work-queue retries), and one resource of each governance kind.
import { GROUP, VERSION } from '../../../src/api/index.js';
import type { RunningSimulator } from '../../../src/graph-sim/index.js';
import type { KubeClients } from '../../../src/kube/client.js';
import { create, get } from '../../governance/resources.js';
import { waitFor } from '../../support/operator.js';
import { createTenantLink } from '../../support/simulator.js';
import { CONTOSO, EMEA, US, clientFor, groupId } from '../../sync/engine.js';

/** TenantLink names of the workload: three that connect and one with a wrong secret. */
export const LINKS = { contoso: 'contoso', emea: 'emea', us: 'us', broken: 'broken' } as const;

/** Graph paths that answer 200 only where the simulator serves each governance feature. */
export const GOVERNANCE_PROBES = {
  crosstenant_accesspackage_assignments: '/identityGovernance/entitlementManagement/catalogs',
  crosstenant_review_decisions: '/identityGovernance/accessReviews/definitions',
  crosstenant_workflow_runs_total: '/identityGovernance/lifecycleWorkflows/workflows',
} as const;

/** The governance metric families whose simulator feature answers, found by asking Contoso's Graph. */
export async function servedGovernanceMetrics(sim: Pick<RunningSimulator, 'url'>): Promise<string[]> {
  const client = clientFor(sim, CONTOSO);
  const served: string[] = [];
  for (const [metric, path] of Object.entries(GOVERNANCE_PROBES)) {
    const ok = await client.get(path).then(
      () => true,
      () => false,
    );
    if (ok) served.push(metric);
  }
  return served;
}

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

/**
 * Creates the syncing and governance resources. US is throttled to a handful of resource units per
 * 10 s so its reads meet 429s, and its SyncScope maps showInAddressList to a value Graph rejects, so
 * its creates fail one by one.
 */
export async function createWorkload(
  clients: KubeClients,
  sim: RunningSimulator,
  namespace: string,
): Promise<void> {
  await sim.admin.setRealism(US.tenantId, { throttling: { enabled: true, resourceUnitsPer10s: 4 } });
  const emeaGroup = await groupId(clientFor(sim, EMEA), 'Sync to Contoso');
  const usGroup = await groupId(clientFor(sim, US), 'Sync to Contoso');
  await create(clients, 'AttributeMapping', namespace, 'rejected-by-graph', {
    mappings: [{ target: 'showInAddressList', constant: 'Sometimes' }],
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
  await create(clients, 'AccessPackagePolicy', namespace, 'sales-tools', {
    tenantLinkRef: LINKS.contoso,
    catalog: { displayName: 'Monitoring test' },
    accessPackage: { displayName: 'Sales Tools' },
    resources: [],
    policies: [
      {
        name: 'sales-birthright',
        automatic: { rule: '(user.department -eq "Sales") -and (user.userType -eq "Member")' },
      },
    ],
  });
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
    enabled: true,
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
  await clients.customObjects.deleteNamespacedCustomObject({
    group: GROUP,
    version: VERSION,
    plural: 'syncscopes',
    namespace,
    name,
  });
}
