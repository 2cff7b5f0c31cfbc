// The operator as a real process against the real kube-apiserver and the Graph simulator: TenantLinks sign
// in, report their tenant and permissions, follow Secret changes without a restart, and stop cleanly.
import { jest } from '@jest/globals';
import type { KubeClients } from '../../src/kube/client.js';
import { minimalSpecs } from '../api/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import { scrape, useOperator } from '../support/operator.js';
import { metricValue } from '../support/metrics.js';
import { waitFor } from '../support/poll.js';
import {
  createTenantLink,
  getTenantLink,
  patchTenantLink,
  putClientSecret,
  selfSignedCertificatePem,
  useSimulator,
  waitForTenantLink,
} from '../support/simulator.js';
import { CONTOSO, EMEA, US } from '../graph-sim/sim-fixture.js';
import { CONTOSO_ROLES } from '../graph-sim/contoso-tenants.js';
import { create, remove } from '../support/resources.js';

jest.setTimeout(120_000);
const sim = useSimulator();
// TenantLink sign-ins run four at once, as the chart sets; the other controllers one at a time.
const testbed = useOperator('operator-tl', ['--concurrency=1,tenantlink=4']);
let clients: KubeClients;
let namespace: string;
let operator: OperatorProcess;

const WRONG_SECRET = 'wr0ng-Secret-Value-7f3a9c';

async function eventsAbout(name: string): Promise<{ reason: string; type: string; note: string }[]> {
  const list = await clients.events.listNamespacedEvent({ namespace });
  return list.items
    .filter((event) => event.regarding?.name === name && event.regarding.kind === 'TenantLink')
    .map((event) => ({ reason: event.reason ?? '', type: event.type ?? '', note: event.note ?? '' }));
}

async function reconciles(): Promise<number> {
  return (
    metricValue(await scrape(operator), 'controller_runtime_reconcile_total', { controller: 'tenantlink' }) ??
    0
  );
}

beforeAll(() => {
  ({ clients, namespace, operator } = testbed());
});

