import { parseIsoDuration } from '../time/duration.js';

const ISO_DURATION = /^P(?=\d|T\d)/;

function sameScalar(want: unknown, have: unknown): boolean {
  if (want === have) return true;
  // Graph may spell the same duration differently (P7D, P1W, PT168H).
  if (
    typeof want === 'string' &&
    typeof have === 'string' &&
    ISO_DURATION.test(want) &&
    ISO_DURATION.test(have)
  ) {
    const a = parseIsoDuration(want);
    return a !== null && a === parseIsoDuration(have);
  }
  return false;
}

/**
 * Whether `have` (what Graph returns) carries everything `want` (what we write) says: objects compare by the
 * keys we set, since Graph adds read-only and defaulted properties; arrays compare in order and length.
 */
export function covers(want: unknown, have: unknown): boolean {
  if (Array.isArray(want)) {
    return Array.isArray(have) && have.length === want.length && want.every((w, i) => covers(w, have[i]));
  }
  if (typeof want === 'object' && want !== null) {
    if (typeof have !== 'object' || have === null || Array.isArray(have)) return false;
    const record = have as Record<string, unknown>;
    // Graph leaves out @odata.type where the property's declared type already says it.
    return Object.entries(want).every(
      ([key, value]) => (key === '@odata.type' && record[key] === undefined) || covers(value, record[key]),
    );
  }
  return sameScalar(want, have);
}

/** The top-level fields of `want` that `have` does not carry: the drift to correct, for status and events. */
export function driftedFields(want: Record<string, unknown>, have: Record<string, unknown>): string[] {
  return Object.keys(want).filter((key) => !covers(want[key], have[key]));
}
