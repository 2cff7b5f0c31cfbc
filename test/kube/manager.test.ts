// Two managers as two replicas of the operator: both fill their caches and report ready, only the
// lease holder reconciles, and the standby takes over when the leader shuts down.
import { createTestNamespace, testKubeConfig } from '../support/cluster.js';
import type { KubeClients } from '../../src/kube/client.js';
import { createKubeClients } from '../../src/kube/client.js';
import { createController } from '../../src/kube/controller.js';
import { Manager } from '../../src/kube/manager.js';
import type { Widget } from './widgets.js';
import { waitFor } from '../support/poll.js';
import { installWidgetCrd, widget, widgetKind } from './widgets.js';

// Jest reads testTimeout only from the root config, not from a project's.
const TEST_TIMEOUT_MS = 90_000;

let clients: KubeClients;
let namespace: string;

interface Replica {
  manager: Manager;
  reconciled: string[];
  run: Promise<void>;
}

function replica(name: string): Replica {
  const reconciled: string[] = [];
  const controller = createController<Widget>({
    name: 'widgets-replicated',
    kind: widgetKind,
    clients,
    namespace,
    reconcile: async (key) => {
      reconciled.push(key);
      return {};
    },
  });
  const manager = new Manager({
    clients,
    controllers: [controller],
    leaderElection: { leaseName: 'widgets-operator', namespace, identity: name },
    metricsBindAddress: '127.0.0.1:0',
    probeBindAddress: '127.0.0.1:0',
  });
  return { manager, reconciled, run: manager.run() };
}

async function readyz(r: Replica): Promise<number> {
  return (await fetch(`http://127.0.0.1:${r.manager.addresses?.probeAddress?.port}/readyz`)).status;
}

async function createWidget(name: string): Promise<void> {
  await clients.customObjects.createNamespacedCustomObject({
    ...widgetKind,
    namespace,
    body: widget(name, { size: 1 }),
  });
}

beforeAll(async () => {
  const config = testKubeConfig();
  clients = createKubeClients(config);
  await installWidgetCrd(config);
  namespace = await createTestNamespace('kube-manager');
});

describe('Manager', () => {
  it(
    'runs workers only on the lease holder and fails over on shutdown',
    async () => {
      const a = replica('replica-a');
      const b = replica('replica-b');
      await waitFor('both ready', async () =>
        (await readyz(a)) === 200 && (await readyz(b)) === 200 ? true : undefined,
      );
      const [leader, standby] = await waitFor('a leader', () =>
        a.manager.isActive() ? [a, b] : b.manager.isActive() ? [b, a] : undefined,
      );
      await createWidget('first');
      await waitFor('the leader to reconcile', () =>
        leader.reconciled.includes(`${namespace}/first`) ? true : undefined,
      );
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(standby.manager.isActive()).toBe(false);
      expect(standby.reconciled).toEqual([]);

      await leader.manager.stop();
      await leader.run;
      await waitFor(
        'the standby to take over',
        () => (standby.manager.isActive() ? true : undefined),
        15_000,
      );
      // The new leader reconciles everything in its warm cache, then follows new changes.
      await waitFor('a full reconcile', () =>
        standby.reconciled.includes(`${namespace}/first`) ? true : undefined,
      );
      await createWidget('second');
      await waitFor('the new leader', () =>
        standby.reconciled.includes(`${namespace}/second`) ? true : undefined,
      );
      expect(leader.reconciled).not.toContain(`${namespace}/second`);
      await standby.manager.stop();
      await standby.run;
    },
    TEST_TIMEOUT_MS,
  );
});
