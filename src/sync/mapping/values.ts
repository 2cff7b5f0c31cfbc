import { formatDotNet } from './dotnet-datetime.js';

/** A value inside an expression: Entra's strings, numbers, booleans, DateTimes and multi-valued strings. */
export type Value = string | number | boolean | Date | readonly string[] | null;

/** Raised while evaluating an expression for one user; the user fails, the cycle goes on. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
}

/**
 * The longest text an expression handles: sixteen times the longest string property of a Graph user
 * (1,024 characters), so no real value comes near it, and a hostile one (or one grown by nesting)
 * fails that user at once instead of costing seconds of work per function.
 */
export const MAX_TEXT_LENGTH = 16_384;
/** The most values a multi-valued attribute may carry into an expression. */
export const MAX_VALUES = 1_000;

/** `v` when it is within the bounds above; otherwise an error for this user naming `what`. */
export function boundedValue(v: Value, what: string): Value {
  if (typeof v === 'string') {
    if (v.length > MAX_TEXT_LENGTH) {
      throw new ExpressionError(
        `${what} is ${v.length} characters long; expressions handle at most ${MAX_TEXT_LENGTH}`,
      );
    }
  } else if (Array.isArray(v)) {
    if (v.length > MAX_VALUES) {
      throw new ExpressionError(`${what} has ${v.length} values; expressions handle at most ${MAX_VALUES}`);
    }
    for (const item of v as readonly string[]) boundedValue(item, what);
  }
  return v;
}

/** Entra's rendering of a DateTime when it becomes a string. */
export const DEFAULT_DATE_FORMAT = 'M/d/yyyy h:mm:ss tt';

/** True for null, an empty string and an empty multi-valued attribute. */
export function isNullOrEmpty(v: Value): boolean {
  return v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** The string form of a single value, as Entra prints it (booleans as True/False); null stays null. */
export function asString(v: Value): string | null {
  if (v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v instanceof Date) return formatDotNet(v, DEFAULT_DATE_FORMAT);
  if (v.length === 0) return null;
  if (v.length === 1) return v[0] ?? null;
  throw new ExpressionError(
    'a multi-valued attribute is used where one value is expected; use Item() or Join()',
  );
}

/** The string form, with null as the empty string (Entra's string functions treat null as ""). */
export function asText(v: Value): string {
  return asString(v) ?? '';
}

/** An integer argument; `what` names it in the error. */
export function asInteger(v: Value, what: string): number {
  const s = typeof v === 'number' ? v : Number(asString(v)?.trim() ?? NaN);
  if (!Number.isInteger(s)) throw new ExpressionError(`${what} must be an integer, got ${JSON.stringify(v)}`);
  return s;
}

/** The values of a possibly multi-valued value, without nulls. */
export function asList(v: Value): string[] {
  if (v === null) return [];
  if (Array.isArray(v)) return [...(v as readonly string[])];
  return [asText(v)];
}

/** Converts a Graph property read from a user into an expression value. */
export function fromGraph(raw: unknown): Value {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return raw;
  if (Array.isArray(raw)) {
    // Graph's multi-valued properties are nearly always strings already: no copy per user and cycle then.
    if (raw.every((x) => typeof x === 'string')) return raw as readonly string[];
    return raw.filter((x) => x !== null && x !== undefined).map((x) => String(x));
  }
  return null;
}

const pathParts = new Map<string, readonly string[]>();

export type PathReader = (obj: Readonly<Record<string, unknown>>) => unknown;

/** A reader of one path, for reading it from many objects: the path is split once. */
export function pathReader(path: string): PathReader {
  const parts = path.split('.');
  if (parts.length === 1) return (obj) => obj[path];
  return (obj) => {
    let cur: unknown = obj;
    for (const part of parts) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[part];
    }
    return cur;
  };
}

/** Reads a dotted path (`onPremisesExtensionAttributes.extensionAttribute1`) from a Graph object. */
export function readPath(obj: Readonly<Record<string, unknown>>, path: string): unknown {
  if (!path.includes('.')) return obj[path];
  let parts = pathParts.get(path);
  if (!parts) {
    parts = path.split('.');
    // Paths come from configuration, so the cache stays small; the bound guards against misuse.
    if (pathParts.size > 10_000) pathParts.clear();
    pathParts.set(path, parts);
  }
  let cur: unknown = obj;
  for (const part of parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
