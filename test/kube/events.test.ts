// Events against the real API server: repeats within the window update one Event instead of many.
import { createTestNamespace, kubectl, testKubeConfig } from '../support/cluster.js';
import type { KubeClients } from '../../src/kube/client.js';
import { createKubeClients } from '../../src/kube/client.js';
import { EventRecorder } from '../../src/kube/events.js';

// Jest reads testTimeout only from the root config, not from a project's.
const TEST_TIMEOUT_MS = 60_000;

let clients: KubeClients;
let namespace: string;

async function subject(name: string) {
  const created = await clients.core.createNamespacedConfigMap({ namespace, body: { metadata: { name } } });
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: created.metadata };
}

beforeAll(async () => {
  clients = createKubeClients(testKubeConfig());
  namespace = await createTestNamespace('kube-events');
});

describe('EventRecorder', () => {
  it(
    'writes one events.k8s.io/v1 Event with a series count for repeats',
    async () => {
      const regarding = await subject('recorded');
      const recorder = new EventRecorder({ clients, component: 'crosstenant.io/test', instance: 'test-0' });
      for (let i = 0; i < 3; i++) {
        await recorder.event(
          regarding,
          'Warning',
          'CredentialsInvalid',
          'Secret widget-credentials has no key',
        );
      }
      await recorder.event(regarding, 'Normal', 'ReconciliationSucceeded', 'ready');

      const list = await clients.events.listNamespacedEvent({
        namespace,
        fieldSelector: 'regarding.name=recorded',
      });
      const warnings = list.items.filter((e) => e.reason === 'CredentialsInvalid');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({
        type: 'Warning',
        note: 'Secret widget-credentials has no key',
        reportingController: 'crosstenant.io/test',
        reportingInstance: 'test-0',
        series: { count: 3 },
      });
      expect(list.items.filter((e) => e.reason === 'ReconciliationSucceeded')).toHaveLength(1);

      // kubectl shows the same single Event through core/v1.
      const shown = await kubectl([
        'get',
        'events',
        '-n',
        namespace,
        '--field-selector',
        'reason=CredentialsInvalid',
        '-o',
        'json',
      ]);
      expect(shown.code).toBe(0);
      const items = (JSON.parse(shown.stdout) as { items: { series?: { count?: number } }[] }).items;
      expect(items).toHaveLength(1);
      // core/v1 shows an events.k8s.io series as `series`, not as the deprecated `count`.
      expect(items[0]?.series?.count).toBe(3);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'writes core/v1 Events with count when configured',
    async () => {
      const regarding = await subject('legacy');
      const recorder = new EventRecorder({ clients, component: 'crosstenant.io/test', api: 'v1' });
      await recorder.event(regarding, 'Normal', 'Synced', 'ok');
      await recorder.event(regarding, 'Normal', 'Synced', 'ok');
      const list = await clients.core.listNamespacedEvent({
        namespace,
        fieldSelector: 'involvedObject.name=legacy',
      });
      expect(list.items).toHaveLength(1);
      expect(list.items[0]).toMatchObject({ reason: 'Synced', message: 'ok', count: 2 });
    },
    TEST_TIMEOUT_MS,
  );
});
