import { TokenBucket } from './token-bucket.js';

describe('TokenBucket', () => {
  it('lets a full bucket through at once, then spaces reservations at the refill rate', () => {
    const bucket = TokenBucket.perWindow(5, 1000, 0);
    const waits = Array.from({ length: 8 }, () => bucket.reserve(1, 0));
    expect(waits).toEqual([0, 0, 0, 0, 0, 200, 400, 600]);
  });

  it('refills with elapsed time but never beyond capacity', () => {
    const bucket = TokenBucket.perWindow(10, 1000, 0);
    bucket.reserve(10, 0);
    expect(bucket.available(500)).toBeCloseTo(5);
    expect(bucket.available(60_000)).toBe(10);
  });

  it('charges a request dearer than the bucket no more than a full bucket', () => {
    const bucket = TokenBucket.perWindow(4, 1000, 0);
    expect(bucket.reserve(9, 0)).toBe(0);
    expect(bucket.reserve(4, 0)).toBe(1000);
  });

  it('holds every reservation while paused, whatever the balance', () => {
    const bucket = TokenBucket.perWindow(100, 1000, 0);
    bucket.pauseUntil(3000);
    expect(bucket.reserve(1, 1000)).toBe(2000);
    expect(bucket.reserve(1, 3000)).toBe(0);
  });

  it('keeps queued reservations spaced after a pause', () => {
    const bucket = TokenBucket.perWindow(2, 1000, 0);
    bucket.reserve(2, 0);
    bucket.pauseUntil(5000);
    expect([bucket.reserve(1, 0), bucket.reserve(1, 0), bucket.reserve(1, 0)]).toEqual([5500, 6000, 6500]);
  });

  it('gives back what was over-estimated once the real charge is known', () => {
    const bucket = TokenBucket.perWindow(10, 1000, 0);
    bucket.reserve(10, 0);
    bucket.adjust(3, 0);
    expect(bucket.available(0)).toBe(3);
  });

  it('keeps its balance within a lowered limit', () => {
    const bucket = TokenBucket.perWindow(100, 1000, 0);
    bucket.reconfigure(10, 1000, 0);
    expect(bucket.available(0)).toBe(10);
    expect(bucket.reserve(11, 0)).toBe(0);
    expect(bucket.reserve(1, 0)).toBe(100);
  });
});
