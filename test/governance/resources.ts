// Creating, patching and reading crosstenant.io resources in governance integration tests.
import type { KindName } from '../../src/api/index.js';
import { API_VERSION, GROUP, VERSION, kindDefinition } from '../../src/api/index.js';
import type { KubeClients } from '../../src/kube/client.js';
import { mergePatch } from '../../src/kube/client.js';
import type { Condition } from '../../src/kube/conditions.js';
import { waitFor } from '../support/operator.js';

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

function target(kind: KindName, namespace: string) {
  return { group: GROUP, version: VERSION, plural: kindDefinition(kind).plural, namespace };
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
    body: { apiVersion: API_VERSION, kind, metadata: { name, namespace }, spec },
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

/** Deletes a resource and waits (up to 30 s) until it is gone, finalizers and all. */
export async function deleteAndWaitGone(
  clients: KubeClients,
  kind: KindName,
  namespace: string,
  name: string,
): Promise<void> {
  await clients.customObjects.deleteNamespacedCustomObject({ ...target(kind, namespace), name });
  await waitFor(`${kind} ${name} to be gone`, async () => {
    try {
      await get(clients, kind, namespace, name);
      return undefined;
    } catch {
      return true;
    }
  });
}

/** A condition of a resource, as `True/Reason`. */
export function conditionOf(resource: Stored, type: string): string | undefined {
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
