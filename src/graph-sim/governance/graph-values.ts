// Ids, timestamps and errors shaped as the Graph identity-governance APIs return them.
import { randomUUID } from 'node:crypto';
import { GraphError } from '../http/errors.js';

/** A new object id. */
export function newId(): string {
  return randomUUID();
}

/** An ISO timestamp of the simulator clock at `ms`, without milliseconds like Graph's. */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** 404 ResourceNotFound for the `kind` object `id`, as the governance APIs word it. */
export function notFoundIn(kind: string, id: string): GraphError {
  return new GraphError(404, 'ResourceNotFound', `The ${kind} '${id}' was not found.`);
}

/** 400 BadRequest with the governance APIs' error code. */
export function invalid(message: string): GraphError {
  return new GraphError(400, 'BadRequest', message);
}
