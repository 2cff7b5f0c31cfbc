// Proves the test control plane is a real Kubernetes API: CRD schemas and CEL, status subresource,
// informers, RBAC and garbage collection all behave as they do in a cluster.
import {
  ApiextensionsV1Api,
  AuthenticationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  RbacAuthorizationV1Api,
  makeInformer,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { createTestNamespace, kubectl, testKubeConfig } from '../support/cluster.js';
import { waitFor } from '../support/poll.js';

const group = 'foundation.crosstenant.io';
const plural = 'gadgets';

const gadgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.${group}` },
  spec: {
    group,
    scope: 'Namespaced',
    names: { plural, singular: 'gadget', kind: 'Gadget' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: { min: { type: 'integer' }, max: { type: 'integer' } },
                'x-kubernetes-validations': [
                  { rule: 'self.min <= self.max', message: 'min must not exceed max' },
                ],
              },
              status: { type: 'object', properties: { phase: { type: 'string' } } },
            },
          },
        },
      },
    ],
  },
};

interface Gadget extends KubernetesObject {
  spec: { min: number; max: number };
  status?: { phase?: string };
}

let config: KubeConfig;
let namespace: string;

beforeAll(async () => {
  config = testKubeConfig();
  namespace = await createTestNamespace('foundation');
  const crds = config.makeApiClient(ApiextensionsV1Api);
  // Through kubectl, as users apply CRDs: client-node's typed models drop `x-kubernetes-validations`.
  const applied = await kubectl(['apply', '-f', '-'], JSON.stringify(gadgetCrd));
  expect(applied.stderr).toBe('');
  await waitFor('the CRD to be established', async () => {
    const crd = await crds.readCustomResourceDefinition({ name: gadgetCrd.metadata.name });
    return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')
      ? true
      : undefined;
  });
});

afterAll(async () => {
  await config
    .makeApiClient(ApiextensionsV1Api)
    .deleteCustomResourceDefinition({ name: gadgetCrd.metadata.name });
});

describe('custom resources', () => {
  it('rejects an object that breaks the CEL rule, with the rule message', async () => {
    const manifest = JSON.stringify({
      apiVersion: `${group}/v1`,
      kind: 'Gadget',
      metadata: { name: 'inverted', namespace },
      spec: { min: 5, max: 1 },
    });
    const result = await kubectl(['apply', '-f', '-'], manifest);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('min must not exceed max');
  });

  it('rejects a field of the wrong type through the structural schema', async () => {
    const objects = config.makeApiClient(CustomObjectsApi);
    await expect(
      objects.createNamespacedCustomObject({
        group,
        version: 'v1',
        namespace,
        plural,
        body: {
          apiVersion: `${group}/v1`,
          kind: 'Gadget',
          metadata: { name: 'typo' },
          spec: { min: 'one', max: 2 },
        },
      }),
    ).rejects.toMatchObject({
      code: 422,
      body: expect.stringContaining('spec.min in body must be of type integer'),
    });
  });

  it('creates a valid object, shows it to an informer, and updates status through the subresource', async () => {
    const objects = config.makeApiClient(CustomObjectsApi);
    const path = `/apis/${group}/v1/namespaces/${namespace}/${plural}`;
    const list = async () => {
      const response = (await objects.listNamespacedCustomObject({
        group,
        version: 'v1',
        namespace,
        plural,
      })) as {
        items: Gadget[];
        metadata: { resourceVersion: string };
      };
      return response;
    };
    const informer = makeInformer<Gadget>(config, path, list);
    const seen: Gadget[] = [];
    informer.on('add', (obj) => seen.push(obj));
    informer.on('update', (obj) => seen.push(obj));
    await informer.start();
    try {
      await objects.createNamespacedCustomObject({
        group,
        version: 'v1',
        namespace,
        plural,
        body: {
          apiVersion: `${group}/v1`,
          kind: 'Gadget',
          metadata: { name: 'good' },
          spec: { min: 1, max: 3 },
        },
      });
      await waitFor('the informer add', async () =>
        seen.some((g) => g.metadata?.name === 'good') ? true : undefined,
      );

      const current = (await objects.getNamespacedCustomObject({
        group,
        version: 'v1',
        namespace,
        plural,
        name: 'good',
      })) as Gadget;
      await objects.replaceNamespacedCustomObjectStatus({
        group,
        version: 'v1',
        namespace,
        plural,
        name: 'good',
        body: { ...current, status: { phase: 'Ready' }, spec: { min: 9, max: 9 } },
      });
      const updated = await waitFor('the status update', async () =>
        seen.find((g) => g.metadata?.name === 'good' && g.status?.phase === 'Ready'),
      );
      // The status subresource ignores spec changes: only status moved.
      expect(updated.spec).toEqual({ min: 1, max: 3 });

      const shown = await kubectl(['get', plural, '-n', namespace]);
      expect(shown.code).toBe(0);
      expect(shown.stdout).toMatch(/^good\s/m);
    } finally {
      informer.stop();
    }
  });
});

describe('RBAC', () => {
  it('lets a ServiceAccount do what its Role allows and answers 403 for the rest', async () => {
    const core = config.makeApiClient(CoreV1Api);
    const rbac = config.makeApiClient(RbacAuthorizationV1Api);
    await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: 'reader' } } });
    await rbac.createNamespacedRole({
      namespace,
      body: {
        metadata: { name: 'configmap-reader' },
        rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }],
      },
    });
    await rbac.createNamespacedRoleBinding({
      namespace,
      body: {
        metadata: { name: 'reader' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'configmap-reader' },
        subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace }],
      },
    });
    const tokenRequest = await core.createNamespacedServiceAccountToken({
      name: 'reader',
      namespace,
      body: { spec: { audiences: [], expirationSeconds: 600 } },
    });
    const token = tokenRequest.status?.token;
    expect(token).toBeTruthy();

    const cluster = config.getCurrentCluster();
    const asReader = new KubeConfig();
    asReader.loadFromOptions({
      clusters: [{ name: 'test', server: cluster!.server, caFile: cluster!.caFile }],
      users: [{ name: 'reader', token }],
      contexts: [{ name: 'test', cluster: 'test', user: 'reader' }],
      currentContext: 'test',
    });
    const readerCore = asReader.makeApiClient(CoreV1Api);
    const allowed = await readerCore.listNamespacedConfigMap({ namespace });
    expect(Array.isArray(allowed.items)).toBe(true);
    await expect(readerCore.listNamespacedSecret({ namespace })).rejects.toMatchObject({ code: 403 });
    await expect(
      readerCore.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'nope' } } }),
    ).rejects.toMatchObject({ code: 403 });

    const review = await config
      .makeApiClient(AuthenticationV1Api)
      .createTokenReview({ body: { spec: { token } } });
    expect(review.status?.user?.username).toBe(`system:serviceaccount:${namespace}:reader`);
  });
});

describe('garbage collection', () => {
  it('deletes an object whose owner is deleted (the controller-manager runs)', async () => {
    const core = config.makeApiClient(CoreV1Api);
    const owner = await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'owner' } } });
    await core.createNamespacedConfigMap({
      namespace,
      body: {
        metadata: {
          name: 'dependent',
          ownerReferences: [
            { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata!.uid! },
          ],
        },
      },
    });
    await core.deleteNamespacedConfigMap({ name: 'owner', namespace, propagationPolicy: 'Background' });
    await waitFor(
      'the dependent to be garbage-collected',
      async () => {
        try {
          await core.readNamespacedConfigMap({ name: 'dependent', namespace });
          return undefined;
        } catch (error) {
          return (error as { code?: number }).code === 404 ? true : undefined;
        }
      },
      60_000,
    );
  });
});
