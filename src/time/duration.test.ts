import { durationToMilliseconds, isoDuration, parseIsoDuration } from './duration.js';

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

describe('isoDuration', () => {
  it.each([
    ['7d', 'P7D'],
    ['1d12h', 'P1DT12H'],
    ['90m', 'PT1H30M'],
    ['36h', 'P1DT12H'],
    ['0s', 'PT0S'],
    ['45s', 'PT45S'],
  ])('%s is %s', (value, iso) => {
    expect(isoDuration(value)).toBe(iso);
  });
});

describe('parseIsoDuration', () => {
  it.each([
    ['P1W', 604_800_000],
    ['P7D', 604_800_000],
    ['PT168H', 604_800_000],
    ['P1DT12H', 129_600_000],
    ['PT1.5S', 1500],
    ['pt90m', 5_400_000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseIsoDuration(text)).toBe(ms);
  });

  it.each(['', 'P', 'PT', 'P1M', 'P1Y', '7d'])('has no length for %j', (text) => {
    expect(parseIsoDuration(text)).toBeNull();
  });
});
