import { restartDelay } from './restart-delay.js';

describe('restartDelay', () => {
  it('doubles from 0.8 s up to 30 s for errors that give no delay', () => {
    const delays = [0, 1, 2, 5, 6, 10].map((failures) => restartDelay(new Error('reset'), failures));
    expect(delays.map((d) => d.delayMs)).toEqual([800, 1600, 3200, 25_600, 30_000, 30_000]);
    expect(delays.every((d) => d.counts)).toBe(true);
  });

  it("takes the API server's Retry-After on a 429, whatever the failures so far, without counting it", () => {
    const initializing = {
      code: 429,
      headers: { 'retry-after': '1' },
      message: 'storage is (re)initializing',
    };
    expect(restartDelay(initializing, 6)).toEqual({ delayMs: 1000, counts: false });
    expect(restartDelay({ code: 429, headers: {} }, 3)).toEqual({ delayMs: 1000, counts: false });
    expect(restartDelay({ code: 429, headers: { 'retry-after': '120' } }, 0).delayMs).toBe(30_000);
    expect(restartDelay({ code: 500, headers: { 'retry-after': '1' } }, 0)).toEqual({
      delayMs: 800,
      counts: true,
    });
  });
});
