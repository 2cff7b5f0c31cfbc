// The controller runtime against the real kube-apiserver: informers, queue, status subresource,
// secondary watches, finalizers, events and the /metrics names dashboards expect.
import type { KubernetesObject } from '@kubernetes/client-node';
import { createTestNamespace, testKubeConfig } from '../support/cluster.js';
import type { KubeClients } from '../../src/kube/client.js';
import { createKubeClients, mergePatch } from '../../src/kube/client.js';
import type { Controller } from '../../src/kube/controller.js';
import { TerminalError, createController } from '../../src/kube/controller.js';
import { findCondition, setReadiness } from '../../src/kube/conditions.js';
import { addFinalizer, hasFinalizer, removeFinalizer } from '../../src/kube/finalizers.js';
import { updateStatus } from '../../src/kube/status.js';
import type { HealthServers } from '../../src/observability/health-server.js';
import { startHealthServers } from '../../src/observability/health-server.js';
import { metricsRegistry } from '../../src/observability/registry.js';
import type { Widget, WidgetStatus } from './widgets.js';
import { waitFor } from '../support/poll.js';
import { installWidgetCrd, widget, widgetKind } from './widgets.js';

// Jest reads testTimeout only from the root config, not from a project's.
const TEST_TIMEOUT_MS = 60_000;

let clients: KubeClients;
let namespace: string;
const controllers: Controller<KubernetesObject>[] = [];

const { group, version, plural } = widgetKind;

async function createWidget(name: string, spec: Widget['spec']): Promise<Widget> {
  return (await clients.customObjects.createNamespacedCustomObject({
    group,
    version,
    plural,
    namespace,
    body: widget(name, spec),
  })) as Widget;
}

async function readWidget(name: string): Promise<Widget> {
  return (await clients.customObjects.getNamespacedCustomObject({
    group,
    version,
    plural,
    namespace,
    name,
  })) as Widget;
}

async function patchWidget(name: string, body: object): Promise<Widget> {
  return (await clients.customObjects.patchNamespacedCustomObject(
    { group, version, plural, namespace, name, body },
    mergePatch,
  )) as Widget;
}

/** Reconciles a widget by writing Ready and its observed size and generation through the status subresource. */
async function writeReadyStatus(name: string): Promise<void> {
  await updateStatus<Widget, WidgetStatus>(clients, { kind: widgetKind, namespace, name }, (current) => ({
    observedGeneration: current.metadata?.generation,
    size: current.spec.size,
    conditions: setReadiness(
      current.status?.conditions,
      { state: 'ready', reason: 'ReconciliationSucceeded', message: `size ${current.spec.size}` },
      current.metadata?.generation,
      new Date(),
    ),
  }));
}

beforeAll(async () => {
  const config = testKubeConfig();
  clients = createKubeClients(config);
  await installWidgetCrd(config);
  namespace = await createTestNamespace('kube-runtime');
});

afterEach(async () => {
  await Promise.all(controllers.splice(0).map((controller) => controller.stop()));
});

