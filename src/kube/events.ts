import type { CoreV1Event, EventsV1Event } from '@kubernetes/client-node';
import { hostname } from 'node:os';
import type { Logger } from 'winston';
import type { AnyEventReason } from '../api/reasons/index.js';
import { logger as rootLogger } from '../observability/logger.js';
import { redactText } from '../observability/redact.js';
import type { Clock } from '../time/clock.js';
import { realClock } from '../time/clock.js';
import type { KubeClients } from './client.js';
import { isNotFound, mergePatch } from './client.js';

/** The two Event types Kubernetes knows. */
export type EventType = 'Normal' | 'Warning';

/** The object an Event is about. */
export interface EventSubject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string };
}

/** Options for an EventRecorder; defaults are client-go's (10 min de-dup window, 25 burst, 1 per 5 min). */
export interface EventRecorderOptions {
  clients: KubeClients;
  /** The reporting controller, e.g. `crosstenant.io/operator`. */
  component: string;
  instance?: string;
  api?: 'events.k8s.io/v1' | 'v1';
  clock?: Clock;
  logger?: Logger;
  dedupWindowMs?: number;
  burst?: number;
  refillIntervalMs?: number;
}

interface Recorded {
  namespace: string;
  name: string;
  count: number;
  firstMs: number;
  lastMs: number;
}

const MAX_CACHE = 4096;
// events.k8s.io/v1 rejects a note over 1 kB.
const MAX_NOTE = 1024;

/** Kubernetes' MicroTime wire format: RFC 3339 with exactly six fractional digits. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * Records Events about objects as client-go's recorder does: a repeat of the same event within the
 * de-dup window bumps the count of the existing Event instead of creating one, and each object has its
 * own token bucket so a hot loop cannot flood the API server. Recording never throws.
 */
export class EventRecorder {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly instance: string;
  private readonly api: 'events.k8s.io/v1' | 'v1';
  private readonly recorded = new Map<string, Recorded>();
  private readonly buckets = new Map<string, { tokens: number; lastMs: number }>();
  private sequence = 0;

  constructor(private readonly options: EventRecorderOptions) {
    this.clock = options.clock ?? realClock;
    this.log = options.logger ?? rootLogger;
    this.instance = options.instance ?? hostname();
    this.api = options.api ?? 'events.k8s.io/v1';
  }

  /**
   * Records an event; `action` defaults to the reason, which must be one of the catalogue's (src/api). Resolves
   * once written, dropped or failed.
   */
  async event(
    subject: EventSubject,
    type: EventType,
    reason: AnyEventReason,
    message: string,
    action = reason,
  ): Promise<void> {
    const now = this.clock.now();
    const meta = subject.metadata ?? {};
    const objectId = `${subject.kind}/${meta.namespace ?? ''}/${meta.name ?? ''}/${meta.uid ?? ''}`;
    if (!this.takeToken(objectId, now)) return;
    const note = redactText(message).slice(0, MAX_NOTE);
    const key = [objectId, type, reason, action, note].join('\u0000');
    const previous = this.recorded.get(key);
    const window = this.options.dedupWindowMs ?? 600_000;
    try {
      if (previous && now - previous.lastMs < window) {
        previous.count += 1;
        previous.lastMs = now;
        if (await this.bump(previous)) return;
      }
      const created = await this.create(subject, type, reason, note, action, now);
      this.remember(key, created);
    } catch (err) {
      this.log.warn('could not record event', {
        reason,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }

  private takeToken(objectId: string, now: number): boolean {
    const burst = this.options.burst ?? 25;
    const refill = this.options.refillIntervalMs ?? 300_000;
    const bucket = this.buckets.get(objectId) ?? { tokens: burst, lastMs: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.lastMs) / refill);
    bucket.lastMs = now;
    this.buckets.delete(objectId);
    this.buckets.set(objectId, bucket);
    if (this.buckets.size > MAX_CACHE) this.buckets.delete(this.buckets.keys().next().value as string);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private remember(key: string, entry: Recorded): void {
    this.recorded.delete(key);
    this.recorded.set(key, entry);
    if (this.recorded.size > MAX_CACHE) this.recorded.delete(this.recorded.keys().next().value as string);
  }

  private async create(
    subject: EventSubject,
    type: EventType,
    reason: string,
    note: string,
    action: string,
    now: number,
  ): Promise<Recorded> {
    const meta = subject.metadata ?? {};
    const namespace = meta.namespace ?? 'default';
    // client-go names events <object>.<nanoseconds in hex>; the sequence keeps same-millisecond events apart.
    const name = `${meta.name ?? 'unknown'}.${(BigInt(now) * 1_000_000n + BigInt(this.sequence++ % 1_000_000)).toString(16)}`;
    const ref = {
      apiVersion: subject.apiVersion,
      kind: subject.kind,
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
    };
    if (this.api === 'events.k8s.io/v1') {
      const body: EventsV1Event = {
        metadata: { name, namespace },
        // MicroTime must carry six fractional digits; the generated client would send a Date with three.
        eventTime: microTime(now) as unknown as Date,
        reportingController: this.options.component,
        reportingInstance: this.instance,
        action,
        reason,
        regarding: ref,
        note,
        type,
      };
      await this.options.clients.events.createNamespacedEvent({ namespace, body });
    } else {
      const body: CoreV1Event = {
        metadata: { name, namespace },
        involvedObject: ref,
        reason,
        message: note,
        type,
        action,
        count: 1,
        firstTimestamp: new Date(now),
        lastTimestamp: new Date(now),
        source: { component: this.options.component, host: this.instance },
        reportingComponent: this.options.component,
        reportingInstance: this.instance,
      };
      await this.options.clients.core.createNamespacedEvent({ namespace, body });
    }
    return { namespace, name, count: 1, firstMs: now, lastMs: now };
  }

  /** Patches the count of an existing Event; false when it is gone (expired) and must be recreated. */
  private async bump(entry: Recorded): Promise<boolean> {
    const { namespace, name } = entry;
    try {
      if (this.api === 'events.k8s.io/v1') {
        const body = { series: { count: entry.count, lastObservedTime: microTime(entry.lastMs) } };
        await this.options.clients.events.patchNamespacedEvent({ namespace, name, body }, mergePatch);
      } else {
        const body = { count: entry.count, lastTimestamp: new Date(entry.lastMs).toISOString() };
        await this.options.clients.core.patchNamespacedEvent({ namespace, name, body }, mergePatch);
      }
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }
}
