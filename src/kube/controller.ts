import type { KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from 'winston';
import { logger as rootLogger, loggerFor } from '../observability/logger.js';
import type { Clock, TimerHandle } from '../time/clock.js';
import { realClock } from '../time/clock.js';
import { runCancellable } from './cancellation.js';
import type { KubeClients, ResourceKind } from './client.js';
import { objectKey, splitKey } from './client.js';
import type { InformerSource } from './cache.js';
import type { Lister } from './informer.js';
import { ResourceInformer } from './informer.js';
import type { ReconcileOutcome } from './metrics.js';
import {
  activeWorkers,
  maxConcurrentReconciles as maxConcurrentGauge,
  reconcileErrorsTotal,
  reconcilePanicsTotal,
  reconcileTimeSeconds,
  reconcileTotal,
  terminalReconcileErrorsTotal,
} from './metrics.js';
import type { RateLimiter } from './rate-limiter.js';
import { WorkQueue } from './workqueue.js';

/** What a reconcile asks for next; a thrown error means a rate-limited retry. */
export interface ReconcileResult {
  requeue?: boolean;
  requeueAfterMs?: number;
}

/** Thrown by a reconcile that retrying cannot fix (controller-runtime's TerminalError): no retry. */
export class TerminalError extends Error {
  override readonly name = 'TerminalError';
}

/** What a reconcile gets besides the key and the cached object. */
export interface ReconcileContext {
  log: Logger;
  /**
   * Fires when the reconcile must stop at once (the lease is lost): every Kubernetes and Graph call made
   * under it fails from then on, so checking it is needed only around work that makes no call.
   */
  signal: AbortSignal;
}

/** A gate's answer for a key: reconcile it (stopping when `signal` fires), forget it as if deleted, or skip it. */
export type Admission = { kind: 'reconcile'; signal: AbortSignal } | { kind: 'forget' } | { kind: 'skip' };

/** Decides whether this replica reconciles a key now (sharding: src/kube/sharding). */
export interface ReconcileGate {
  admit(controller: string, key: string): Admission;
  /** A reconcile that `admit` let through has ended. */
  done(controller: string, key: string): void;
}

/** A secondary watch: changes to objects of `kind` requeue the primary keys `mapToKeys` returns. */
export interface WatchSpec {
  kind: ResourceKind;
  mapToKeys: (obj: KubernetesObject) => string[];
}

/** Everything a controller needs; `namespace` limits its informers to one namespace (all when omitted). */
export interface ControllerOptions<T extends KubernetesObject> {
  name: string;
  kind: ResourceKind;
  clients: KubeClients;
  reconcile: (key: string, obj: T | undefined, context: ReconcileContext) => Promise<ReconcileResult | void>;
  maxConcurrentReconciles?: number;
  resyncPeriodMs?: number;
  watches?: WatchSpec[];
  namespace?: string;
  /**
   * The process's shared informers: the controller watches through them instead of its own, and leaves
   * stopping them to their owner.
   */
  cache?: InformerSource;
  /** Skip updates that change neither generation nor metadata (status-only writes, including our own). */
  ignoreStatusOnlyUpdates?: boolean;
  cacheSyncTimeoutMs?: number;
  clock?: Clock;
  rateLimiter?: RateLimiter<string>;
  logger?: Logger;
}

/** A running controller: its cache, its queue, and its lifecycle. */
export interface Controller<T extends KubernetesObject> {
  readonly name: string;
  readonly kind: ResourceKind;
  readonly lister: Lister<T>;
  /** Lets `gate` decide which keys this replica reconciles; set before `start`. */
  setGate(gate: ReconcileGate): void;
  /**
   * Starts the informers and resolves once every cache has synced (rejects on timeout); queued keys wait
   * for `start`. Standby replicas run only this, as controller-runtime's manager cache runs on all.
   */
  startCaches(): Promise<void>;
  /** Starts the caches if needed and, once synced, the workers; rejects on sync timeout. */
  start(): Promise<void>;
  /** Stops watching and waits for in-flight reconciles; queued keys are dropped. */
  stop(): Promise<void>;
  /**
   * Cancels every reconcile in flight at once and starts no more (the lease is lost): their calls fail from
   * this moment on. `stop` still waits for them to unwind.
   */
  cancel(reason: string): void;
  /** Whether every cache of this controller has synced. */
  hasSynced(): boolean;
  /** Queues a key by hand (for example from another controller). */
  enqueue(key: string): void;
}

const PROGRAMMING_ERRORS = [TypeError, ReferenceError, RangeError, SyntaxError];

/** Creates a controller with controller-runtime's semantics over client-node informers. */
export function createController<T extends KubernetesObject>(options: ControllerOptions<T>): Controller<T> {
  return new ControllerImpl(options);
}

class ControllerImpl<T extends KubernetesObject> implements Controller<T> {
  readonly name: string;
  readonly kind: ResourceKind;
  readonly lister: Lister<T>;
  private gate: ReconcileGate | undefined;
  private readonly primary: ResourceInformer<T>;
  private readonly secondaries: ResourceInformer<KubernetesObject>[] = [];
  private readonly queue: WorkQueue<string>;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly workers: Promise<void>[] = [];
  private readonly fingerprints = new Map<string, string>();
  private resyncTimer: TimerHandle | undefined;
  private cachesStarted: Promise<void> | undefined;
  private stopping = false;
  private readonly fence = new AbortController();

  constructor(private readonly options: ControllerOptions<T>) {
    this.name = options.name;
    this.kind = options.kind;
    this.clock = options.clock ?? realClock;
    this.log = options.logger ?? loggerFor({ controller: options.name }, rootLogger);
    const informerOptions = { namespace: options.namespace, clock: this.clock, logger: this.log };
    const informerOf = <O extends KubernetesObject>(kind: ResourceKind): ResourceInformer<O> =>
      options.cache?.informer<O>(kind) ?? new ResourceInformer<O>(options.clients, kind, informerOptions);
    this.primary = informerOf<T>(options.kind);
    this.lister = this.primary;
    this.queue = new WorkQueue<string>({
      name: options.name,
      controller: options.name,
      clock: this.clock,
      rateLimiter: options.rateLimiter,
    });
    this.primary.on('add', (obj) => this.onPrimary(obj, false));
    this.primary.on('update', (obj) => this.onPrimary(obj, true));
    this.primary.on('delete', (obj) => {
      this.fingerprints.delete(objectKey(obj.metadata));
      this.queue.add(objectKey(obj.metadata));
    });
    for (const watch of options.watches ?? []) {
      const informer = informerOf<KubernetesObject>(watch.kind);
      const requeue = (obj: KubernetesObject): void => {
        try {
          for (const key of watch.mapToKeys(obj)) this.queue.add(key);
        } catch (err) {
          this.log.error('mapping a watched object to keys failed', {
            resource: watch.kind.plural,
            error: err,
          });
        }
      };
      informer.on('add', requeue);
      informer.on('update', requeue);
      informer.on('delete', requeue);
      this.secondaries.push(informer);
    }
  }

  startCaches(): Promise<void> {
    const timeout = this.options.cacheSyncTimeoutMs ?? 120_000;
    this.cachesStarted ??= Promise.all(
      [this.primary, ...this.secondaries].map((informer) => informer.start(timeout)),
    ).then(() => undefined);
    return this.cachesStarted;
  }

  async start(): Promise<void> {
    const workers = Math.max(1, this.options.maxConcurrentReconciles ?? 1);
    const controller = this.name;
    maxConcurrentGauge.set({ controller }, workers);
    activeWorkers.set({ controller }, 0);
    // Zero every series up front, as controller-runtime does, so rate() sees a start rather than a gap.
    for (const result of ['success', 'error', 'requeue', 'requeue_after'] as const) {
      reconcileTotal.inc({ controller, result }, 0);
    }
    for (const counter of [reconcileErrorsTotal, terminalReconcileErrorsTotal, reconcilePanicsTotal]) {
      counter.inc({ controller }, 0);
    }
    await this.startCaches();
    if (this.stopping || this.workers.length > 0) return;
    this.log.info('caches synced; starting workers', { workers });
    for (let i = 0; i < workers; i++) this.workers.push(this.work());
    this.scheduleResync();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.resyncTimer) this.clock.clearTimeout(this.resyncTimer);
    if (!this.options.cache)
      await Promise.all([this.primary, ...this.secondaries].map((informer) => informer.stop()));
    this.queue.shutDown();
    await Promise.all(this.workers);
    await this.queue.whenIdle();
  }

  cancel(reason: string): void {
    this.stopping = true;
    if (this.resyncTimer) this.clock.clearTimeout(this.resyncTimer);
    this.queue.shutDown();
    this.fence.abort(new Error(reason));
  }

  setGate(gate: ReconcileGate): void {
    this.gate = gate;
  }

  hasSynced(): boolean {
    return this.primary.hasSynced() && this.secondaries.every((informer) => informer.hasSynced());
  }

  enqueue(key: string): void {
    this.queue.add(key);
  }

  private onPrimary(obj: T, isUpdate: boolean): void {
    const key = objectKey(obj.metadata);
    const fingerprint = JSON.stringify([
      obj.metadata?.generation,
      obj.metadata?.labels,
      obj.metadata?.annotations,
      obj.metadata?.finalizers,
      obj.metadata?.deletionTimestamp,
    ]);
    const previous = this.fingerprints.get(key);
    this.fingerprints.set(key, fingerprint);
    if (isUpdate && this.options.ignoreStatusOnlyUpdates && previous === fingerprint) return;
    this.queue.add(key);
  }

  private scheduleResync(): void {
    const period = this.options.resyncPeriodMs;
    if (!period || this.stopping) return;
    // Jitter as controller-runtime's SyncPeriod does, so replicas of many controllers do not resync in step.
    const delay = period * (1 + Math.random() * 0.1);
    this.resyncTimer = this.clock.setTimeout(() => {
      for (const obj of this.primary.list()) this.queue.add(objectKey(obj.metadata));
      this.scheduleResync();
    }, delay);
  }

  private async work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      if (this.stopping) {
        this.queue.done(key);
        return;
      }
      activeWorkers.inc({ controller: this.name });
      try {
        await this.reconcileKey(key);
      } finally {
        activeWorkers.dec({ controller: this.name });
        this.queue.done(key);
      }
    }
  }

  private async reconcileKey(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const log = loggerFor({ namespace, name }, this.log);
    const controller = this.name;
    const started = this.clock.now();
    const count = (outcome: ReconcileOutcome): void => {
      reconcileTotal.inc({ controller, result: outcome });
    };
    const admission: Admission = this.gate?.admit(controller, key) ?? {
      kind: 'reconcile',
      signal: this.fence.signal,
    };
    if (admission.kind === 'skip') {
      this.queue.forget(key);
      return;
    }
    const signal =
      admission.kind === 'reconcile'
        ? AbortSignal.any([this.fence.signal, admission.signal])
        : this.fence.signal;
    const obj = admission.kind === 'forget' ? undefined : this.primary.get(namespace, name);
    let result: ReconcileResult | void;
    try {
      result = await runCancellable(signal, () => this.options.reconcile(key, obj, { log, signal }), true);
    } catch (err) {
      if (signal.aborted) {
        log.info('reconcile cancelled', { reason: String(signal.reason) });
        return;
      }
      reconcileErrorsTotal.inc({ controller });
      count('error');
      if (PROGRAMMING_ERRORS.some((type) => err instanceof type) || !(err instanceof Error)) {
        reconcilePanicsTotal.inc({ controller });
      }
      if (err instanceof TerminalError) {
        terminalReconcileErrorsTotal.inc({ controller });
        this.queue.forget(key);
        log.error('reconcile failed terminally', { error: err });
      } else {
        this.queue.addRateLimited(key);
        log.error('reconcile failed; retrying', { error: err, retries: this.queue.numRequeues(key) });
      }
      return;
    } finally {
      reconcileTimeSeconds.observe({ controller }, (this.clock.now() - started) / 1000);
      if (admission.kind === 'reconcile') this.gate?.done(controller, key);
    }
    if (result?.requeueAfterMs !== undefined && result.requeueAfterMs > 0) {
      this.queue.forget(key);
      this.queue.addAfter(key, result.requeueAfterMs);
      count('requeue_after');
    } else if (result?.requeue) {
      this.queue.addRateLimited(key);
      count('requeue');
    } else {
      this.queue.forget(key);
      count('success');
    }
  }
}
