import type {
  Informer,
  KubernetesListObject,
  KubernetesObject,
  ListPromise,
  ObjectCache,
} from '@kubernetes/client-node';
import { makeInformer } from '@kubernetes/client-node';
import type { Logger } from 'winston';
import { logger as rootLogger } from '../observability/logger.js';
import type { Clock, TimerHandle } from '../time/clock.js';
import { realClock } from '../time/clock.js';
import type { KubeClients, ResourceKind } from './client.js';
import { collectionPath } from './client.js';
import { restartDelay } from './restart-delay.js';

/** Read access to an informer's cache. */
export interface Lister<T> {
  get(namespace: string | undefined, name: string): T | undefined;
  list(namespace?: string): readonly T[];
}

/** Options for an informer: one namespace (all when omitted), a label selector, and the clock. */
export interface InformerOptions {
  namespace?: string;
  labelSelector?: string;
  clock?: Clock;
  logger?: Logger;
}

/** The event kinds an informer reports. */
export type InformerEvent = 'add' | 'update' | 'delete';

/**
 * A list-watch cache of one resource type that restarts its watch after errors with backoff (the
 * client-node ListWatch stops on any error other than 410 Gone, where client-go's reflector retries).
 */
export class ResourceInformer<T extends KubernetesObject> implements Lister<T> {
  private readonly informer: Informer<T> & ObjectCache<T>;
  private readonly clock: Clock;
  private readonly log: Logger;
  private synced = false;
  private stopped = true;
  private failures = 0;
  private restartTimer: TimerHandle | undefined;
  private syncWaiters: (() => void)[] = [];

  constructor(
    clients: KubeClients,
    readonly kind: ResourceKind,
    options: InformerOptions = {},
  ) {
    this.clock = options.clock ?? realClock;
    this.log = options.logger ?? rootLogger;
    const list = listFunction<T>(clients, kind, options.namespace, options.labelSelector);
    const listAndMarkSynced: ListPromise<T> = async () => {
      const result = await list();
      this.failures = 0;
      this.markSynced();
      return result;
    };
    this.informer = makeInformer<T>(
      clients.config,
      collectionPath(kind, options.namespace),
      listAndMarkSynced,
      options.labelSelector,
    );
    this.informer.on('error', (err: unknown) => this.restartLater(err));
  }

  /** Registers a handler for adds, updates or deletes seen by the watch (and by re-lists). */
  on(event: InformerEvent, handler: (obj: T) => void): void {
    this.informer.on(event, handler);
  }

  /**
   * Starts listing and watching (once: a second call only waits); resolves once the first list is in the
   * cache, rejects after `timeoutMs`.
   */
  async start(timeoutMs = 120_000): Promise<void> {
    // Several controllers start a shared informer; one list-watch serves them all.
    if (this.stopped) {
      this.stopped = false;
      void this.informer.start().catch((err: unknown) => this.restartLater(err));
    }
    if (this.synced) return;
    await new Promise<void>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        this.syncWaiters = this.syncWaiters.filter((waiter) => waiter !== done);
        reject(
          new Error(`timed out after ${timeoutMs} ms waiting for the ${this.kind.plural} cache to sync`),
        );
      }, timeoutMs);
      const done = (): void => {
        this.clock.clearTimeout(timer);
        resolve();
      };
      this.syncWaiters.push(done);
    });
  }

  /** Stops watching (a pending `start` resolves unsynced); the cache keeps its last content. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeSyncWaiters();
    if (this.restartTimer) this.clock.clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    await this.informer.stop();
  }

  /** Whether the first list has completed. */
  hasSynced(): boolean {
    return this.synced;
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.informer.get(name, namespace);
  }

  list(namespace?: string): readonly T[] {
    return this.informer.list(namespace);
  }

  private markSynced(): void {
    if (this.synced) return;
    this.synced = true;
    this.wakeSyncWaiters();
  }

  private wakeSyncWaiters(): void {
    const waiters = this.syncWaiters;
    this.syncWaiters = [];
    for (const wake of waiters) wake();
  }

  private restartLater(err: unknown): void {
    if (this.stopped || this.restartTimer) return;
    const { delayMs: delay, counts } = restartDelay(err, this.failures);
    if (counts) this.failures += 1;
    this.log.warn('watch failed; restarting', {
      resource: this.kind.plural,
      error: err instanceof Error ? err.message : String(err),
      retryInMs: delay,
    });
    this.restartTimer = this.clock.setTimeout(() => {
      this.restartTimer = undefined;
      if (!this.stopped) void this.informer.start().catch((next: unknown) => this.restartLater(next));
    }, delay);
  }
}

type AnyList = KubernetesListObject<KubernetesObject>;

/** The list call for a kind: CustomObjectsApi for API groups, CoreV1Api for the core Secrets and ConfigMaps. */
function listFunction<T extends KubernetesObject>(
  clients: KubeClients,
  kind: ResourceKind,
  namespace: string | undefined,
  labelSelector: string | undefined,
): ListPromise<T> {
  const { core, customObjects } = clients;
  const list = ((): (() => Promise<AnyList>) => {
    if (kind.group !== '') {
      const { group, version, plural } = kind;
      return namespace
        ? () => customObjects.listNamespacedCustomObject({ group, version, plural, namespace, labelSelector })
        : () => customObjects.listClusterCustomObject({ group, version, plural, labelSelector });
    }
    switch (kind.plural) {
      case 'secrets':
        return namespace
          ? () => core.listNamespacedSecret({ namespace, labelSelector })
          : () => core.listSecretForAllNamespaces({ labelSelector });
      case 'configmaps':
        return namespace
          ? () => core.listNamespacedConfigMap({ namespace, labelSelector })
          : () => core.listConfigMapForAllNamespaces({ labelSelector });
      default:
        throw new Error(`informers for core resource ${kind.plural} are not supported`);
    }
  })();
  return list as unknown as ListPromise<T>;
}
