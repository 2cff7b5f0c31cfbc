import type { KubernetesObject, V1Lease } from '@kubernetes/client-node';
import type { Logger } from 'winston';
import { logger as rootLogger } from '../../observability/logger.js';
import type { Clock, TimerHandle } from '../../time/clock.js';
import { realClock } from '../../time/clock.js';
import { isNotFound, objectKey, splitKey } from '../client.js';
import type { Admission, Controller, ReconcileGate } from '../controller.js';
import { ResourceInformer } from '../informer.js';
import { RING_LABEL, SHARD_LABEL, shardLeaseName } from './labels.js';
import { deleteLeaseUnchanged, LEASES } from './leases.js';
import { ShardMembership } from './membership.js';
import type { ShardingOptions } from './options.js';
import { shardAssignment, shardMembers, shardMovesTotal, shardObjects } from './metrics.js';
import { writeShardLabel } from './owner-label.js';
import { shardFor } from './ring.js';

interface Running {
  abort: AbortController;
  ended: Promise<void>;
  end: () => void;
}

/**
 * One replica's side of sharding, with no central sharder: every replica sees the live shards through their
 * Leases and computes where each object belongs (rendezvous hashing of its key), while the label SHARD_LABEL
 * on the object says who reconciles it now, and only that replica does. The label changes in two ways only:
 * - the owner hands an object over (drain): it stops admitting the object, lets its reconcile finish (or
 *   cancels it after the drain timeout), then writes the new owner's name; the new owner starts on seeing it;
 * - a replica claims an object that has no owner, or whose owner's Lease it has seen expire (the owner stopped
 *   acting before that, at its renew deadline) or released.
 * Both writes carry the resourceVersion they were decided on, so two replicas never both win one object.
 */
export class ShardCoordinator implements ReconcileGate {
  private readonly controllers = new Map<string, Controller<KubernetesObject>>();
  private readonly leases: ResourceInformer<V1Lease>;
  private readonly membership: ShardMembership;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly leaseDurationMs: number;
  private readonly running = new Map<string, Running>();
  /** Objects this replica reconciled and has not forgotten yet. */
  private readonly held = new Set<string>();
  /** Objects this replica admits no more: being handed over. */
  private readonly draining = new Set<string>();
  private readonly moving = new Set<string>();
  private live = new Set<string>();
  private liveSignature = '';
  private readonly desiredMemo = new Map<string, string | undefined>();
  private timer: TimerHandle | undefined;
  private expiryTimer: TimerHandle | undefined;
  private expiryAt: number | undefined;
  private startedAt = Number.POSITIVE_INFINITY;
  private stopped = false;

  constructor(
    private readonly options: ShardingOptions,
    controllers: readonly Controller<KubernetesObject>[],
    private readonly holdsLease: () => boolean,
  ) {
    this.clock = options.clock ?? realClock;
    this.log = options.logger ?? rootLogger;
    this.leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.membership = new ShardMembership(this.leaseDurationMs);
    this.leases = new ResourceInformer<V1Lease>(options.clients, LEASES, {
      namespace: options.namespace,
      labelSelector: `${RING_LABEL}=${options.ring}`,
      clock: this.clock,
      logger: this.log,
    });
    for (const controller of controllers) {
      this.controllers.set(controller.name, controller);
      controller.setGate(this);
    }
  }

  /** Starts watching the shard Leases and checking assignments; call once this replica holds its Lease. */
  async start(): Promise<void> {
    this.startedAt = this.clock.now();
    this.leases.on('add', () => this.check());
    this.leases.on('update', () => this.check());
    this.leases.on('delete', () => this.check());
    await this.leases.start();
    this.schedule();
  }

