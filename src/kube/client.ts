import {
  ApiException,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  EventsV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';

/** A resource type as the API addresses it; `group` is '' for the core group (Secrets, ConfigMaps). */
export interface ResourceKind {
  group: string;
  version: string;
  plural: string;
}

/** The typed API clients the runtime uses, all sharing one KubeConfig. */
export interface KubeClients {
  config: KubeConfig;
  customObjects: CustomObjectsApi;
  core: CoreV1Api;
  coordination: CoordinationV1Api;
  events: EventsV1Api;
}

/**
 * Loads the KubeConfig: the given one, else the pod's service account when running in a cluster,
 * else $KUBECONFIG or ~/.kube/config.
 */
export function loadKubeConfig(given?: KubeConfig): KubeConfig {
  if (given) return given;
  const config = new KubeConfig();
  if (process.env.KUBERNETES_SERVICE_HOST && !process.env.KUBECONFIG) config.loadFromCluster();
  else config.loadFromDefault();
  return config;
}

/** Creates the typed API clients for `config` (loaded as `loadKubeConfig` does when omitted). */
export function createKubeClients(config?: KubeConfig): KubeClients {
  const loaded = loadKubeConfig(config);
  return {
    config: loaded,
    customObjects: loaded.makeApiClient(CustomObjectsApi),
    core: loaded.makeApiClient(CoreV1Api),
    coordination: loaded.makeApiClient(CoordinationV1Api),
    events: loaded.makeApiClient(EventsV1Api),
  };
}

/** Request options that send a patch as a JSON merge patch (the generated client defaults to JSON patch). */
export const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** The HTTP status of a failed API call, if it carried one. */
export function apiStatusCode(err: unknown): number | undefined {
  if (err instanceof ApiException) return err.code;
  return undefined;
}

/** Whether an API call failed with 409 Conflict (a stale resourceVersion or an existing name). */
export function isConflict(err: unknown): boolean {
  return apiStatusCode(err) === 409;
}

/** Whether an API call failed with 404 Not Found. */
export function isNotFound(err: unknown): boolean {
  return apiStatusCode(err) === 404;
}

/** The REST path of a collection, optionally limited to one namespace. */
export function collectionPath(kind: ResourceKind, namespace?: string): string {
  const prefix = kind.group === '' ? `/api/${kind.version}` : `/apis/${kind.group}/${kind.version}`;
  return namespace ? `${prefix}/namespaces/${namespace}/${kind.plural}` : `${prefix}/${kind.plural}`;
}

/** The "namespace/name" (or "name" when cluster-scoped) key of an object, as client-go's cache keys. */
export function objectKey(metadata: { namespace?: string; name?: string } | undefined): string {
  const name = metadata?.name ?? '';
  return metadata?.namespace ? `${metadata.namespace}/${name}` : name;
}

/** Splits a key made by `objectKey`. */
export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const slash = key.indexOf('/');
  return slash === -1
    ? { namespace: undefined, name: key }
    : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
