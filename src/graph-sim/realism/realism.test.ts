import { defaultRealism } from '../store/types.js';
import { mergeRealism } from './realism.js';

describe('mergeRealism', () => {
  it('changes only the switches given and resets a limit given as null', () => {
    const lowered = mergeRealism(defaultRealism(), {
      throttling: { writesPer150s: 5 },
      replicationLagMs: 2000,
    });
    expect(lowered).toMatchObject({
      replicationLagMs: 2000,
      throttling: { enabled: true, writesPer150s: 5 },
      deltaTokenTtlMs: 7 * 86_400_000,
    });
    expect(
      mergeRealism(lowered, { throttling: { writesPer150s: null } }).throttling.writesPer150s,
    ).toBeUndefined();
  });

  it('rejects unknown switches, negative numbers and rates outside 0..1', () => {
    expect(() => mergeRealism(defaultRealism(), { lag: 1 })).toThrow(TypeError);
    expect(() => mergeRealism(defaultRealism(), { replicationLagMs: -1 })).toThrow(TypeError);
    expect(() => mergeRealism(defaultRealism(), { faults: { errorRates: { '503': 2 } } })).toThrow(TypeError);
  });
});
