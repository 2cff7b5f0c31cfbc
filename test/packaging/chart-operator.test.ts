// The operator run as the chart's ServiceAccount — a TokenRequest token, the installed Deployment's own
// flags — against the real API server and the simulator: the chart's RBAC is enough for everything the
// operator does, and with watchNamespaces it reaches no Secret outside those namespaces.
import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { KubeClients } from '../../src/kube/client.js';
import { createKubeClients } from '../../src/kube/client.js';
import type { SyncScope } from '../../src/api/index.js';
import { createTestNamespace, helm, kubectl, testKubeConfig } from '../support/cluster.js';
import type { OperatorProcess } from '../support/operator.js';
import { waitFor } from '../support/poll.js';
import { createTenantLink, getTenantLink, useSimulator, waitForTenantLink } from '../support/simulator.js';
import { CONTOSO, EMEA } from '../graph-sim/sim-fixture.js';
import { conditionOf, create, deleteAndWaitGone, get, waitUntil } from '../support/resources.js';
import { anchoredUsers, clientFor, groupId } from '../sync/engine.js';
import { chartDir } from './paths.js';
import { serviceAccountKubeconfig, startOperatorAsChart } from './service-account.js';

jest.setTimeout(180_000);
const sim = useSimulator();
const admin = createKubeClients(testKubeConfig());
/** What the API server answers when RBAC refuses a request, as the operator would log it. */
const REFUSED = /forbidden|\b403\b/i;

async function ok(what: Promise<{ code: number; stdout: string; stderr: string }>): Promise<string> {
  const result = await what;
  if (result.code !== 0) throw new Error(result.stderr);
  return result.stdout;
}

/** Installs the chart as `release` into `namespace` and returns the name of its ServiceAccount and Deployment. */
async function install(release: string, namespace: string, values: string[]): Promise<string> {
  // --take-ownership: other tests may have applied crds/ or installed the chart's CRDs in another release.
  await ok(helm(['install', release, chartDir, '--namespace', namespace, '--take-ownership', ...values]));
  return `${release}-crosstenant-operator`;
}

/** The reasons of the Events the operator recorded about `kind`/`name` in `namespace`. */
async function eventReasons(
  clients: KubeClients,
  namespace: string,
  kind: string,
  name: string,
): Promise<string[]> {
  const events = await clients.events.listNamespacedEvent({ namespace });
  return events.items
    .filter((e) => e.reportingController === 'crosstenant-operator')
    .filter((e) => e.regarding?.kind === kind && e.regarding.name === name)
    .map((e) => e.reason ?? '');
}

