/** Query options of a Graph call; arrays are joined with commas (`$select`). */
export type GraphQuery = Record<string, string | number | boolean | readonly string[] | undefined>;

/** A path segment made safe: ids and UPNs (`a_b.com#EXT#@c.com`) carry characters URLs reserve. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

/** Appends encoded query options to a path, leaving out the undefined ones. */
export function withQuery(path: string, query: GraphQuery = {}): string {
  const parts = Object.entries(query).flatMap(([key, value]) => {
    if (value === undefined) return [];
    const text = Array.isArray(value) ? value.join(',') : String(value);
    return [`${key}=${encodeURIComponent(text)}`];
  });
  if (parts.length === 0) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${parts.join('&')}`;
}
