import { ExpressionError, asInteger, asString, isNullOrEmpty } from '../values.js';
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
  Not: { min: 1, max: 1, call: (a) => !(asBoolean(a.get(0), 'Not: source') ?? false) },
  CBool: { min: 1, max: 1, call: (a) => asBoolean(a.get(0), 'CBool: expression') ?? false },
  BitAnd: {
    min: 2,
    max: 2,
    call: (a) =>
      Number(BigInt(asInteger(a.get(0), 'BitAnd: value1')) & BigInt(asInteger(a.get(1), 'BitAnd: value2'))),
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
