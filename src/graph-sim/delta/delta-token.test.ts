import { GraphError } from '../http/errors.js';
import { decodeDeltaToken, encodeDeltaToken, type DeltaState } from './delta-token.js';

const state: DeltaState = { r: 'users', t: 'tenant-a', from: 4, to: 9, c: 0, s: 'displayName', i: 1000 };

describe('delta tokens', () => {
  it('round-trip the round and the original query options', () => {
    expect(decodeDeltaToken(encodeDeltaToken(state), 'tenant-a', 'users')).toEqual(state);
  });

  it('refuse a token of another tenant, another resource, or garbage', () => {
    const token = encodeDeltaToken(state);
    expect(() => decodeDeltaToken(token, 'tenant-b', 'users')).toThrow(GraphError);
    expect(() => decodeDeltaToken(token, 'tenant-a', 'groups')).toThrow(GraphError);
    expect(() => decodeDeltaToken('not-a-token', 'tenant-a', 'users')).toThrow(GraphError);
  });
});
