// Creating, patching, reading and deleting crosstenant.io resources in integration tests, by kind: where each
// kind is served comes from its definition in src/api.
import type { KindName } from '../../src/api/index.js';
import { API_VERSION, GROUP, VERSION, kindDefinition } from '../../src/api/index.js';
import type { KubeClients } from '../../src/kube/client.js';
import { isNotFound, mergePatch } from '../../src/kube/client.js';
import type { Condition } from '../../src/kube/conditions.js';
import { waitFor } from './poll.js';

/** A resource as read back: metadata, spec and status. */
export interface Stored {
  metadata: {
    name: string;
    generation?: number;
    annotations?: Record<string, string>;
    finalizers?: string[];
  };
  spec: Record<string, unknown>;
  status?: { observedGeneration?: number; conditions?: Condition[] } & Record<string, unknown>;
}

/** Where the API server serves `kind`: its group, version and plural. */
export function resourceOf(kind: KindName): { group: string; version: string; plural: string } {
  return { group: GROUP, version: VERSION, plural: kindDefinition(kind).plural };
}

function target(kind: KindName, namespace: string) {
  return { ...resourceOf(kind), namespace };
}

/** A resource of `kind` named `name` in `namespace` with the given spec, as a client sends it. */
export function manifest(
  kind: KindName,
  namespace: string,
  name: string,
  spec: Record<string, unknown>,
): {
  apiVersion: string;
  kind: KindName;
  metadata: { name: string; namespace: string };
  spec: Record<string, unknown>;
} {
  return { apiVersion: API_VERSION, kind, metadata: { name, namespace }, spec };
}

/** Creates a resource of `kind`. */
export async function create(
  clients: KubeClients,
  kind: KindName,
  namespace: string,
  name: string,
  spec: Record<string, unknown>,
): Promise<void> {
  await clients.customObjects.createNamespacedCustomObject({
    ...target(kind, namespace),
    body: manifest(kind, namespace, name, spec),
  });
}

/** Merge-patches a resource's spec or metadata. */
export async function patch(
  clients: KubeClients,
  kind: KindName,
  namespace: string,
  name: string,
  body: Record<string, unknown>,
): Promise<void> {
  await clients.customObjects.patchNamespacedCustomObject(
    { ...target(kind, namespace), name, body },
    mergePatch,
  );
}

/** Merge-patches a resource's status subresource (the test standing in for another controller). */
export async function patchStatus(
  clients: KubeClients,
  kind: KindName,
  namespace: string,
  name: string,
  status: Record<string, unknown>,
): Promise<void> {
  await clients.customObjects.patchNamespacedCustomObjectStatus(
    { ...target(kind, namespace), name, body: { status } },
    mergePatch,
  );
}

/** Reads a resource. */
export async function get(
  clients: KubeClients,
  kind: KindName,
  namespace: string,
  name: string,
): Promise<Stored> {
  return (await clients.customObjects.getNamespacedCustomObject({
    ...target(kind, namespace),
    name,
  })) as Stored;
}

/** Deletes a resource; the operator may still hold it by a finalizer. */
export async function remove(
  clients: KubeClients,
  kind: KindName,
  namespace: string,
  name: string,
): Promise<void> {
  await clients.customObjects.deleteNamespacedCustomObject({ ...target(kind, namespace), name });
}

/** Deletes a resource and waits until it is gone, finalizers and all. */
export async function deleteAndWaitGone(
  clients: KubeClients,
  kind: KindName,
  namespace: string,
  name: string,
  timeoutMs = 30_000,
): Promise<void> {
  await remove(clients, kind, namespace, name);
  await waitFor(
    `${kind} ${name} to be gone`,
    () =>
      get(clients, kind, namespace, name).then(
        () => undefined,
        (err: unknown) => (isNotFound(err) ? true : undefined),
      ),
    timeoutMs,
  );
}

/** A condition of a resource, as `True/Reason`. */
export function conditionOf(
  resource: { status?: { conditions?: Condition[] } },
  type: string,
): string | undefined {
  const found = resource.status?.conditions?.find((c) => c.type === type);
  return found ? `${found.status}/${found.reason}` : undefined;
}

/** Waits until `check` holds for the resource as reconciled at its current generation; returns it. */
export function waitUntil(
  clients: KubeClients,
  kind: KindName,
  namespace: string,
  name: string,
  what: string,
  check: (resource: Stored) => boolean,
  timeoutMs = 30_000,
): Promise<Stored> {
  return waitFor(
    `${kind} ${name} ${what}`,
    async () => {
      const resource = await get(clients, kind, namespace, name);
      const current = resource.status?.observedGeneration === resource.metadata.generation;
      return current && check(resource) ? resource : undefined;
    },
    timeoutMs,
  );
}

/** The notes of the Events with `reason` about resources of `kind` in the namespace. */
export async function eventNotes(
  clients: KubeClients,
  namespace: string,
  kind: KindName,
  reason: string,
): Promise<string[]> {
  const list = await clients.events.listNamespacedEvent({ namespace });
  return list.items.filter((e) => e.regarding?.kind === kind && e.reason === reason).map((e) => e.note ?? '');
}
