// A throwaway CRD of the runtime's own, so its tests do not depend on the product CRDs. The schema is
// spelled out: the typed ApiextensionsV1Api drops the JSON key x-kubernetes-preserve-unknown-fields.
import type { KubernetesObject } from '@kubernetes/client-node';
import { ApiextensionsV1Api } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Condition } from '../../src/kube/conditions.js';
import type { ResourceKind } from '../../src/kube/client.js';
import { waitFor } from '../support/poll.js';

export const widgetKind: ResourceKind = { group: 'test.crosstenant.io', version: 'v1', plural: 'widgets' };
export const widgetApiVersion = `${widgetKind.group}/${widgetKind.version}`;

export interface WidgetStatus {
  observedGeneration?: number;
  conditions?: Condition[];
  size?: number;
}

export interface Widget extends KubernetesObject {
  spec: { size: number; secretName?: string };
  status?: WidgetStatus;
}

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${widgetKind.plural}.${widgetKind.group}` },
  spec: {
    group: widgetKind.group,
    scope: 'Namespaced',
    names: { plural: widgetKind.plural, singular: 'widget', kind: 'Widget' },
    versions: [
      {
        name: widgetKind.version,
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: { size: { type: 'integer' }, secretName: { type: 'string' } },
              },
              status: {
                type: 'object',
                properties: {
                  observedGeneration: { type: 'integer' },
                  size: { type: 'integer' },
                  conditions: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['type', 'status', 'lastTransitionTime', 'reason', 'message'],
                      properties: {
                        type: { type: 'string' },
                        status: { type: 'string', enum: ['True', 'False', 'Unknown'] },
                        observedGeneration: { type: 'integer' },
                        lastTransitionTime: { type: 'string', format: 'date-time' },
                        reason: { type: 'string' },
                        message: { type: 'string' },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    ],
  },
};

/** Creates the Widget CRD unless it exists and waits until it is served. */
export async function installWidgetCrd(config: KubeConfig): Promise<void> {
  const crds = config.makeApiClient(ApiextensionsV1Api);
  await crds.createCustomResourceDefinition({ body: crd }).catch(async (err: { code?: number }) => {
    if (err.code !== 409) throw err;
    // An adopted cluster (TEST_KUBECONFIG) may hold an older version of this CRD.
    const existing = await crds.readCustomResourceDefinition({ name: crd.metadata.name });
    await crds.replaceCustomResourceDefinition({
      name: crd.metadata.name,
      body: { ...crd, metadata: { ...crd.metadata, resourceVersion: existing.metadata?.resourceVersion } },
    });
  });
  await waitFor('the Widget CRD to be established', async () => {
    const current = await crds.readCustomResourceDefinition({ name: crd.metadata.name });
    return current.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')
      ? true
      : undefined;
  });
}

/** A Widget manifest. */
export function widget(name: string, spec: Widget['spec']): Widget {
  return { apiVersion: widgetApiVersion, kind: 'Widget', metadata: { name }, spec };
}
