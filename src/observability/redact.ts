import { format } from 'winston';

/** Keys whose values are never logged, whatever their shape. */
const SECRET_KEY = /secret|password|token|assertion|authorization/i;
const BEARER = /\bBearer\s+[^\s"',;]+/gi;
// Three base64url segments starting with `eyJ` (`{"` encoded): a JWS or the header of a JWE.
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const MAX_DEPTH = 8;

/** The text that replaces a redacted value. */
export const REDACTED = '[REDACTED]';

/** Removes bearer tokens and JWT-looking strings from free text. */
export function redactText(text: string): string {
  return text.replace(BEARER, `Bearer ${REDACTED}`).replace(JWT, REDACTED);
}

/** Returns a copy of `value` with secret-named keys and token-looking strings replaced by `[REDACTED]`. */
export function redactValue(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH || seen.has(value)) return '[Truncated]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1, seen));
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactText(value.message),
      ...(value.stack ? { stack: redactText(value.stack) } : {}),
    };
  }
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? REDACTED : redactValue(item, depth + 1, seen);
  }
  return out;
}

/** A winston format that redacts every field (and the message) of a log entry before it is serialized. */
export const redactFormat = format((info) => {
  // winston keeps `level` and `message` as own string keys; symbol keys (MESSAGE, SPLAT) are set later.
  for (const key of Object.keys(info)) {
    if (key === 'level') continue;
    info[key] = SECRET_KEY.test(key) ? REDACTED : redactValue(info[key]);
  }
  return info;
});
