import { ExpressionError, asString, isNullOrEmpty } from '../values.js';
import type { Value } from '../values.js';
import type { FunctionDef } from './types.js';

/** Reads a value as a boolean the way Entra does ("True"/"False", numbers non-zero); null when empty. */
export function asBoolean(v: Value, what: string): boolean | null {
  if (isNullOrEmpty(v)) return null;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  const s = asString(v)?.trim() ?? '';
  if (/^true$/i.test(s)) return true;
  if (/^false$/i.test(s)) return false;
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s) !== 0;
  throw new ExpressionError(`${what} must be True or False, got ${JSON.stringify(s)}`);
}

function isTrue(v: Value): boolean {
  return v === true || (typeof v === 'string' && /^true$/i.test(v.trim()));
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A .NET Int64 argument, read exactly from its digits (a JavaScript number would round above 2^53). */
function asInt64(v: Value, what: string): bigint {
  const text =
    typeof v === 'number' ? (Number.isInteger(v) ? BigInt(v).toString() : '') : (asString(v) ?? '').trim();
  if (!/^-?\d+$/.test(text))
    throw new ExpressionError(`${what} must be an integer, got ${JSON.stringify(v)}`);
  const n = BigInt(text);
  if (n < INT64_MIN || n > INT64_MAX)
    throw new ExpressionError(`${what} is outside the 64-bit integer range`);
  return n;
}

export const logicFunctions: Record<string, FunctionDef> = {
  IIF: {
    min: 3,
    max: 3,
    call: (a) => {
      const condition = asBoolean(a.get(0), 'IIF: condition');
      // Entra fails the condition check when it rests on a null or empty value (documented limitation).
      if (condition === null) throw new ExpressionError('IIF: the condition is null or empty');
      return condition ? a.get(1) : a.get(2);
    },
  },
  Switch: {
    min: 4,
    max: Infinity,
    check: (args) =>
      args.length % 2 === 0
        ? null
        : `Switch needs source, default and then key/value pairs: ${args.length} arguments leave a key without a value`,
    // Evaluated from the whole source user on every cycle, so a Switch never yields null because
    // its own source did not change (Entra's documented Switch bug).
    call: (a) => {
      const source = asString(a.get(0)) ?? '';
      for (let i = 2; i + 1 < a.count; i += 2) {
        if ((asString(a.get(i)) ?? '') === source) return a.get(i + 1);
      }
      return a.get(1);
    },
  },
  Coalesce: {
    min: 1,
    max: Infinity,
    call: (a) => {
      for (let i = 0; i < a.count; i += 1) {
        const v = a.get(i);
        if (v !== null) return v;
      }
      return null;
    },
  },
  // Documented: False when the source is True, True for anything else (False, null, any other text).
  Not: { min: 1, max: 1, call: (a) => !isTrue(a.get(0)) },
  CBool: { min: 1, max: 1, call: (a) => asBoolean(a.get(0), 'CBool: expression') ?? false },
  BitAnd: {
    min: 2,
    max: 2,
    call: (a) => {
      const r = asInt64(a.get(0), 'BitAnd: value1') & asInt64(a.get(1), 'BitAnd: value2');
      // Above 2^53 a number would round: the exact digits are kept as text.
      return r >= -MAX_SAFE && r <= MAX_SAFE ? Number(r) : r.toString();
    },
  },
  IgnoreFlowIfNullOrEmpty: { min: 1, max: 1, topLevelOnly: true, call: (a) => a.get(0) },
  Redact: { min: 1, max: 1, call: (a) => a.get(0) },
  SelectUniqueValue: {
    min: 2,
    max: Infinity,
    topLevelOnly: true,
    onCreateOnly: true,
    call: (a, ctx, attribute) => {
      const tried: string[] = [];
      for (let i = 0; i < a.count; i += 1) {
        const candidate = asString(a.get(i));
        if (candidate === null || candidate === '') continue;
        if (ctx.isUnique(candidate, attribute)) return candidate;
        tried.push(candidate);
      }
      throw new ExpressionError(
        `SelectUniqueValue: every candidate is taken in the target (${tried.join(', ')})`,
      );
    },
  },
};
