/** A route match: the handler and the decoded path parameters. */
export type RouteMatch<H> =
  { handler: H; params: Record<string, string> } | { methodNotAllowed: true } | undefined;

interface Route<H> {
  method: string;
  segments: string[];
  handler: H;
}

/** A small router over `/`-separated segments; `:name` captures one segment; literal segments beat captures. */
export class Router<H> {
  private readonly routes: Route<H>[] = [];

  /** Registers `handler` for `method` and a pattern such as `/users/:id/manager`. */
  add(method: string, pattern: string, handler: H): this {
    this.routes.push({ method, segments: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  /** Finds the route of a request path (without query string). */
  match(method: string, path: string): RouteMatch<H> {
    const parts = path.split('/').filter(Boolean);
    let pathMatched = false;
    let best: { handler: H; params: Record<string, string>; literals: number } | undefined;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      const literals = route.segments.filter((s) => !s.startsWith(':')).length;
      if (best && best.literals >= literals) continue;
      if (route.method === method) best = { handler: route.handler, params, literals };
      else pathMatched = true;
    }
    if (best) return { handler: best.handler, params: best.params };
    return pathMatched ? { methodNotAllowed: true } : undefined;
  }
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const part = parts[i] as string;
    if (p.startsWith(':')) params[p.slice(1)] = safeDecode(part);
    else if (p.toLowerCase() !== part.toLowerCase()) return undefined;
  }
  return params;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