describe('controller', () => {
  it(
    'reconciles create, update and delete and writes status through the subresource',
    async () => {
      const seen: { key: string; exists: boolean }[] = [];
      const controller = createController<Widget>({
        name: 'widgets-basic',
        kind: widgetKind,
        clients,
        namespace,
        reconcile: async (key, obj) => {
          seen.push({ key, exists: obj !== undefined });
          if (obj?.metadata?.name) await writeReadyStatus(obj.metadata.name);
          return {};
        },
      });
      controllers.push(controller);
      await controller.start();
      expect(controller.hasSynced()).toBe(true);

      await createWidget('alpha', { size: 1 });
      const created = await waitFor('status for generation 1', async () => {
        const current = await readWidget('alpha');
        return current.status?.observedGeneration === 1 ? current : undefined;
      });
      expect(findCondition(created.status?.conditions, 'Ready')).toMatchObject({
        status: 'True',
        reason: 'ReconciliationSucceeded',
        observedGeneration: 1,
      });
      expect(findCondition(created.status?.conditions, 'Reconciling')).toBeUndefined();
      expect(controller.lister.get(namespace, 'alpha')?.spec.size).toBe(1);
      expect(controller.lister.list(namespace).map((w) => w.metadata?.name)).toEqual(['alpha']);

      await patchWidget('alpha', { spec: { size: 2 } });
      const updated = await waitFor('status for generation 2', async () => {
        const current = await readWidget('alpha');
        return current.status?.observedGeneration === 2 ? current : undefined;
      });
      expect(updated.status?.size).toBe(2);
      // Ready stayed True, so its transition time did not move.
      expect(findCondition(updated.status?.conditions, 'Ready')?.lastTransitionTime).toBe(
        findCondition(created.status?.conditions, 'Ready')?.lastTransitionTime,
      );

      await clients.customObjects.deleteNamespacedCustomObject({
        group,
        version,
        plural,
        namespace,
        name: 'alpha',
      });
      await waitFor('a reconcile of the deleted key', () =>
        seen.some((call) => call.key === `${namespace}/alpha` && !call.exists) ? true : undefined,
      );
      expect(controller.lister.get(namespace, 'alpha')).toBeUndefined();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'retries failed reconciles with backoff and never runs one key concurrently',
    async () => {
      let attempts = 0;
      let running = 0;
      let overlapped = false;
      const controller = createController<Widget>({
        name: 'widgets-retry',
        kind: widgetKind,
        clients,
        namespace,
        maxConcurrentReconciles: 4,
        reconcile: async (key) => {
          if (key !== `${namespace}/flaky`) return {};
          running += 1;
          if (running > 1) overlapped = true;
          await new Promise((resolve) => setTimeout(resolve, 20));
          running -= 1;
          attempts += 1;
          if (attempts < 4) throw new Error('transient');
          return {};
        },
      });
      controllers.push(controller);
      await controller.start();
      await createWidget('flaky', { size: 1 });
      await waitFor('four attempts', () => (attempts >= 4 ? true : undefined));
      expect(overlapped).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'does not retry a terminal error',
    async () => {
      let attempts = 0;
      const controller = createController<Widget>({
        name: 'widgets-terminal',
        kind: widgetKind,
        clients,
        namespace,
        reconcile: async (key) => {
          if (key !== `${namespace}/hopeless`) return {};
          attempts += 1;
          throw new TerminalError('spec cannot work');
        },
      });
      controllers.push(controller);
      await controller.start();
      await createWidget('hopeless', { size: 1 });
      await waitFor('the first attempt', () => (attempts === 1 ? true : undefined));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(attempts).toBe(1);
      const text = await metricsRegistry.metrics();
      expect(text).toContain(
        'controller_runtime_terminal_reconcile_errors_total{controller="widgets-terminal"} 1',
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'resyncs every object periodically without changes',
    async () => {
      const counts = new Map<string, number>();
      await createWidget('steady', { size: 1 });
      const controller = createController<Widget>({
        name: 'widgets-resync',
        kind: widgetKind,
        clients,
        namespace,
        resyncPeriodMs: 300,
        reconcile: async (key) => {
          counts.set(key, (counts.get(key) ?? 0) + 1);
          return {};
        },
      });
      controllers.push(controller);
      await controller.start();
      await waitFor(
        'three resyncs',
        () => ((counts.get(`${namespace}/steady`) ?? 0) >= 4 ? true : undefined),
        5_000,
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'skips status-only updates when asked, but not metadata changes',
    async () => {
      const counts = new Map<string, number>();
      await createWidget('quiet', { size: 1 });
      const key = `${namespace}/quiet`;
      const controller = createController<Widget>({
        name: 'widgets-quiet',
        kind: widgetKind,
        clients,
        namespace,
        ignoreStatusOnlyUpdates: true,
        reconcile: async (k) => {
          counts.set(k, (counts.get(k) ?? 0) + 1);
          return {};
        },
      });
      controllers.push(controller);
      await controller.start();
      await waitFor('the initial reconcile', () => (counts.get(key) === 1 ? true : undefined));
      await writeReadyStatus('quiet');
      await waitFor('the status update in the cache', () =>
        controller.lister.get(namespace, 'quiet')?.status?.observedGeneration === 1 ? true : undefined,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(counts.get(key)).toBe(1);
      await patchWidget('quiet', { metadata: { annotations: { 'crosstenant.io/provision-now': 'user-1' } } });
      await waitFor('a reconcile for the annotation', () => (counts.get(key) === 2 ? true : undefined));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'requeues the referencing object when a watched Secret changes',
    async () => {
      const reconciled: string[] = [];
      const controller: Controller<Widget> = createController<Widget>({
        name: 'widgets-secrets',
        kind: widgetKind,
        clients,
        namespace,
        reconcile: async (key) => {
          reconciled.push(key);
          return {};
        },
        watches: [
          {
            kind: { group: '', version: 'v1', plural: 'secrets' },
            mapToKeys: (secret): string[] =>
              controller.lister
                .list(secret.metadata?.namespace)
                .filter((w) => w.spec.secretName === secret.metadata?.name)
                .map((w) => `${w.metadata?.namespace}/${w.metadata?.name}`),
          },
        ],
      });
      controllers.push(controller);
      await createWidget('uses-secret', { size: 1, secretName: 'widget-credentials' });
      await createWidget('no-secret', { size: 1 });
      await controller.start();
      const key = `${namespace}/uses-secret`;
      await waitFor('the initial reconcile', () => (reconciled.includes(key) ? true : undefined));
      const before = reconciled.filter((k) => k === key).length;

      await clients.core.createNamespacedSecret({
        namespace,
        body: { metadata: { name: 'widget-credentials' }, stringData: { clientSecret: 'one' } },
      });
      await waitFor('a requeue on create', () =>
        reconciled.filter((k) => k === key).length > before ? true : undefined,
      );
      const afterCreate = reconciled.filter((k) => k === key).length;
      await clients.core.patchNamespacedSecret(
        { namespace, name: 'widget-credentials', body: { stringData: { clientSecret: 'two' } } },
        mergePatch,
      );
      await waitFor('a requeue on update', () =>
        reconciled.filter((k) => k === key).length > afterCreate ? true : undefined,
      );
      expect(reconciled.filter((k) => k === `${namespace}/no-secret`)).toHaveLength(1);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('status', () => {
  it(
    'retries a status write that hit a conflict, recomputing from the fresh object',
    async () => {
      await createWidget('contended', { size: 5 });
      const seenVersions: string[] = [];
      const result = await updateStatus<Widget, WidgetStatus>(
        clients,
        { kind: widgetKind, namespace, name: 'contended' },
        async (current) => {
          seenVersions.push(current.metadata?.resourceVersion ?? '');
          if (seenVersions.length === 1) {
            // Another writer gets in between our read and our write.
            await patchWidget('contended', { metadata: { labels: { touched: 'yes' } } });
          }
          return { size: current.spec.size };
        },
      );
      expect(seenVersions).toHaveLength(2);
      expect(seenVersions[0]).not.toBe(seenVersions[1]);
      expect(result.status?.size).toBe(5);
      expect(result.metadata?.labels?.touched).toBe('yes');
    },
    TEST_TIMEOUT_MS,
  );
});

describe('finalizers', () => {
  it(
    'holds deletion until the finalizer is removed',
    async () => {
      await createWidget('guarded', { size: 1 });
      const ref = { kind: widgetKind, namespace, name: 'guarded' };
      const withFinalizer = await addFinalizer<Widget>(clients, ref, 'test.crosstenant.io/cleanup');
      expect(hasFinalizer(withFinalizer, 'test.crosstenant.io/cleanup')).toBe(true);
      await addFinalizer<Widget>(clients, ref, 'test.crosstenant.io/cleanup');
      expect((await readWidget('guarded')).metadata?.finalizers).toEqual(['test.crosstenant.io/cleanup']);

      await clients.customObjects.deleteNamespacedCustomObject({
        group,
        version,
        plural,
        namespace,
        name: 'guarded',
      });
      const terminating = await readWidget('guarded');
      expect(terminating.metadata?.deletionTimestamp).toBeTruthy();

      await removeFinalizer(clients, ref, 'test.crosstenant.io/cleanup');
      await waitFor('the widget to be deleted', async () =>
        readWidget('guarded').then(
          () => undefined,
          (err: { code?: number }) => (err.code === 404 ? true : undefined),
        ),
      );
      expect(await removeFinalizer(clients, ref, 'test.crosstenant.io/cleanup')).toBeUndefined();
    },
    TEST_TIMEOUT_MS,
  );
});

describe('metrics', () => {
  let servers: HealthServers | undefined;
  afterAll(async () => servers?.close());

  it(
    'serves controller-runtime and workqueue metrics on /metrics after reconciles',
    async () => {
      const controller = createController<Widget>({
        name: 'widgets-metrics',
        kind: widgetKind,
        clients,
        namespace,
        maxConcurrentReconciles: 2,
        reconcile: async (key) => (key.endsWith('/later') ? { requeueAfterMs: 60_000 } : {}),
      });
      controllers.push(controller);
      servers = await startHealthServers({
        metricsBindAddress: '127.0.0.1:0',
        probeBindAddress: '127.0.0.1:0',
        readyChecks: { caches: () => controller.hasSynced() },
      });
      const probe = `http://127.0.0.1:${servers.probeAddress?.port}`;
      expect((await fetch(`${probe}/readyz`)).status).toBe(500);
      await controller.start();
      expect((await fetch(`${probe}/readyz`)).status).toBe(200);
      await createWidget('later', { size: 1 });
      await createWidget('prompt', { size: 1 });

      const url = `http://127.0.0.1:${servers.metricsAddress?.port}/metrics`;
      const counted = (body: string, result: string): number => {
        const line = `controller_runtime_reconcile_total{controller="widgets-metrics",result="${result}"} `;
        const at = body.indexOf(line);
        return at === -1 ? 0 : Number.parseFloat(body.slice(at + line.length));
      };
      const text = await waitFor('reconcile metrics', async () => {
        const body = await (await fetch(url)).text();
        return counted(body, 'requeue_after') >= 1 && counted(body, 'success') >= 1 ? body : undefined;
      });
      expect(counted(text, 'error')).toBe(0);
      const labels = 'name="widgets-metrics",controller="widgets-metrics"';
      for (const line of [
        'controller_runtime_reconcile_errors_total{controller="widgets-metrics"} 0',
        'controller_runtime_terminal_reconcile_errors_total{controller="widgets-metrics"} 0',
        'controller_runtime_reconcile_panics_total{controller="widgets-metrics"} 0',
        'controller_runtime_reconcile_time_seconds_bucket{le="0.005",controller="widgets-metrics"}',
        'controller_runtime_reconcile_time_seconds_bucket{le="60",controller="widgets-metrics"}',
        'controller_runtime_max_concurrent_reconciles{controller="widgets-metrics"} 2',
        'controller_runtime_active_workers{controller="widgets-metrics"} 0',
        `workqueue_depth{${labels}}`,
        `workqueue_adds_total{${labels}}`,
        `workqueue_queue_duration_seconds_bucket{le="1e-8",${labels}}`,
        `workqueue_work_duration_seconds_bucket{le="1000",${labels}}`,
        `workqueue_unfinished_work_seconds{${labels}}`,
        `workqueue_longest_running_processor_seconds{${labels}}`,
        'workqueue_retries_total',
        'leader_election_master_status',
        'process_cpu_user_seconds_total',
        'nodejs_eventloop_lag_seconds',
      ]) {
        expect(text).toContain(line);
      }
    },
    TEST_TIMEOUT_MS,
  );
});
