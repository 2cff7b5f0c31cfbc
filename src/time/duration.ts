// Durations in the two spellings the operator meets: the Go-style strings of our resources (`10s`, `1h30m`,
// and whole days such as `7d`), which the API server's CEL `duration()` also reads, and Graph's ISO 8601
// durations (`P7D`, `PT12H`).

/** Go-style durations the API server's CEL `duration()` also parses, e.g. `10s`, `1h30m`. */
export const DURATION_PATTERN = '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$';
/** Durations that may also start with whole days, e.g. `7d`, `1d12h`, `90m`. */
export const LONG_DURATION_PATTERN =
  '^([0-9]+d([0-9]+(\\.[0-9]+)?(ms|s|m|h))*|([0-9]+(\\.[0-9]+)?(ms|s|m|h))+)$';

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** Milliseconds in a resource duration of either pattern (`10s`, `1h30m`, `7d`); throws on anything else. */
export function durationToMilliseconds(value: string): number {
  if (!new RegExp(LONG_DURATION_PATTERN).test(value)) throw new Error(`invalid duration "${value}"`);
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)/g)) {
    total += Number(amount) * (UNIT_MS[unit as string] as number);
  }
  return total;
}

/** An ISO 8601 duration (`P7D`, `P1DT12H`, `PT90M`) for a resource duration (`7d`, `1d12h`, `90m`). */
export function isoDuration(value: string): string {
  let seconds = Math.round(durationToMilliseconds(value) / 1000);
  const days = Math.floor(seconds / 86_400);
  seconds -= days * 86_400;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
  if (days === 0 && time === '') return 'PT0S';
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/**
 * Milliseconds in an ISO 8601 duration made of weeks, days, hours, minutes and seconds (`P1D`, `PT12H`);
 * null for anything else, years and months included, whose length depends on the date.
 */
export function parseIsoDuration(text: string): number | null {
  const match = ISO_DURATION.exec(text);
  if (!match || /^PT?$/i.test(text)) return null;
  const [weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return ((((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
}