describe('the operator as the ServiceAccount of the chart installed with its default values', () => {
  const release = `cto-${randomBytes(3).toString('hex')}`;
  let namespace: string;
  let links: string;
  let name: string;
  let operator: OperatorProcess | undefined;

  beforeAll(async () => {
    namespace = await createTestNamespace('chart-op');
    links = await createTestNamespace('chart-op-links');
    name = await install(release, namespace, []);
    await ok(
      kubectl([
        'wait',
        '--for=condition=Established',
        '--timeout=60s',
        'crd/tenantlinks.crosstenant.io',
        'crd/syncscopes.crosstenant.io',
        'crd/attributemappings.crosstenant.io',
      ]),
    );
    await createTenantLink(admin, sim(), { namespace: links, name: 'contoso', tenant: CONTOSO });
    await createTenantLink(admin, sim(), { namespace: links, name: 'emea', tenant: EMEA });
    operator = await startOperatorAsChart(namespace, name);
    await operator.ready();
  });

  afterAll(async () => {
    await operator?.stop();
    await helm(['uninstall', release, '--namespace', namespace]);
  });

  it('takes the leader Lease in the release namespace', async () => {
    const lease = await waitFor('the leader Lease', async () => {
      const found = await admin.coordination.readNamespacedLease({ namespace, name: 'crosstenant-operator' });
      return found.spec?.holderIdentity ? found : undefined;
    });
    // client-go's identity: the host name (in a pod, the pod's name) and a random suffix.
    expect(lease.spec?.holderIdentity?.startsWith(`${hostname()}_`)).toBe(true);
    // The Lease is written before the operator logs it, and the log line crosses a pipe: wait for it.
    const identity = lease.spec?.holderIdentity ?? '';
    const logged = await waitFor('the Lease in the log', async () =>
      operator?.logs().includes(identity) ? true : undefined,
    );
    expect(logged).toBe(true);
  });

  it('signs both TenantLinks in and writes their status', async () => {
    try {
      await waitForTenantLink(admin, links, 'contoso', 'True/Connected');
      await waitForTenantLink(admin, links, 'emea', 'True/Connected');
    } catch (err) {
      const status = JSON.stringify((await getTenantLink(admin, links, 'contoso')).status);
      throw new Error(`${String(err)}\nstatus: ${status}\noperator log:\n${operator?.logs().slice(-20_000)}`);
    }
  });

  it('syncs EMEA users into Contoso through an AttributeMapping and reports counts', async () => {
    await create(admin, 'AttributeMapping', links, 'partners', {
      includeDefaults: true,
      mappings: [{ target: 'department', expression: '"EMEA partners"' }],
    });
    const group = await groupId(clientFor(sim(), EMEA), 'Sync to Contoso');
    await create(admin, 'SyncScope', links, 'emea', {
      source: { tenantLinkRef: 'emea' },
      target: { tenantLinkRef: 'contoso' },
      scope: { groups: [group] },
      attributeMappingRef: 'partners',
      interval: '1s',
      // Delete: the operator adds and later removes a finalizer, which takes its patch verb.
      deletionPolicy: 'Delete',
    });
    const target = clientFor(sim(), CONTOSO);
    const users = await waitFor(
      '20 EMEA users in Contoso',
      async () => {
        const found = await anchoredUsers(target, EMEA.tenantId);
        return found.size === 20 ? found : undefined;
      },
      90_000,
    );
    expect(new Set([...users.values()].map((u) => u.department))).toEqual(new Set(['EMEA partners']));
    const scope = await waitUntil(admin, 'SyncScope', links, 'emea', 'Ready', (r) =>
      Boolean(conditionOf(r, 'Ready')?.startsWith('True/')),
    );
    expect((scope as SyncScope).status?.counts?.provisioned).toBe(20);
    expect(scope.metadata.finalizers?.length).toBe(1);
  });

  it('records Events about what it did', async () => {
    await waitFor('Events on the TenantLink and the SyncScope', async () => {
      const onLink = await eventReasons(admin, links, 'TenantLink', 'contoso');
      const onScope = await eventReasons(admin, links, 'SyncScope', 'emea');
      return onLink.length > 0 && onScope.length > 0 ? true : undefined;
    });
  });

  it('removes its finalizer from a deleted SyncScope once it has cleaned up', async () => {
    const scope = await get(admin, 'SyncScope', links, 'emea');
    expect(scope.metadata.finalizers).toHaveLength(1);
    await deleteAndWaitGone(admin, 'SyncScope', links, 'emea', 60_000);
  });

  it('is never refused by the API server', () => {
    expect(operator?.logs()).not.toMatch(REFUSED);
  });
});