  /** Stops moving objects; the Lease's release (by its elector) then frees this shard's objects at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
    if (this.expiryTimer) this.clock.clearTimeout(this.expiryTimer);
    await this.leases.stop();
  }

  admit(controller: string, key: string): Admission {
    const id = `${controller}\0${key}`;
    const { namespace, name } = splitKey(key);
    const obj = this.controllers.get(controller)?.lister.get(namespace, name);
    // A deleted object's reconcile only drops what this process keeps of it: every replica runs it.
    if (!obj) {
      this.held.delete(id);
      return { kind: 'forget' };
    }
    if (obj.metadata?.labels?.[SHARD_LABEL] !== this.options.shard) {
      // It moved away: forget it here as if deleted (in-memory state, metric series), so nothing stale is
      // used should it come back.
      return this.held.delete(id) ? { kind: 'forget' } : { kind: 'skip' };
    }
    if (!this.holdsLease() || this.draining.has(id) || this.running.has(id)) return { kind: 'skip' };
    let end: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const abort = new AbortController();
    this.running.set(id, { abort, ended, end });
    this.held.add(id);
    return { kind: 'reconcile', signal: abort.signal };
  }

  done(controller: string, key: string): void {
    const id = `${controller}\0${key}`;
    this.running.get(id)?.end();
    this.running.delete(id);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimeout(() => {
      this.check();
      this.schedule();
    }, this.options.checkPeriodMs ?? 1_000);
  }

  /** Compares every object's owner with where it belongs now, and moves what this replica should move. */
  private check(): void {
    if (this.stopped || !this.holdsLease() || !this.leases.hasSynced()) return;
    const now = this.clock.now();
    const me = this.options.shard;
    const leases = this.leases.list();
    const live = this.membership.update(leases, now);
    live.add(me);
    this.wakeAtExpiry(this.membership.nextExpiry(leases));
    this.noteMembers(live);
    const settled = now - this.startedAt >= (this.options.settleMs ?? 2_000);
    shardAssignment.reset();
    for (const controller of this.controllers.values()) {
      let owned = 0;
      for (const obj of controller.lister.list()) {
        const key = objectKey(obj.metadata);
        const id = `${controller.name}\0${key}`;
        const owner = obj.metadata?.labels?.[SHARD_LABEL];
        const desired = this.desired(controller.name, obj);
        if (owner === me) {
          owned += 1;
          shardAssignment.set(
            {
              controller: controller.name,
              namespace: obj.metadata?.namespace ?? '',
              name: obj.metadata?.name ?? '',
              shard: me,
            },
            1,
          );
          if (desired !== me && desired !== undefined) void this.handOver(controller, key);
          else if (this.draining.has(id) && !this.moving.has(id)) {
            // The shard it was leaving for went away before the hand-over: keep it.
            this.draining.delete(id);
            controller.enqueue(key);
          }
          continue;
        }
        if (!this.moving.has(id)) this.draining.delete(id);
        const ownerGone =
          owner === undefined || owner === '' || this.membership.stateOf(owner, now) === 'dead';
        if (settled && desired === me && ownerGone) void this.claim(controller, key, owner);
      }
      shardObjects.set({ controller: controller.name, shard: me }, owned);
    }
    this.collectDeadLeases(now);
  }

  /** Looks again the moment a Lease would expire, so a dead shard's objects move without waiting a period. */
  private wakeAtExpiry(at: number | undefined): void {
    if (at === undefined || at === this.expiryAt) return;
    if (this.expiryTimer) this.clock.clearTimeout(this.expiryTimer);
    this.expiryAt = at;
    this.expiryTimer = this.clock.setTimeout(() => this.check(), Math.max(0, at - this.clock.now()) + 1);
  }

  private noteMembers(live: Set<string>): void {
    this.live = live;
    const signature = [...live].sort().join(',');
    if (signature === this.liveSignature) return;
    this.liveSignature = signature;
    this.desiredMemo.clear();
    shardMembers.set(live.size);
    this.log.info('shards changed', { shards: [...live].sort(), shard: this.options.shard });
  }

  private desired(controller: string, obj: KubernetesObject): string | undefined {
    const key = this.options.keyOf(controller, obj);
    if (!this.desiredMemo.has(key)) this.desiredMemo.set(key, shardFor(key, this.live));
    return this.desiredMemo.get(key);
  }

