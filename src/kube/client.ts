import type { Middleware, RequestContext, ResponseContext } from '@kubernetes/client-node';
import {
  ApiException,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  EventsV1Api,
  KubeConfig,
  PatchStrategy,
  ServerConfiguration,
  createConfiguration,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { currentSignal } from './cancellation.js';

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

/**
 * Ties each request to the cancellation of the work making it: none starts once that work is cancelled (a
 * reconcile after the lease was lost writes no status), and one in flight is cut off.
 */
const cancellation: Middleware = {
  pre: (context: RequestContext) => {
    const signal = currentSignal();
    if (signal) {
      signal.throwIfAborted();
      context.setSignal(signal);
    }
    return Promise.resolve(context);
  },
  post: (response: ResponseContext) => Promise.resolve(response),
};

/** Creates the typed API clients for `config` (loaded as `loadKubeConfig` does when omitted). */
export function createKubeClients(config?: KubeConfig): KubeClients {
  const loaded = loadKubeConfig(config);
  const cluster = loaded.getCurrentCluster();
  if (!cluster) throw new Error('No active cluster!');
  // As KubeConfig.makeApiClient does, plus the cancellation middleware.
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: loaded },
    promiseMiddleware: [cancellation],
  });
  return {
    config: loaded,
    customObjects: new CustomObjectsApi(configuration),
    core: new CoreV1Api(configuration),
    coordination: new CoordinationV1Api(configuration),
    events: new EventsV1Api(configuration),
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
