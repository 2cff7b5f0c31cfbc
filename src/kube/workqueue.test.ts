import { metricValue } from '../../test/support/metrics.js';
import { FakeClock } from '../time/clock.js';
import { metricsRegistry } from '../observability/registry.js';
import { ItemExponentialFailureRateLimiter } from './rate-limiter.js';
import { WorkQueue } from './workqueue.js';

let seq = 0;
function newQueue(clock = new FakeClock()): { queue: WorkQueue<string>; clock: FakeClock } {
  seq += 1;
  return { queue: new WorkQueue<string>({ name: `test-${seq}`, clock }), clock };
}

describe('WorkQueue', () => {
  it('de-duplicates an item added several times before it is taken', async () => {
    const { queue } = newQueue();
    queue.add('a');
    queue.add('b');
    queue.add('a');
    expect(queue.len()).toBe(2);
    expect(await queue.get()).toBe('a');
    expect(await queue.get()).toBe('b');
    expect(queue.len()).toBe(0);
  });

  it('never hands out an item being processed; a re-add runs once after done', async () => {
    const { queue } = newQueue();
    queue.add('a');
    const first = await queue.get();
    queue.add('a');
    queue.add('a');
    expect(queue.len()).toBe(0);
    let second: string | undefined;
    const pending = queue.get().then((item) => (second = item));
    await Promise.resolve();
    expect(second).toBeUndefined();
    queue.done(first as string);
    await pending;
    expect(second).toBe('a');
    queue.done('a');
    expect(queue.len()).toBe(0);
  });

  it('serves concurrent workers distinct items', async () => {
    const { queue } = newQueue();
    const workers = [queue.get(), queue.get(), queue.get()];
    queue.add('a');
    queue.add('b');
    queue.add('a');
    queue.add('c');
    expect((await Promise.all(workers)).sort()).toEqual(['a', 'b', 'c']);
  });

  it('adds after a delay, keeping the earliest of several delays', async () => {
    const { queue, clock } = newQueue();
    queue.addAfter('a', 1000);
    queue.addAfter('a', 500);
    queue.addAfter('a', 2000);
    clock.advance(499);
    expect(queue.len()).toBe(0);
    clock.advance(1);
    expect(queue.len()).toBe(1);
    expect(clock.pending()).toBe(0);
    expect(await queue.get()).toBe('a');
  });

  it('rate-limits retries with per-item backoff until forget', () => {
    const clock = new FakeClock();
    const queue = new WorkQueue<string>({
      name: 'backoff',
      clock,
      rateLimiter: new ItemExponentialFailureRateLimiter<string>(),
    });
    queue.addRateLimited('a');
    queue.addRateLimited('a');
    expect(queue.numRequeues('a')).toBe(2);
    clock.advance(4);
    expect(queue.len()).toBe(0);
    clock.advance(1);
    expect(queue.len()).toBe(1);
    queue.forget('a');
    expect(queue.numRequeues('a')).toBe(0);
  });

  it('after shutdown refuses adds, cancels delayed items, and hands out what is left', async () => {
    const { queue, clock } = newQueue();
    queue.add('a');
    queue.addAfter('b', 10);
    queue.shutDown();
    queue.add('c');
    clock.advance(100);
    expect(await queue.get()).toBe('a');
    expect(await queue.get()).toBeUndefined();
  });

  it('wakes waiting workers on shutdown', async () => {
    const { queue } = newQueue();
    const waiting = queue.get();
    queue.shutDown();
    expect(await waiting).toBeUndefined();
  });

  it('records depth, adds, retries and durations under name and controller labels', async () => {
    const clock = new FakeClock();
    const queue = new WorkQueue<string>({ name: 'metrics', controller: 'widgets', clock });
    const labels = { name: 'metrics', controller: 'widgets' };
    expect(metricValue(await metricsRegistry.metrics(), 'workqueue_retries_total', labels)).toBe(0);
    expect(metricValue(await metricsRegistry.metrics(), 'workqueue_adds_total', labels)).toBe(0);
    queue.add('a');
    queue.add('a');
    queue.add('b');
    expect(metricValue(await metricsRegistry.metrics(), 'workqueue_depth', labels)).toBe(2);
    expect(metricValue(await metricsRegistry.metrics(), 'workqueue_adds_total', labels)).toBe(2);
    clock.advance(250);
    const item = await queue.get();
    clock.advance(1500);
    expect(
      metricValue(await metricsRegistry.metrics(), 'workqueue_longest_running_processor_seconds', labels),
    ).toBe(1.5);
    expect(metricValue(await metricsRegistry.metrics(), 'workqueue_unfinished_work_seconds', labels)).toBe(
      1.5,
    );
    queue.done(item as string);
    queue.addRateLimited('c');
    expect(metricValue(await metricsRegistry.metrics(), 'workqueue_retries_total', labels)).toBe(1);
    const text = await metricsRegistry.metrics();
    expect(text).toContain(
      'workqueue_queue_duration_seconds_bucket{le="1",name="metrics",controller="widgets"} 1',
    );
    expect(text).toContain('workqueue_work_duration_seconds_sum{name="metrics",controller="widgets"} 1.5');
    expect(text).toContain('workqueue_queue_duration_seconds_bucket{le="1e-8"');
  });
});

describe('delays past the longest timer', () => {
  const HOURS_720 = 720 * 3_600_000;
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it.each([HOURS_720, Infinity, Number.NaN])(
    'does not requeue an item delayed by %d ms at once',
    async (ms) => {
      const queue = new WorkQueue<string>({ name: `clock-test-${String(ms)}` });
      queue.addAfter('scope', ms);
      await pause(50);
      expect(queue.len()).toBe(0);
      queue.shutDown();
    },
  );
});
