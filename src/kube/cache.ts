// The process's one informer per resource type, as controller-runtime's manager cache: every controller
// and every reference lookup reads the same list-watch instead of opening its own or calling the API server.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubeClients, ResourceKind } from './client.js';
import type { InformerOptions, Lister } from './informer.js';
import { ResourceInformer } from './informer.js';

/** Cached reads of one resource type, by namespace and name. */
export interface CachedLister<T> extends Lister<T> {
  /** Whether the first list is in the cache: before that, an absent object proves nothing. */
  hasSynced(): boolean;
}

/** Where a controller gets the informers it watches and the listers it reads references from. */
export interface InformerSource {
  informer<T extends KubernetesObject>(kind: ResourceKind): ResourceInformer<T>;
  lister<T extends KubernetesObject>(kind: ResourceKind): CachedLister<T>;
}

/**
 * One informer per resource type for the whole process, created on first use and limited to the options'
 * namespace. `start` starts every informer created so far, and those created later at once; only `stop`
 * stops them, since several controllers share each.
 */
export class InformerCache implements InformerSource {
  private readonly informers = new Map<string, ResourceInformer<KubernetesObject>>();
  private started: { timeoutMs: number } | undefined;

  constructor(
    private readonly clients: KubeClients,
    private readonly options: InformerOptions = {},
  ) {}

  /** The shared informer of `kind`. */
  informer<T extends KubernetesObject>(kind: ResourceKind): ResourceInformer<T> {
    const id = `${kind.group}/${kind.version}/${kind.plural}`;
    let informer = this.informers.get(id);
    if (!informer) {
      informer = new ResourceInformer<KubernetesObject>(this.clients, kind, this.options);
      this.informers.set(id, informer);
      // A lookup of a kind no controller watches: its lister is empty until the first list, as `hasSynced` says.
      if (this.started) void informer.start(this.started.timeoutMs).catch(() => undefined);
    }
    return informer as unknown as ResourceInformer<T>;
  }

  /** Cached get and list of `kind`, from its shared informer. */
  lister<T extends KubernetesObject>(kind: ResourceKind): CachedLister<T> {
    return this.informer<T>(kind);
  }

  /** Starts every informer created so far and resolves once all have synced; rejects after `timeoutMs`. */
  async start(timeoutMs = 120_000): Promise<void> {
    this.started = { timeoutMs };
    await Promise.all([...this.informers.values()].map((informer) => informer.start(timeoutMs)));
  }

  /** Whether every informer created so far has synced. */
  hasSynced(): boolean {
    return [...this.informers.values()].every((informer) => informer.hasSynced());
  }

  /** Stops every informer; their caches keep their last content. */
  async stop(): Promise<void> {
    this.started = undefined;
    await Promise.all([...this.informers.values()].map((informer) => informer.stop()));
  }
}