describe('the operator as the ServiceAccount of the chart installed with watchNamespaces', () => {
  const release = `ctw-${randomBytes(3).toString('hex')}`;
  let namespace: string;
  let watched: string;
  let unwatched: string;
  let name: string;

  beforeAll(async () => {
    namespace = await createTestNamespace('chart-w');
    watched = await createTestNamespace('chart-watched');
    unwatched = await createTestNamespace('chart-unwatched');
    // The first release of this file, kept by crds.keep, already installed the CRDs.
    name = await install(release, namespace, [
      '--set',
      'crds.enabled=false',
      '--set',
      `watchNamespaces={${watched}}`,
    ]);
    await createTenantLink(admin, sim(), { namespace: watched, name: 'contoso', tenant: CONTOSO });
    await createTenantLink(admin, sim(), { namespace: unwatched, name: 'contoso', tenant: CONTOSO });
  });

  afterAll(async () => {
    await helm(['uninstall', release, '--namespace', namespace]);
  });

  it('lets the ServiceAccount read Secrets in the watched namespace and nowhere else', async () => {
    const access = await serviceAccountKubeconfig(namespace, name);
    const canI = async (...args: string[]) =>
      (await kubectl(['auth', 'can-i', '--kubeconfig', access.kubeconfigPath, ...args])).stdout.trim();
    expect(await canI('list', 'secrets', '-n', watched)).toBe('yes');
    expect(await canI('watch', 'secrets', '-n', watched)).toBe('yes');
    expect(await canI('list', 'secrets', '-n', unwatched)).toBe('no');
    expect(await canI('get', 'secrets', '-n', unwatched)).toBe('no');
    expect(await canI('list', 'secrets', '--all-namespaces')).toBe('no');

    const asOperator = createKubeClients(access.config);
    const visible = await asOperator.core.listNamespacedSecret({ namespace: watched });
    expect(visible.items.map((s) => s.metadata?.name)).toContain('contoso-credentials');
    await expect(
      asOperator.core.readNamespacedSecret({ namespace: unwatched, name: 'contoso-credentials' }),
    ).rejects.toMatchObject({ code: 403 });
    await expect(asOperator.core.listNamespacedSecret({ namespace: unwatched })).rejects.toMatchObject({
      code: 403,
    });
    await expect(asOperator.core.listSecretForAllNamespaces()).rejects.toMatchObject({ code: 403 });
  });

  it('connects the TenantLink in the watched namespace and leaves the one elsewhere alone', async () => {
    const operator = await startOperatorAsChart(namespace, name);
    try {
      await operator.ready();
      await waitForTenantLink(admin, watched, 'contoso', 'True/Connected');
      const ignored = await getTenantLink(admin, unwatched, 'contoso');
      expect(ignored.status).toBeUndefined();
      expect(ignored.metadata.finalizers ?? []).toEqual([]);
      expect(await eventReasons(admin, unwatched, 'TenantLink', 'contoso')).toEqual([]);
      expect(operator.logs()).not.toMatch(REFUSED);
    } finally {
      await operator.stop();
    }
  });

  it('reconciles two watched namespaces after helm upgrade, still with no Secret elsewhere', async () => {
    // With several namespaces the operator's informers are cluster-wide but its Secret informers are not.
    const second = await createTestNamespace('chart-watched2');
    await createTenantLink(admin, sim(), { namespace: second, name: 'contoso', tenant: CONTOSO });
    await createTenantLink(admin, sim(), { namespace: watched, name: 'emea', tenant: EMEA });
    await ok(
      helm([
        'upgrade',
        release,
        chartDir,
        '--namespace',
        namespace,
        '--reuse-values',
        '--set',
        `watchNamespaces={${watched},${second}}`,
      ]),
    );
    const operator = await startOperatorAsChart(namespace, name);
    try {
      await operator.ready();
      await waitForTenantLink(admin, watched, 'emea', 'True/Connected');
      await waitForTenantLink(admin, second, 'contoso', 'True/Connected');
      expect((await getTenantLink(admin, unwatched, 'contoso')).status).toBeUndefined();
      expect(operator.logs()).toContain(second);
      expect(operator.logs()).not.toMatch(REFUSED);
    } finally {
      await operator.stop();
    }
  });

  it('cannot be pointed at Secrets outside the watched namespace', async () => {
    // The same ServiceAccount told to watch another namespace: the API server refuses its Secret informer,
    // so the TenantLink there never gets its credentials.
    const operator = await startOperatorAsChart(namespace, name, [`--watch-namespace=${unwatched}`]);
    try {
      await waitFor('a refused request in the log', async () =>
        REFUSED.test(operator.logs()) ? true : undefined,
      );
      const link = await getTenantLink(admin, unwatched, 'contoso');
      expect(link.status?.conditions?.find((c) => c.type === 'Ready')?.status).not.toBe('True');
    } finally {
      // SIGKILL: this operator's Secret cache can never sync, and a graceful stop waits for it.
      operator.kill('SIGKILL');
      await operator.exited;
    }
  });
});