  /** Drains the object here, then writes the shard it belongs to now as its owner. */
  private async handOver(controller: Controller<KubernetesObject>, key: string): Promise<void> {
    const id = `${controller.name}\0${key}`;
    if (this.moving.has(id)) return;
    this.moving.add(id);
    this.draining.add(id);
    try {
      const running = this.running.get(id);
      if (running) {
        const timer = this.clock.setTimeout(
          () => running.abort.abort(new Error('the object is being handed over to another shard')),
          this.options.drainTimeoutMs ?? 30_000,
        );
        await running.ended;
        this.clock.clearTimeout(timer);
      }
      const { namespace, name } = splitKey(key);
      const obj = controller.lister.get(namespace, name);
      if (obj?.metadata?.labels?.[SHARD_LABEL] !== this.options.shard) return;
      const to = this.desired(controller.name, obj);
      if (to === undefined || to === this.options.shard || !this.live.has(to)) return;
      if (await this.writeOwner(controller, obj, to))
        this.record(controller, 'handover', {
          namespace: namespace ?? '',
          name,
          from: this.options.shard,
          to,
        });
    } finally {
      this.moving.delete(id);
    }
  }

  /**
   * Whether the owner's Lease, read again from the API server, still looks dead: a loaded replica's list of
   * Leases can lag its holders' renewals by more than a lease duration, and a claim on that view alone would
   * take objects from a shard still reconciling them (and it, seeing this one's Lease as stale, might claim them
   * back). A Lease gone from the API server is judged as the list would.
   */
  private async confirmedDead(owner: string): Promise<boolean> {
    const name = shardLeaseName(this.options.ring, owner);
    try {
      const lease = await this.options.clients.coordination.readNamespacedLease({
        name,
        namespace: this.options.namespace,
      });
      this.membership.observe(lease, this.clock.now());
    } catch (err) {
      if (!isNotFound(err)) return false;
    }
    return this.membership.stateOf(owner, this.clock.now()) === 'dead';
  }

  /** Takes an object that has no live owner. */
  private async claim(
    controller: Controller<KubernetesObject>,
    key: string,
    from: string | undefined,
  ): Promise<void> {
    const id = `${controller.name}\0${key}`;
    if (this.moving.has(id)) return;
    this.moving.add(id);
    try {
      const { namespace, name } = splitKey(key);
      const obj = controller.lister.get(namespace, name);
      if (!obj || obj.metadata?.labels?.[SHARD_LABEL] !== from) return;
      if (from && !(await this.confirmedDead(from))) return;
      if (await this.writeOwner(controller, obj, this.options.shard))
        this.record(controller, 'claim', {
          namespace: namespace ?? '',
          name,
          from: from ?? null,
          to: this.options.shard,
        });
    } finally {
      this.moving.delete(id);
    }
  }

  /** Sets the owner label unless the object changed since this replica saw it; false when it did. */
  private async writeOwner(
    controller: Controller<KubernetesObject>,
    obj: KubernetesObject,
    shard: string,
  ): Promise<boolean> {
    if (!this.holdsLease() || this.stopped) return false;
    try {
      return await writeShardLabel(this.options.clients, controller.kind, obj, shard, this.clock);
    } catch (err) {
      this.log.warn('could not set the shard of an object', {
        controller: controller.name,
        namespace: obj.metadata?.namespace,
        name: obj.metadata?.name,
        error: err instanceof Error ? err.message : String(err),
      });
      return false;
    }
  }

  private record(
    controller: Controller<KubernetesObject>,
    move: 'handover' | 'claim',
    detail: Record<string, string | null>,
  ): void {
    shardMovesTotal.inc({ controller: controller.name, move });
    this.log.info(move === 'claim' ? 'claimed object' : 'handed over object', {
      controller: controller.name,
      ...detail,
    });
  }

  /**
   * Deletes the Leases of shards dead for ten lease durations (pods replaced by a rollout leave theirs behind);
   * only the first live shard by name does it, and only a Lease unchanged since it was read.
   */
  private collectDeadLeases(now: number): void {
    if ([...this.live].sort()[0] !== this.options.shard) return;
    for (const shard of this.membership.deadFor(10 * this.leaseDurationMs, now)) {
      const lease = this.leases.list().find((l) => l.metadata?.labels?.[SHARD_LABEL] === shard);
      if (lease) void deleteLeaseUnchanged(this.options.clients, lease);
    }
  }
}
