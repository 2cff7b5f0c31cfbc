import { durationToMilliseconds } from './common.js';

describe('durationToMilliseconds', () => {
  it.each([
    ['10s', 10_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['250ms', 250],
    ['7d', 604_800_000],
    ['1d12h', 129_600_000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(durationToMilliseconds(text)).toBe(ms);
  });

  it.each(['', '10', '10 s', '1w', 'h1', '1h7d'])('rejects %j', (text) => {
    expect(() => durationToMilliseconds(text)).toThrow('invalid duration');
  });
});
