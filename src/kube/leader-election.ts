import type { V1Lease, V1LeaseSpec } from '@kubernetes/client-node';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'winston';
import { logger as rootLogger } from '../observability/logger.js';
import { withTimeout } from './cancellation.js';
import type { Clock, TimerHandle } from '../time/clock.js';
import { realClock } from '../time/clock.js';
import type { KubeClients } from './client.js';
import { isNotFound } from './client.js';
import { microTime } from './events.js';
import { leaderElectionMasterStatus } from './metrics.js';

/** Lease-based leader election settings; durations default to controller-runtime's (15 s, 10 s, 2 s). */
export interface LeaderElectionOptions {
  clients: Pick<KubeClients, 'coordination'>;
  leaseName: string;
  namespace: string;
  identity?: string;
  /** Labels of the Lease when this replica creates it (shard Leases are found by theirs). */
  labels?: Record<string, string>;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /**
   * How long one Lease read or write may take (default: half the renew deadline). A call to a frozen API
   * server is cut off then, so the renew deadline holds however the server behaves, as client-go's does.
   */
  leaseCallTimeoutMs?: number;
  /** Called once this replica holds the lease; start controllers here. */
  onStartedLeading: () => void | Promise<void>;
  /**
   * Called once leadership is lost or given up (only if it was held), before anything else happens: cancel
   * every write here, at once (the next leader may start `leaseDuration - renewDeadline` later).
   */
  onStoppedLeading: () => void | Promise<void>;
  onNewLeader?: (identity: string) => void;
  /** Clear holderIdentity on stop so the next replica takes over at once (default true). */
  releaseOnCancel?: boolean;
  clock?: Clock;
  logger?: Logger;
}

/** A default identity as client-go's: the host name and a random UUID. */
export function defaultIdentity(): string {
  return `${hostname()}_${randomUUID()}`;
}

/**
 * client-go's LeaderElector over a coordination.k8s.io Lease: acquire when the lease is free or has not
 * been renewed for its duration (as observed on our clock, never trusting the holder's clock), renew every
 * retry period, and give up when no renewal succeeded within the renew deadline.
 */
export class LeaderElector {
  readonly identity: string;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly leaseCallTimeoutMs: number;
  private lastRenewal = 0;
  private observedRecord = '';
  private observedAt = 0;
  private reportedLeader = '';
  private leading = false;
  private stopped = false;
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private sleepTimer: TimerHandle | undefined;

  constructor(private readonly options: LeaderElectionOptions) {
    this.identity = options.identity ?? defaultIdentity();
    this.clock = options.clock ?? realClock;
    this.log = options.logger ?? rootLogger;
    this.leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = options.retryPeriodMs ?? 2_000;
    this.leaseCallTimeoutMs = options.leaseCallTimeoutMs ?? this.renewDeadlineMs / 2;
    if (this.leaseDurationMs <= this.renewDeadlineMs)
      throw new Error('leaseDuration must exceed renewDeadline');
    if (this.leaseCallTimeoutMs >= this.renewDeadlineMs)
      throw new Error('leaseCallTimeout must be shorter than renewDeadline');
    leaderElectionMasterStatus.set({ name: options.leaseName }, 0);
  }

  /** Whether this replica currently holds the lease. */
  isLeader(): boolean {
    return this.leading;
  }

  /**
   * Whether this replica leads and its last renewal is within the renew deadline right now, whatever the
   * renew loop has seen: the check to make before a write.
   */
  holdsLease(): boolean {
    return this.leading && this.clock.now() - this.lastRenewal < this.renewDeadlineMs;
  }

  /** Campaigns, then leads until the lease is lost or `stop` is called; resolves when done. */
  run(): Promise<void> {
    this.running ??= this.campaign();
    return this.running;
  }