describe('TenantLink', () => {
  it('becomes Ready with the tenant display name, default domain and the granted permissions', async () => {
    await createTenantLink(clients, sim(), { namespace, name: 'contoso', tenant: CONTOSO });
    const link = await waitForTenantLink(clients, namespace, 'contoso', 'True/Connected');
    expect(link.status).toMatchObject({
      tenantDisplayName: 'Contoso',
      defaultDomain: 'contoso.com',
      grantedPermissions: CONTOSO_ROLES,
      requiredPermissions: ['Organization.Read.All'],
      missingPermissions: [],
      observedGeneration: link.metadata.generation,
    });
    expect(link.status?.conditions?.map((c) => c.type)).toEqual(['Ready']);
    await waitFor('a Connected event', async () =>
      (await eventsAbout('contoso')).some((e) => e.reason === 'Connected' && e.type === 'Normal')
        ? true
        : undefined,
    );
  });

  it('serves /readyz and the controller-runtime and crosstenant metrics', async () => {
    expect((await fetch(`${operator.probeUrl}/readyz`)).status).toBe(200);
    expect((await fetch(`${operator.probeUrl}/healthz`)).status).toBe(200);
    const page = await scrape(operator);
    const declared = [...page.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]);
    expect(declared).toEqual(
      expect.arrayContaining([
        'controller_runtime_reconcile_total',
        'controller_runtime_reconcile_errors_total',
        'controller_runtime_reconcile_time_seconds',
        'controller_runtime_max_concurrent_reconciles',
        'controller_runtime_active_workers',
        'workqueue_depth',
        'workqueue_adds_total',
        'workqueue_queue_duration_seconds',
        'workqueue_work_duration_seconds',
        'workqueue_retries_total',
        'process_resident_memory_bytes',
        'crosstenant_tenantlink_ready',
      ]),
    );
    expect(metricValue(page, 'workqueue_adds_total', { name: 'tenantlink' })).toBeGreaterThan(0);
    expect(
      metricValue(page, 'controller_runtime_max_concurrent_reconciles', { controller: 'tenantlink' }),
    ).toBe(4);
    // SyncScopes run at least four at once, whatever the default says, so one tenant cannot hold up another.
    expect(
      metricValue(page, 'controller_runtime_max_concurrent_reconciles', { controller: 'syncscope' }),
    ).toBe(4);
    expect(
      metricValue(page, 'controller_runtime_max_concurrent_reconciles', { controller: 'attributemapping' }),
    ).toBe(1);
    expect(
      metricValue(page, 'controller_runtime_reconcile_total', {
        controller: 'tenantlink',
        result: 'requeue_after',
      }),
    ).toBeGreaterThan(0);
    expect(metricValue(page, 'crosstenant_tenantlink_ready', { namespace, name: 'contoso' })).toBe(1);
  });

  it('reports a wrong secret as CredentialsInvalid with the AADSTS code and never shows the secret', async () => {
    await createTenantLink(clients, sim(), { namespace, name: 'emea', tenant: EMEA, secret: WRONG_SECRET });
    const link = await waitForTenantLink(clients, namespace, 'emea', 'False/CredentialsInvalid');
    const ready = link.status?.conditions?.find((c) => c.type === 'Ready');
    expect(ready?.message).toMatch(/^AADSTS7000215: /);
    expect(link.status?.conditions?.find((c) => c.type === 'Stalled')?.reason).toBe('CredentialsInvalid');
    const events = await waitFor('a CredentialsInvalid event', async () => {
      const found = await eventsAbout('emea');
      return found.some((e) => e.reason === 'CredentialsInvalid' && e.type === 'Warning') ? found : undefined;
    });
    expect(events.find((e) => e.reason === 'CredentialsInvalid')?.note).toContain('AADSTS7000215');
    expect(
      metricValue(await scrape(operator), 'crosstenant_tenantlink_ready', { namespace, name: 'emea' }),
    ).toBe(0);
    for (const [where, text] of [
      ['status', JSON.stringify(link.status)],
      ['events', JSON.stringify(events)],
      ['logs', operator.logs()],
    ] as const) {
      expect([where, text.includes(WRONG_SECRET)]).toEqual([where, false]);
    }
  });

  it('stalls on a tenant id the authority does not know, rather than retrying it as unreachable', async () => {
    const nowhere = { ...CONTOSO, tenantId: '0badc0de-0000-4000-8000-000000000000' };
    await createTenantLink(clients, sim(), { namespace, name: 'nowhere', tenant: nowhere });
    const link = await waitForTenantLink(clients, namespace, 'nowhere', 'False/TenantNotFound');
    const ready = link.status?.conditions?.find((c) => c.type === 'Ready');
    expect(ready?.message).toMatch(/No such tenant in this cloud; check spec\.tenantId .*AADSTS90002/);
    expect(link.status?.conditions?.find((c) => c.type === 'Stalled')?.reason).toBe('TenantNotFound');
  });

  it('picks up a rotated Secret without a restart', async () => {
    await putClientSecret(clients, namespace, 'emea-credentials', EMEA.secret);
    const link = await waitForTenantLink(clients, namespace, 'emea', 'True/Connected');
    expect(link.status).toMatchObject({
      tenantDisplayName: 'Contoso EMEA',
      defaultDomain: 'emea.contoso.com',
    });
    expect(link.status?.conditions?.map((c) => c.type)).toEqual(['Ready']);
    await expect(Promise.race([operator.exited, Promise.resolve('running')])).resolves.toBe('running');
    expect(operator.logs()).not.toContain(EMEA.secret);
  });

  it('signs in with a certificate from certificateRef', async () => {
    const { bundle, certificate } = await selfSignedCertificatePem();
    const clientId = '0f9e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f';
    await sim().admin.addApp(CONTOSO.tenantId, {
      appId: clientId,
      displayName: 'crosstenant-operator-cert',
      certificates: [certificate],
      roles: ['Organization.Read.All'],
    });
    await clients.core.createNamespacedSecret({
      namespace,
      body: { metadata: { name: 'contoso-cert' }, stringData: { 'tls.pem': bundle } },
    });
    await createTenantLink(clients, sim(), {
      namespace,
      name: 'contoso-cert',
      tenant: CONTOSO,
      secret: null,
      spec: { credentials: { clientId, certificateRef: { name: 'contoso-cert', key: 'tls.pem' } } },
    });
    const link = await waitForTenantLink(clients, namespace, 'contoso-cert', 'True/Connected');
    expect(link.status?.grantedPermissions).toEqual(['Organization.Read.All']);
    expect(operator.logs()).not.toContain('PRIVATE KEY');
  });

  it('reports SecretNotFound and becomes Ready once the Secret is created', async () => {
    await createTenantLink(clients, sim(), { namespace, name: 'us', tenant: US, secret: null });
    const missing = await waitForTenantLink(clients, namespace, 'us', 'False/SecretNotFound');
    expect(missing.status?.conditions?.[0]?.message).toBe(
      `Secret us-credentials does not exist in ${namespace}`,
    );
    await putClientSecret(clients, namespace, 'us-credentials', US.secret);
    await waitForTenantLink(clients, namespace, 'us', 'True/Connected');
  });

  it('reports PermissionsMissing for what a resource using the link needs and the app lacks', async () => {
    await create(clients, 'ReviewSchedule', namespace, 'us-review', {
      ...minimalSpecs.ReviewSchedule,
      tenantLinkRef: 'us',
    });
    const link = await waitForTenantLink(clients, namespace, 'us', 'False/PermissionsMissing');
    expect(link.status?.missingPermissions).toEqual(['AccessReview.ReadWrite.All']);
    expect(link.status?.requiredPermissions).toEqual(['AccessReview.ReadWrite.All', 'Organization.Read.All']);
    expect(link.status?.conditions?.[0]?.message).toContain('AccessReview.ReadWrite.All');
  });

  it('sees a role removed in the tenant at the next check', async () => {
    const roles = CONTOSO_ROLES.filter((role) => role !== 'Organization.Read.All');
    await sim().admin.setAppRoles(CONTOSO.tenantId, CONTOSO.clientId, roles);
    try {
      await patchTenantLink(clients, namespace, 'contoso', { metadata: { annotations: { recheck: '1' } } });
      const link = await waitForTenantLink(clients, namespace, 'contoso', 'False/PermissionsMissing');
      expect(link.status?.missingPermissions).toEqual(['Organization.Read.All']);
      expect(link.status?.grantedPermissions).toEqual(roles);
      expect(link.status?.tenantDisplayName).toBe('Contoso');
    } finally {
      await sim().admin.setAppRoles(CONTOSO.tenantId, CONTOSO.clientId, CONTOSO_ROLES);
    }
    await patchTenantLink(clients, namespace, 'contoso', { metadata: { annotations: { recheck: '2' } } });
    await waitForTenantLink(clients, namespace, 'contoso', 'True/Connected');
  });

  it('reports Suspended and makes no Graph call while spec.suspend is true', async () => {
    await patchTenantLink(clients, namespace, 'contoso', { spec: { suspend: true } });
    await waitForTenantLink(clients, namespace, 'contoso', 'False/Suspended');
    await sim().admin.clearRequests();
    const before = await reconciles();
    await patchTenantLink(clients, namespace, 'contoso', { metadata: { annotations: { recheck: '3' } } });
    await waitFor('another reconcile', async () => ((await reconciles()) > before ? true : undefined));
    expect(await sim().admin.requests(CONTOSO.tenantId)).toEqual([]);
    expect(
      (await getTenantLink(clients, namespace, 'contoso')).status?.conditions?.map((c) => c.type),
    ).toEqual(['Ready']);
    await patchTenantLink(clients, namespace, 'contoso', { spec: { suspend: false } });
    await waitForTenantLink(clients, namespace, 'contoso', 'True/Connected');
  });

  it('reports an unreachable sign-in authority as TenantUnreachable while other TenantLinks go on', async () => {
    // Nothing listens on port 1: each sign-in there spends seconds in the identity library's retries.
    const nowhere = { url: 'https://127.0.0.1:1' };
    const unreachable = ['down-1', 'down-2', 'down-3'];
    for (const name of unreachable) await createTenantLink(clients, nowhere, { namespace, name, tenant: US });
    await createTenantLink(clients, sim(), { namespace, name: 'us-again', tenant: US });
    await waitForTenantLink(clients, namespace, 'us-again', 'True/Connected');
    // One worker would have signed in to the unreachable ones, queued first, before this one.
    const stillSigningIn = await Promise.all(
      unreachable.map(async (name) => (await getTenantLink(clients, namespace, name)).status === undefined),
    );
    expect(stillSigningIn).toEqual([true, true, true]);
    for (const name of unreachable) {
      const link = await waitForTenantLink(clients, namespace, name, 'False/TenantUnreachable');
      const ready = link.status?.conditions?.find((c) => c.type === 'Ready');
      expect(ready?.message).toMatch(/^Cannot reach the sign-in authority: /);
    }
    // Links nobody can reach would cost an operator watching every namespace, in a later test file, time.
    for (const name of unreachable) await remove(clients, 'TenantLink', namespace, name);
  });

  it('exits 0 on SIGTERM after stopping its workers', async () => {
    expect(await operator.stop()).toBe(0);
    expect(operator.logs()).toContain('"message":"stopped"');
  });
});
