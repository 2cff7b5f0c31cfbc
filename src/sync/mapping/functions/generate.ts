import { ExpressionError, asInteger, asString } from '../values.js';
import type { FunctionDef, EvalContext } from './types.js';

const DIGITS = '0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
// The special characters of Windows password complexity rules, which Entra's RandomString draws from.
const SPECIAL = '~!@#$%^&*_-+=`|\\(){}[]:;"\'<>,.?/';
const MAX_LENGTH = 256;

function pick(chars: string, ctx: EvalContext): string {
  return chars[Math.floor(ctx.random() * chars.length)] as string;
}

/** A random string of `length` with at least the given numbers of each character class. */
export function randomString(
  length: number,
  minimums: { numbers: number; special: number; capital: number; lower: number },
  avoid: string,
  ctx: EvalContext,
): string {
  if (length < 1 || length > MAX_LENGTH)
    throw new ExpressionError(`RandomString: length must be 1 to ${MAX_LENGTH}`);
  const pool = (s: string) => [...s].filter((c) => !avoid.includes(c)).join('');
  const classes = [
    { chars: pool(DIGITS), min: minimums.numbers },
    { chars: pool(SPECIAL), min: minimums.special },
    { chars: pool(UPPER), min: minimums.capital },
    { chars: pool(LOWER), min: minimums.lower },
  ];
  if (classes.some((c) => c.min < 0))
    throw new ExpressionError('RandomString: minimums must not be negative');
  const required = classes.reduce((n, c) => n + c.min, 0);
  if (required > length)
    throw new ExpressionError(`RandomString: the minimums (${required}) exceed the length (${length})`);
  const chars: string[] = [];
  for (const c of classes) {
    if (c.min > 0 && c.chars === '')
      throw new ExpressionError('RandomString: every character of a required class is avoided');
    for (let i = 0; i < c.min; i += 1) chars.push(pick(c.chars, ctx));
  }
  const all = pool(DIGITS + UPPER + LOWER + SPECIAL);
  while (chars.length < length) chars.push(pick(all, ctx));
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = Math.floor(ctx.random() * (i + 1));
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

/** A version-4 GUID from the context's randomness. */
export function guid(ctx: EvalContext): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(ctx.random() * 16));
  hex[12] = 4;
  hex[16] = 8 + ((hex[16] as number) % 4);
  const s = hex.map((h) => h.toString(16)).join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export const generateFunctions: Record<string, FunctionDef> = {
  ConvertToBase64: {
    min: 1,
    max: 1,
    call: (a) => {
      const s = asString(a.get(0));
      return s === null ? null : Buffer.from(s, 'utf16le').toString('base64');
    },
  },
  ConvertToUTF8Hex: {
    min: 1,
    max: 1,
    call: (a) => {
      const s = asString(a.get(0));
      return s === null ? null : Buffer.from(s, 'utf8').toString('hex').toUpperCase();
    },
  },
  Guid: { min: 0, max: 0, onCreateOnly: true, call: (_a, ctx) => guid(ctx) },
  RandomString: {
    min: 5,
    max: 6,
    onCreateOnly: true,
    call: (a, ctx) =>
      randomString(
        asInteger(a.get(0), 'RandomString: Length'),
        {
          numbers: asInteger(a.get(1), 'RandomString: MinimumNumbers'),
          special: asInteger(a.get(2), 'RandomString: MinimumSpecialCharacters'),
          capital: asInteger(a.get(3), 'RandomString: MinimumCapital'),
          lower: asInteger(a.get(4), 'RandomString: MinimumLowerCase'),
        },
        asString(a.get(5)) ?? '',
        ctx,
      ),
  },
};
