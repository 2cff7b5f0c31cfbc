const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/**
 * Milliseconds in an ISO 8601 duration made of weeks, days, hours, minutes and seconds (`P1D`, `PT12H`);
 * null for anything else, years and months included, whose length depends on the date.
 */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text);
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
