import { FakeClock } from '../time/clock.js';
import {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
  defaultControllerRateLimiter,
} from './rate-limiter.js';

describe('ItemExponentialFailureRateLimiter', () => {
  it('doubles from 5 ms and caps at 1000 s', () => {
    const limiter = new ItemExponentialFailureRateLimiter<string>();
    const delays = Array.from({ length: 22 }, () => limiter.when('a'));
    expect(delays.slice(0, 5)).toEqual([5, 10, 20, 40, 80]);
    // 5 ms × 2^17 = 655.36 s is the last step below the cap; 2^18 would be 1310.72 s.
    expect(delays[17]).toBe(655_360);
    expect(delays.slice(18)).toEqual([1_000_000, 1_000_000, 1_000_000, 1_000_000]);
    expect(limiter.numRequeues('a')).toBe(22);
  });

  it('keeps items apart and restarts from the base delay after forget', () => {
    const limiter = new ItemExponentialFailureRateLimiter<string>();
    limiter.when('a');
    limiter.when('a');
    expect(limiter.when('b')).toBe(5);
    limiter.forget('a');
    expect(limiter.numRequeues('a')).toBe(0);
    expect(limiter.when('a')).toBe(5);
  });

  it('never overflows to Infinity', () => {
    const limiter = new ItemExponentialFailureRateLimiter<string>();
    let last = 0;
    for (let i = 0; i < 1100; i++) last = limiter.when('a');
    expect(last).toBe(1_000_000);
  });
});

describe('BucketRateLimiter', () => {
  it('lets a burst of 100 through, then spaces items 100 ms apart at 10 qps', () => {
    const clock = new FakeClock();
    const limiter = new BucketRateLimiter<string>(10, 100, clock);
    const burst = Array.from({ length: 100 }, (_, i) => limiter.when(`k${i}`));
    expect(burst.every((delay) => delay === 0)).toBe(true);
    expect([limiter.when('x'), limiter.when('y'), limiter.when('z')]).toEqual([100, 200, 300]);
  });

  it('refills at qps up to the burst size', () => {
    const clock = new FakeClock();
    const limiter = new BucketRateLimiter<string>(10, 100, clock);
    for (let i = 0; i < 100; i++) limiter.when('a');
    clock.advance(1000);
    const afterOneSecond = Array.from({ length: 11 }, () => limiter.when('a'));
    expect(afterOneSecond.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(afterOneSecond[10]).toBe(100);
    clock.advance(3_600_000);
    const afterAnHour = Array.from({ length: 101 }, () => limiter.when('a'));
    expect(afterAnHour.filter((delay) => delay === 0)).toHaveLength(100);
  });
});

describe('defaultControllerRateLimiter', () => {
  it('answers the slower of backoff and bucket', () => {
    const clock = new FakeClock();
    const limiter = defaultControllerRateLimiter<string>(clock);
    expect(limiter.when('a')).toBe(5);
    expect(limiter.when('a')).toBe(10);
    for (let i = 0; i < 98; i++) limiter.when(`other${i}`);
    // The bucket is now empty: the next item waits 100 ms although its own backoff is 5 ms.
    expect(limiter.when('b')).toBe(100);
    expect(limiter.numRequeues('a')).toBe(2);
    limiter.forget('a');
    expect(limiter.numRequeues('a')).toBe(0);
  });

  it('MaxOf with no limiters waits for nothing', () => {
    expect(new MaxOfRateLimiter<string>().when('a')).toBe(0);
  });
});
