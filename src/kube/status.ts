import type { KubernetesObject } from '@kubernetes/client-node';
import { isDeepStrictEqual } from 'node:util';
import type { KubeClients, ResourceKind } from './client.js';
import { isConflict } from './client.js';

/** A custom resource with a status of type `S`. */
export type WithStatus<S> = KubernetesObject & { status?: S };

/** Where a namespaced custom resource lives. */
export interface ObjectRef {
  kind: ResourceKind;
  namespace: string;
  name: string;
}

/** Retry policy for optimistic-concurrency conflicts (client-go's retry.DefaultRetry: 5 tries, 10 ms). */
export interface ConflictRetry {
  attempts?: number;
  delayMs?: number;
}

/**
 * Reads the object, computes its status with `compute`, and replaces the status subresource with the
 * read resourceVersion; on 409 Conflict it reads again and recomputes. `compute` returning `undefined`,
 * or a status equal to the current one, writes nothing. Returns the object as last read or written.
 */
export async function updateStatus<T extends WithStatus<S>, S>(
  clients: KubeClients,
  ref: ObjectRef,
  compute: (current: T) => S | undefined | Promise<S | undefined>,
  retry: ConflictRetry = {},
): Promise<T> {
  const { group, version, plural } = ref.kind;
  const attempts = retry.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const current = (await clients.customObjects.getNamespacedCustomObjectStatus({
      group,
      version,
      plural,
      namespace: ref.namespace,
      name: ref.name,
    })) as T;
    const status = await compute(current);
    if (status === undefined || isDeepStrictEqual(status, current.status)) return current;
    try {
      return (await clients.customObjects.replaceNamespacedCustomObjectStatus({
        group,
        version,
        plural,
        namespace: ref.namespace,
        name: ref.name,
        body: { ...current, status },
      })) as T;
    } catch (err) {
      if (!isConflict(err) || attempt >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, (retry.delayMs ?? 10) * (1 + Math.random() * 0.1)));
    }
  }
}
