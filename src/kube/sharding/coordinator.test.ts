import type { KubernetesObject } from '@kubernetes/client-node';
import { KubeConfig } from '@kubernetes/client-node';
import type { KubeClients } from '../client.js';
import type { Controller } from '../controller.js';
import { ShardCoordinator } from './coordinator.js';
import { SHARD_LABEL } from './labels.js';

function fakeController(objects: Map<string, KubernetesObject>): Controller<KubernetesObject> {
  return {
    name: 'syncscope',
    kind: { group: 'crosstenant.io', version: 'v1alpha1', plural: 'syncscopes' },
    lister: {
      get: (namespace, name) => objects.get(`${namespace}/${name}`),
      list: () => [...objects.values()],
    },
    setGate: () => undefined,
    startCaches: () => Promise.resolve(),
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
    cancel: () => undefined,
    hasSynced: () => true,
    enqueue: () => undefined,
  };
}

const scope = (shard?: string): KubernetesObject => ({
  metadata: { namespace: 'ns', name: 'a', ...(shard ? { labels: { [SHARD_LABEL]: shard } } : {}) },
});

describe('ShardCoordinator as a reconcile gate', () => {
  const objects = new Map<string, KubernetesObject>();
  let holds = true;
  const clients = { config: new KubeConfig() } as unknown as KubeClients;
  const gate = new ShardCoordinator(
    { clients, namespace: 'ops', ring: 'ring', shard: 'me', keyOf: (_c, obj) => obj.metadata?.name ?? '' },
    [fakeController(objects)],
    () => holds,
  );

  beforeEach(() => {
    objects.clear();
    holds = true;
  });

  it('lets through only the objects labelled with its shard, and only while it holds its Lease', () => {
    objects.set('ns/a', scope('other'));
    expect(gate.admit('syncscope', 'ns/a').kind).toBe('skip');
    objects.set('ns/a', scope());
    expect(gate.admit('syncscope', 'ns/a').kind).toBe('skip');
    objects.set('ns/a', scope('me'));
    holds = false;
    expect(gate.admit('syncscope', 'ns/a').kind).toBe('skip');
    holds = true;
    expect(gate.admit('syncscope', 'ns/a').kind).toBe('reconcile');
    gate.done('syncscope', 'ns/a');
  });

  it('forgets an object once when it has moved to another shard, as if it were deleted', () => {
    objects.set('ns/a', scope('me'));
    expect(gate.admit('syncscope', 'ns/a').kind).toBe('reconcile');
    gate.done('syncscope', 'ns/a');
    objects.set('ns/a', scope('other'));
    expect(gate.admit('syncscope', 'ns/a').kind).toBe('forget');
    expect(gate.admit('syncscope', 'ns/a').kind).toBe('skip');
  });

  it('lets every replica drop what it keeps of a deleted object', () => {
    expect(gate.admit('syncscope', 'ns/gone').kind).toBe('forget');
  });

  it('never admits one object twice at once', () => {
    objects.set('ns/a', scope('me'));
    expect(gate.admit('syncscope', 'ns/a').kind).toBe('reconcile');
    expect(gate.admit('syncscope', 'ns/a').kind).toBe('skip');
    gate.done('syncscope', 'ns/a');
    expect(gate.admit('syncscope', 'ns/a').kind).toBe('reconcile');
    gate.done('syncscope', 'ns/a');
  });
});
