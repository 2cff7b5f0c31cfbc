/**
 * Reads one sample of a metric from a Prometheus text page (an operator's /metrics, or the registry's
 * `metrics()`), summing every series whose labels include `labels`; undefined when no series matches.
 */
export function metricValue(
  page: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  let total: number | undefined;
  for (const line of page.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const series = match[2] ?? '';
    if (!Object.entries(labels).every(([key, value]) => series.includes(`${key}="${value}"`))) continue;
    total = (total ?? 0) + Number(match[3]);
  }
  return total;
}
