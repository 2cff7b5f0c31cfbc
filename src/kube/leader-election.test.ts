import type { V1Lease } from '@kubernetes/client-node';
import { ApiException } from '@kubernetes/client-node';
import { Writable } from 'node:stream';
import { createLogger } from '../observability/logger.js';
import { currentSignal } from './cancellation.js';
import { FakeClock } from '../time/clock.js';
import type { KubeClients } from './client.js';
import { LeaderElector } from './leader-election.js';

/** An in-memory Lease store with resourceVersion checks; `down` makes every call fail like a partition. */
class LeaseStore {
  lease: V1Lease | undefined;
  down = false;
  /** Every call hangs until cancelled, like an API server that accepts connections but never answers. */
  frozen = false;
  cancelled = 0;
  private version = 0;

  /** A client of the store; `partitioned()` true cuts this client off alone. */
  api(partitioned: () => boolean = () => false): Pick<KubeClients, 'coordination'> {
    const fail = (code: number) => new ApiException(code, 'error', {}, {});
    const isDown = () => this.down || partitioned();
    const hang = (): Promise<never> =>
      new Promise((_, reject) => {
        const signal = currentSignal();
        signal?.addEventListener('abort', () => {
          this.cancelled++;
          reject(signal.reason);
        });
      });
    const api = {
      readNamespacedLease: async () => {
        if (this.frozen) return hang();
        if (isDown()) throw fail(503);
        if (!this.lease) throw fail(404);
        return structuredClone(this.lease);
      },
      createNamespacedLease: async ({ body }: { body: V1Lease }) => {
        if (isDown()) throw fail(503);
        if (this.lease) throw fail(409);
        this.lease = {
          ...structuredClone(body),
          metadata: { ...body.metadata, resourceVersion: `${++this.version}` },
        };
        return structuredClone(this.lease);
      },
      replaceNamespacedLease: async ({ body }: { body: V1Lease }) => {
        if (isDown()) throw fail(503);
        if (body.metadata?.resourceVersion !== this.lease?.metadata?.resourceVersion) throw fail(409);
        this.lease = {
          ...structuredClone(body),
          metadata: { ...body.metadata, resourceVersion: `${++this.version}` },
        };
        return structuredClone(this.lease);
      },
    };
    return { coordination: api } as unknown as Pick<KubeClients, 'coordination'>;
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** Advances the fake clock in 100 ms steps, letting the electors' API calls settle between steps. */
async function advance(clock: FakeClock, ms: number): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += 100) {
    clock.advance(100);
    await flush();
  }
}

const quiet = createLogger({ stream: new Writable({ write: (_chunk, _encoding, done) => done() }) });

function elector(
  store: LeaseStore,
  clock: FakeClock,
  identity: string,
  log: string[],
  partitioned?: () => boolean,
): LeaderElector {
  return new LeaderElector({
    clients: store.api(partitioned),
    logger: quiet,
    leaseName: 'operator',
    namespace: 'ns',
    identity,
    clock,
    onStartedLeading: () => void log.push(`${identity} started`),
    onStoppedLeading: () => void log.push(`${identity} stopped`),
  });
}

describe('LeaderElector', () => {
  it('creates the lease with client-go timings and renews it every retry period', async () => {
    const store = new LeaseStore();
    const clock = new FakeClock(1_000_000);
    const log: string[] = [];
    const a = elector(store, clock, 'a', log);
    void a.run();
    await flush();
    expect(a.isLeader()).toBe(true);
    expect(store.lease?.spec).toMatchObject({
      holderIdentity: 'a',
      leaseDurationSeconds: 15,
      leaseTransitions: 0,
    });
    expect(log).toEqual(['a started']);
    await advance(clock, 2_000);
    expect(String(store.lease?.spec?.renewTime)).toBe('1970-01-01T00:16:42.000000Z');
    await a.stop();
  });

  it('lets a standby take over a partitioned leader only after the lease expires, never overlapping', async () => {
    const store = new LeaseStore();
    const clock = new FakeClock(0);
    const log: string[] = [];
    let partitioned = false;
    const a = elector(store, clock, 'a', log, () => partitioned);
    const b = elector(store, clock, 'b', log);
    const aDone = a.run();
    await flush();
    void b.run();
    await advance(clock, 5_000);
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);

    // `a` can no longer reach the API server: it must step down (10 s) before `b` may lead (15 s).
    partitioned = true;
    const partitionedAt = clock.now();
    let bLeadsAt: number | undefined;
    for (let step = 0; step < 250 && bLeadsAt === undefined; step++) {
      await advance(clock, 100);
      if (a.isLeader() && b.isLeader()) throw new Error('two leaders at once');
      if (b.isLeader()) bLeadsAt = clock.now();
    }
    await aDone;
    expect(log).toEqual(['a started', 'a stopped', 'b started']);
    expect(bLeadsAt).toBeDefined();
    const waited = (bLeadsAt ?? 0) - partitionedAt;
    expect(waited).toBeGreaterThanOrEqual(13_000);
    expect(waited).toBeLessThanOrEqual(15_000 + 2 * 4_400);
    expect(store.lease?.spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    await b.stop();
  });

  it('gives up leadership when renewals fail for the renew deadline', async () => {
    const store = new LeaseStore();
    const clock = new FakeClock(0);
    const log: string[] = [];
    const a = elector(store, clock, 'a', log);
    const done = a.run();
    await flush();
    store.down = true;
    await advance(clock, 9_000);
    expect(a.isLeader()).toBe(true);
    await advance(clock, 2_000);
    expect(a.isLeader()).toBe(false);
    await done;
    expect(log).toEqual(['a started', 'a stopped']);
  });

  it('gives up at the renew deadline while a Lease call hangs, and cancels the call', async () => {
    const store = new LeaseStore();
    const clock = new FakeClock(0);
    const log: string[] = [];
    const a = elector(store, clock, 'a', log);
    const done = a.run();
    await flush();
    await advance(clock, 2_000);
    const renewedAt = clock.now();
    store.frozen = true;
    await advance(clock, 9_900);
    expect(a.isLeader()).toBe(true);
    await advance(clock, 200);
    expect(a.isLeader()).toBe(false);
    await done;
    expect(log).toEqual(['a started', 'a stopped']);
    expect(clock.now() - renewedAt).toBeLessThanOrEqual(10_100);
    expect(store.cancelled).toBeGreaterThan(0);
  });

  it('releases the lease on stop so a standby takes over without waiting', async () => {
    const store = new LeaseStore();
    const clock = new FakeClock(0);
    const log: string[] = [];
    const a = elector(store, clock, 'a', log);
    const b = elector(store, clock, 'b', log);
    void a.run();
    await flush();
    void b.run();
    await flush();
    await a.stop();
    expect(store.lease?.spec?.holderIdentity).toBe('');
    await advance(clock, 4_500);
    expect(b.isLeader()).toBe(true);
    expect(log).toEqual(['a started', 'a stopped', 'b started']);
    await b.stop();
  });
});
