// Shutdown with a reconcile stuck: an operator with --leader-elect that may not read Secrets (its Secret
// informer answers 403, so a TenantLink's reconcile waits on it) fails /readyz as soon as SIGTERM comes, and
// exits once the graceful period (30 s) has passed, releasing the Lease, instead of hanging on the reconcile.
import { jest } from '@jest/globals';
import { RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { createKubeClients } from '../../src/kube/client.js';
import { createTestNamespace, testKubeConfig } from '../support/cluster.js';
import { installCrds, scrape } from '../support/operator.js';
import { metricValue } from '../support/metrics.js';
import { waitFor } from '../support/poll.js';
import { createTenantLink, useSimulator } from '../support/simulator.js';
import { serviceAccountKubeconfig } from '../packaging/service-account.js';
import { CONTOSO } from '../sync/engine.js';
import { startReplica } from './replicas.js';

jest.setTimeout(180_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
const LEASE = 'crosstenant-shutdown';
const GRACEFUL_MS = 30_000;

/** A ServiceAccount that may do what the operator does in `namespace`, except read Secrets. */
async function noSecretsAccount(namespace: string): Promise<string> {
  const name = 'no-secrets';
  await clients.core.createNamespacedServiceAccount({ namespace, body: { metadata: { name } } });
  const rbac = testKubeConfig().makeApiClient(RbacAuthorizationV1Api);
  await rbac.createNamespacedRole({
    namespace,
    body: {
      metadata: { name },
      rules: [
        { apiGroups: ['crosstenant.io'], resources: ['*'], verbs: ['*'] },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['*'] },
        { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create', 'patch', 'update'] },
      ],
    },
  });
  await rbac.createNamespacedRoleBinding({
    namespace,
    body: {
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    },
  });
  return (await serviceAccountKubeconfig(namespace, name)).kubeconfigPath;
}

it('fails /readyz at SIGTERM and exits after the graceful period though a reconcile is stuck', async () => {
  await installCrds();
  const namespace = await createTestNamespace('faults-shutdown');
  const kubeconfigPath = await noSecretsAccount(namespace);
  await createTenantLink(clients, sim(), { namespace, name: 'contoso', tenant: CONTOSO });
  const operator = await startReplica(kubeconfigPath, namespace, LEASE);
  try {
    await operator.ready();
    // Leading, with the TenantLink's reconcile waiting on the Secret cache that cannot fill.
    await waitFor(
      'a stuck TenantLink reconcile',
      async () => {
        const page = await scrape(operator);
        const leading = metricValue(page, 'leader_election_master_status', { name: LEASE }) === 1;
        const busy =
          (metricValue(page, 'controller_runtime_active_workers', { controller: 'tenantlink' }) ?? 0) > 0;
        return leading && busy ? true : undefined;
      },
      60_000,
    );
    operator.kill('SIGTERM');
    const signalled = Date.now();
    await waitFor(
      '/readyz to fail',
      async () =>
        (await fetch(`${operator.probeUrl}/readyz`).catch(() => undefined))?.status === 200
          ? undefined
          : true,
      5_000,
      50,
    );
    const unreadyMs = Date.now() - signalled;
    const code = await Promise.race([
      operator.exited,
      new Promise((r) => setTimeout(() => r('running'), 60_000)),
    ]);
    const exitMs = Date.now() - signalled;
    const lease = await clients.coordination.readNamespacedLease({ name: LEASE, namespace });
    console.log(
      `stuck shutdown: /readyz failed ${unreadyMs} ms after SIGTERM; exit ${String(code)} after ${exitMs} ms`,
    );
    expect(unreadyMs).toBeLessThan(2_000);
    expect(code).toBe(0);
    expect(exitMs).toBeLessThan(GRACEFUL_MS + 5_000);
    expect(lease.spec?.holderIdentity ?? '').toBe('');
    expect(operator.logs()).toContain('graceful shutdown timed out; in-flight reconciles cancelled');
  } finally {
    operator.kill('SIGKILL');
  }
});
