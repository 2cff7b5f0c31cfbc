import type { KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from 'winston';
import type { HealthServers } from '../observability/health-server.js';
import { startHealthServers } from '../observability/health-server.js';
import { logger as rootLogger } from '../observability/logger.js';
import type { InformerCache } from './cache.js';
import type { KubeClients } from './client.js';
import type { Controller } from './controller.js';
import { fenceCalls } from './cancellation.js';
import { LeaderElector } from './leader-election.js';
import type { ShardingOptions } from './sharding/options.js';
import { ShardCoordinator } from './sharding/coordinator.js';
import { shardElection } from './sharding/leases.js';

/** What the manager runs and where it listens (kubebuilder flag names in spirit). */
export interface ManagerOptions {
  clients: KubeClients;
  controllers: readonly Controller<KubernetesObject>[];
  /** The informers the controllers share: filled on every replica with the controllers' caches. */
  cache?: InformerCache;
  /** Lease-based election (`--leader-elect`); without it every replica reconciles. */
  leaderElection?: { leaseName: string; namespace: string; identity?: string };
  /**
   * Sharding (`--sharding`): every replica holds a shard Lease of its own instead of competing for one, and
   * reconciles only the objects assigned to it (src/kube/sharding). Replaces `leaderElection`.
   */
  sharding?: ShardingOptions;
  metricsBindAddress?: string;
  probeBindAddress?: string;
  /** How long `stop` waits for in-flight reconciles (controller-runtime's default 30 s). */
  gracefulShutdownMs?: number;
  logger?: Logger;
}

/**
 * controller-runtime's manager: serves /metrics, /healthz and /readyz, fills every cache on every replica
 * (ready once synced), and runs the controllers' workers only while this replica holds the lease.
 */
export class Manager {
  private servers: HealthServers | undefined;
  private elector: LeaderElector | undefined;
  private sharder: ShardCoordinator | undefined;
  private controllersRunning = false;
  private stopping = false;
  private stopped: (() => void) | undefined;
  private readonly log: Logger;

  constructor(private readonly options: ManagerOptions) {
    this.log = options.logger ?? rootLogger;
  }

  /** The bound addresses, once `run` has started the servers. */
  get addresses(): Pick<HealthServers, 'metricsAddress' | 'probeAddress'> | undefined {
    return this.servers;
  }

  /** Whether every controller's caches have synced (what /readyz reports). */
  hasSynced(): boolean {
    return (
      this.options.controllers.every((controller) => controller.hasSynced()) &&
      (this.options.cache?.hasSynced() ?? true)
    );
  }

  /** Whether this replica's workers are running. */
  isActive(): boolean {
    return this.controllersRunning;
  }

  /**
   * Runs until `stop` is called or leadership is lost; a caller should exit the process when it resolves
   * without `stop`, as controller-runtime does, so a fresh replica starts clean.
   */
  async run(): Promise<void> {
    this.servers = await startHealthServers({
      metricsBindAddress: this.options.metricsBindAddress,
      probeBindAddress: this.options.probeBindAddress,
      // A replica shutting down takes no more traffic, whatever its caches say.
      readyChecks: { caches: () => this.hasSynced(), shutdown: () => !this.stopping },
    });
    try {
      await Promise.all([
        ...this.options.controllers.map((controller) => controller.startCaches()),
        this.options.cache?.start(),
      ]);
      const sharding = this.options.sharding;
      const election = sharding ? shardElection(sharding) : this.options.leaderElection;
      if (!election) {
        await this.startControllers();
        if (!this.stopping) await new Promise<void>((resolve) => (this.stopped = resolve));
        return;
      }
      this.elector = new LeaderElector({
        clients: this.options.clients,
        ...election,
        logger: this.log,
        onStartedLeading: async () => {
          try {
            await this.sharder?.start();
          } catch (err) {
            // Holding a shard Lease without acting would strand the shard's objects: give the Lease up and exit.
            this.log.error('sharding could not start; giving up the shard', { error: err });
            await this.elector?.stop();
            return;
          }
          await this.startControllers();
        },
        // controller-runtime exits at once when the lease is lost; here every reconcile is cancelled at once
        // (no Graph write, no status write after this moment) and `run` returns for the caller to exit.
        onStoppedLeading: () => this.cancelControllers('leader election lost'),
      });
      const elector = this.elector;
      if (sharding)
        this.sharder = new ShardCoordinator(sharding, this.options.controllers, () => elector.holdsLease());
      fenceCalls(
        () => elector.holdsLease(),
        () => this.cancelControllers('the lease was not renewed within the renew deadline'),
      );
      if (!this.stopping) await this.elector.run();
    } finally {
      await this.servers.close();
    }
  }

  /**
   * Stops the workers, waiting up to the graceful timeout for in-flight reconciles; past it, cancels them and
   * waits no longer. Then releases the lease.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    // No object changes hands while this replica winds down; releasing its Lease then frees them all at once.
    await this.sharder?.stop();
    const timeoutMs = this.options.gracefulShutdownMs ?? 30_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>(
      (resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)),
    );
    const outcome = await Promise.race([this.stopControllers().then(() => 'done' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.log.warn('graceful shutdown timed out; in-flight reconciles cancelled', { timeoutMs });
      this.cancelControllers('graceful shutdown timed out');
    }
    await this.elector?.stop();
    await this.options.cache?.stop();
    this.stopped?.();
  }

  private async startControllers(): Promise<void> {
    if (this.stopping || this.controllersRunning) return;
    this.controllersRunning = true;
    await Promise.all(this.options.controllers.map((controller) => controller.start()));
  }

  private cancelControllers(reason: string): void {
    void this.sharder?.stop();
    for (const controller of this.options.controllers) controller.cancel(reason);
    this.controllersRunning = false;
  }

  private async stopControllers(): Promise<void> {
    await Promise.all(this.options.controllers.map((controller) => controller.stop()));
    this.controllersRunning = false;
  }
}
