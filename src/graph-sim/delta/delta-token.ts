import { GraphError } from '../http/errors.js';

/** What a delta or skip token carries: the round (fromSeq, toSeq], the log cursor and the original options. */
export interface DeltaState {
  /** Resource: users or groups. */
  r: 'users' | 'groups';
  /** Tenant id, so a token is not replayed against another tenant. */
  t: string;
  from: number;
  to: number;
  /** Log cursor of the next page (skip tokens only). */
  c: number;
  /** Original $select and $filter. */
  s?: string;
  f?: string;
  /** When the round started, on the simulator clock (delta tokens expire from here). */
  i: number;
}

/** Encodes a delta state into an opaque token. */
export function encodeDeltaToken(state: DeltaState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

/** Decodes a token made by `encodeDeltaToken` for this tenant and resource; anything else is a 400. */
export function decodeDeltaToken(token: string, tenantId: string, resource: DeltaState['r']): DeltaState {
  let state: DeltaState | undefined;
  try {
    state = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as DeltaState;
  } catch {
    state = undefined;
  }
  const valid =
    state !== undefined &&
    state.t === tenantId &&
    state.r === resource &&
    Number.isInteger(state.from) &&
    Number.isInteger(state.to) &&
    Number.isInteger(state.c) &&
    typeof state.i === 'number';
  if (!valid) throw new GraphError(400, 'Request_BadRequest', 'Badly formed delta token.');
  return state as DeltaState;
}
