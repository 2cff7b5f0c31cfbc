import { defaultRealism } from '../store/types.js';
import { mergeRealism } from './realism.js';
import { corruptBody, matchFaultRule } from './faults.js';

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

describe('fault rules', () => {
  it('are checked, and apply after `after` matches for `times` matches', () => {
    expect(() => mergeRealism(defaultRealism(), { faults: { rules: [{ effect: 'explode' }] } })).toThrow(
      TypeError,
    );
    const realism = mergeRealism(defaultRealism(), {
      faults: {
        rules: [{ effect: 'malformed', method: 'GET', pathContains: '/members', after: 1, times: 1 }],
      },
    });
    const hits = ['/groups/g/members', '/users', '/groups/g/members?$skiptoken=x', '/groups/g/members'].map(
      (target) => matchFaultRule(realism, 'GET', target)?.effect,
    );
    expect(hits).toEqual([undefined, undefined, 'malformed', undefined]);
  });

  it('corrupt a body into HTML or half of its JSON', () => {
    expect(corruptBody('malformed', { value: [] })).toMatch(/^<html>/);
    expect(() => JSON.parse(corruptBody('truncated', { value: [{ id: 'a' }, { id: 'b' }] }))).toThrow();
  });
});
