// Query options of the entitlement-management collections: $filter through the shared OData rules
// (navigation paths such as `accessPackage/id` included), $expand with nested options, $select, paging.
import { evaluateRule, parseRule } from '../../../rules/index.js';
import { badRequest } from '../../http/errors.js';
import type { GraphCall } from '../../module.js';
import { collectionPage } from '../../query/query-options.js';
import type { Props } from '../../store/types.js';

/**
 * Refuses a `$filter` on a navigation path (`accessPackage/id`, ...) where the list page documents none: Graph
 * is the referee, and where it is silent the simulator takes the stricter reading.
 */
export function refuseNavigationFilter(call: GraphCall, collection: string, unlessExpanded?: string): void {
  const text = call.query.get('$filter')?.replace(/'(?:[^']|'')*'/g, "''");
  const path = text?.match(/\b([A-Za-z]+)\/[A-Za-z]+\b/);
  if (!path) return;
  const expanded = (call.query.get('$expand') ?? '').split(',').map((e) => e.trim().toLowerCase());
  if (
    unlessExpanded &&
    path[1]?.toLowerCase() === unlessExpanded.toLowerCase() &&
    expanded.includes(unlessExpanded.toLowerCase())
  )
    return;
  throw badRequest(
    `Invalid filter clause: filtering ${collection} on '${path[0]}' is not supported` +
      (unlessExpanded ? ` unless $expand=${unlessExpanded} is given.` : '.'),
    'BadRequest',
  );
}

/** Keeps the items whose filter subject (Graph shape, navigation properties as `{id}` objects) matches `$filter`. */
export function filterBy<T>(call: GraphCall, items: readonly T[], subject: (item: T) => Props): T[] {
  const text = call.query.get('$filter');
  if (text === null) return [...items];
  const parsed = parseRule('odata', text);
  if (!parsed.ok)
    throw badRequest(
      `Invalid filter clause: ${parsed.error.message} (at position ${parsed.error.position}).`,
      'BadRequest',
    );
  return items.filter((item) => evaluateRule(parsed, subject(item)));
}

function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** An `$expand` value as navigation property (lower case) -> its nested `$expand` value ('' for none). */
export type Expansion = Map<string, string>;

/** Parses `a,b($expand=c,d)` into {a: '', b: 'c,d'}. */
export function parseExpand(text: string): Expansion {
  const out: Expansion = new Map();
  for (const item of splitTopLevel(text, ',')) {
    const open = item.indexOf('(');
    const name = (open < 0 ? item : item.slice(0, open)).trim();
    const options = open < 0 ? '' : item.slice(open + 1, item.lastIndexOf(')'));
    const nested = splitTopLevel(options, ';').find((o) => /^\$expand=/i.test(o));
    out.set(name.toLowerCase(), nested ? nested.slice('$expand='.length) : '');
  }
  return out;
}

/** Validates an `$expand` value against the navigation properties of `typeName`; `*` expands them all. */
export function expansion(text: string | null, typeName: string, allowed: readonly string[]): Expansion {
  if (text === null || text.trim() === '') return new Map();
  const parsed = parseExpand(text);
  if (parsed.has('*')) return new Map(allowed.map((name) => [name.toLowerCase(), '']));
  for (const name of parsed.keys()) {
    if (!allowed.some((a) => a.toLowerCase() === name))
      throw badRequest(
        `Could not find a property named '${name}' on type 'microsoft.graph.${typeName}'.`,
        'BadRequest',
      );
  }
  return parsed;
}

/** Narrows a rendered object to `$select` (id and expanded navigation properties stay). */
export function selectFrom(call: GraphCall, expanded: Expansion, object: Props): Props {
  const raw = call.query.get('$select');
  if (raw === null || raw.trim() === '') return object;
  const keep = new Set(['id', ...raw.split(',').map((s) => s.trim()), ...expanded.keys()]);
  return Object.fromEntries(Object.entries(object).filter(([k]) => keep.has(k) || keep.has(k.toLowerCase())));
}

/** A page of an entitlement-management collection. */
export function listPage<T>(
  call: GraphCall,
  context: string,
  items: readonly T[],
  render: (item: T) => Props,
): Props {
  return collectionPage(call, `identityGovernance/entitlementManagement/${context}`, items, render);
}
