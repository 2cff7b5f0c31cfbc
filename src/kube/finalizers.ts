import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubeClients } from './client.js';
import { isConflict, isNotFound, mergePatch } from './client.js';
import type { ObjectRef } from './status.js';

/** Whether `obj` carries `finalizer`. */
export function hasFinalizer(obj: KubernetesObject, finalizer: string): boolean {
  return obj.metadata?.finalizers?.includes(finalizer) ?? false;
}

/** Adds `finalizer` to the object (no-op when present); returns the object as stored. */
export async function addFinalizer<T extends KubernetesObject>(
  clients: KubeClients,
  ref: ObjectRef,
  finalizer: string,
): Promise<T> {
  return (await editFinalizers(clients, ref, (list) =>
    list.includes(finalizer) ? undefined : [...list, finalizer],
  )) as T;
}

/**
 * Removes `finalizer` from the object (no-op when absent); returns the object as stored, or undefined
 * when the removal let the API server delete it.
 */
export async function removeFinalizer<T extends KubernetesObject>(
  clients: KubeClients,
  ref: ObjectRef,
  finalizer: string,
): Promise<T | undefined> {
  try {
    return (await editFinalizers(clients, ref, (list) =>
      list.includes(finalizer) ? list.filter((item) => item !== finalizer) : undefined,
    )) as T;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * Merge-patches metadata.finalizers with the resourceVersion it was computed from, so a finalizer another
 * controller added meanwhile is never dropped: a conflict rereads and recomputes.
 */
async function editFinalizers(
  clients: KubeClients,
  ref: ObjectRef,
  edit: (finalizers: string[]) => string[] | undefined,
  attempts = 5,
): Promise<KubernetesObject> {
  const { group, version, plural } = ref.kind;
  const target = { group, version, plural, namespace: ref.namespace, name: ref.name };
  for (let attempt = 1; ; attempt++) {
    const current = (await clients.customObjects.getNamespacedCustomObject(target)) as KubernetesObject;
    const next = edit(current.metadata?.finalizers ?? []);
    if (next === undefined) return current;
    const body = { metadata: { finalizers: next, resourceVersion: current.metadata?.resourceVersion } };
    try {
      return (await clients.customObjects.patchNamespacedCustomObject(
        { ...target, body },
        mergePatch,
      )) as KubernetesObject;
    } catch (err) {
      if (!isConflict(err) || attempt >= attempts) throw err;
    }
  }
}