  /** Stops campaigning or leading, releases the lease if held, and waits for `run` to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sleepTimer) this.clock.clearTimeout(this.sleepTimer);
    this.wake?.();
    await this.running;
  }

  private async campaign(): Promise<void> {
    let acquired = false;
    while (!this.stopped && !acquired) {
      acquired = await this.tryAcquireOrRenew(this.leaseCallTimeoutMs);
      // client-go's JitterUntil with factor 1.2, so candidates do not retry in lockstep.
      if (!acquired) await this.sleep(this.retryPeriodMs * (1 + Math.random() * 1.2));
    }
    if (!acquired) return;
    if (this.stopped) {
      if (this.options.releaseOnCancel ?? true) await this.release();
      return;
    }
    this.lastRenewal = this.clock.now();
    this.setLeading(true);
    this.log.info('acquired lease', { lease: this.options.leaseName, identity: this.identity });
    Promise.resolve()
      .then(() => this.options.onStartedLeading())
      .catch((err: unknown) => this.log.error('onStartedLeading failed', { error: err }));
    await this.renewLoop();
    // Lost or given up: the writes stop first, before the release and the log line.
    this.setLeading(false);
    try {
      await this.options.onStoppedLeading();
    } catch (err) {
      this.log.error('onStoppedLeading failed', { error: err });
    }
    if (this.stopped && (this.options.releaseOnCancel ?? true)) await this.release();
    this.log.info('stopped leading', { lease: this.options.leaseName, identity: this.identity });
  }

  /**
   * Renews every retry period until a renewal fails to land within the renew deadline. Every wait and every
   * Lease call is cut to what is left of the deadline, so leadership ends on time even while the API server
   * holds a call open (client-go cancels the renewal's context at the deadline in the same way).
   */
  private async renewLoop(): Promise<void> {
    const left = () => this.lastRenewal + this.renewDeadlineMs - this.clock.now();
    for (;;) {
      await this.sleep(Math.min(this.retryPeriodMs, Math.max(0, left())));
      if (this.stopped) return;
      const renewed = left() > 0 && (await this.tryAcquireOrRenew(Math.min(this.leaseCallTimeoutMs, left())));
      if (renewed) {
        this.lastRenewal = this.clock.now();
      } else if (this.reportedLeader !== this.identity || left() <= 0) {
        this.log.warn('lost lease', { lease: this.options.leaseName, holder: this.reportedLeader });
        return;
      }
    }
  }

  private tryAcquireOrRenew(timeoutMs: number): Promise<boolean> {
    return withTimeout(this.clock, timeoutMs, () => this.acquireOrRenew()).catch((err: unknown) => {
      this.log.debug('lease update failed', {
        lease: this.options.leaseName,
        error: err instanceof Error ? err.message : String(err),
      });
      return false;
    });
  }

  private async acquireOrRenew(): Promise<boolean> {
    const api = this.options.clients.coordination;
    const { leaseName: name, namespace } = this.options;
    const now = this.clock.now();
    const spec: V1LeaseSpec = {
      holderIdentity: this.identity,
      leaseDurationSeconds: Math.ceil(this.leaseDurationMs / 1000),
      // MicroTime needs six fractional digits; the generated client would send a Date with three.
      renewTime: microTime(now) as unknown as Date,
    };
    let lease: V1Lease;
    try {
      lease = await api.readNamespacedLease({ name, namespace });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      spec.acquireTime = spec.renewTime;
      spec.leaseTransitions = 0;
      const created = await api.createNamespacedLease({
        namespace,
        body: { metadata: { name, namespace, labels: this.options.labels }, spec },
      });
      this.observe(created, now);
      return true;
    }
    this.observe(lease, now);
    const current = lease.spec ?? {};
    const holder = current.holderIdentity ?? '';
    const durationMs = (current.leaseDurationSeconds ?? 0) * 1000;
    if (holder !== '' && holder !== this.identity && this.observedAt + durationMs > now) return false;
    const renewing = holder === this.identity;
    spec.acquireTime = renewing ? current.acquireTime : spec.renewTime;
    spec.leaseTransitions = renewing ? current.leaseTransitions : (current.leaseTransitions ?? 0) + 1;
    const updated = await api.replaceNamespacedLease({ name, namespace, body: { ...lease, spec } });
    this.observe(updated, now);
    return true;
  }

  private observe(lease: V1Lease, now: number): void {
    const record = JSON.stringify(lease.spec ?? {});
    if (record !== this.observedRecord) {
      this.observedRecord = record;
      this.observedAt = now;
    }
    const holder = lease.spec?.holderIdentity ?? '';
    if (holder !== this.reportedLeader) {
      this.reportedLeader = holder;
      if (holder !== '') this.options.onNewLeader?.(holder);
    }
  }

  private async release(): Promise<void> {
    await withTimeout(this.clock, this.leaseCallTimeoutMs, () => this.clearHolder()).catch((err: unknown) => {
      this.log.warn('could not release lease', {
        lease: this.options.leaseName,
        error: err instanceof Error ? err.message : String(err),
      });
    });
  }

  private async clearHolder(): Promise<void> {
    const api = this.options.clients.coordination;
    const { leaseName: name, namespace } = this.options;
    const lease = await api.readNamespacedLease({ name, namespace });
    if (lease.spec?.holderIdentity !== this.identity) return;
    const now = microTime(this.clock.now()) as unknown as Date;
    const spec: V1LeaseSpec = {
      ...lease.spec,
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: now,
      renewTime: now,
    };
    await api.replaceNamespacedLease({ name, namespace, body: { ...lease, spec } });
  }

  private setLeading(leading: boolean): void {
    this.leading = leading;
    leaderElectionMasterStatus.set({ name: this.options.leaseName }, leading ? 1 : 0);
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
      this.sleepTimer = this.clock.setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
    });
  }
}
