import { evaluateODataFilter, parseODataFilter, usesAdvancedOperators } from '../../rules/odata.js';
import { GraphError } from '../http/errors.js';
import type { GraphCall } from '../module.js';
import type { Props } from '../store/types.js';
import { isAdvancedQuery } from './query-options.js';

function advancedOperatorName(text: string): string {
  if (/\bnot\s*\(/i.test(text)) return 'not';
  if (/\bendswith\s*\(/i.test(text)) return 'endsWith';
  if (/\s\$count\s/i.test(text) || /\/\$count\b/i.test(text)) return '$count';
  return 'ne';
}

/** Applies `$filter`; advanced operators without ConsistencyLevel: eventual and $count=true are 400s like Graph's. */
export function filterItems<T>(
  call: GraphCall,
  items: readonly T[],
  subject: (item: T) => Props,
): readonly T[] {
  const text = call.query.get('$filter');
  if (text === null) return items;
  const parsed = parseODataFilter(text);
  if (!parsed.ok) {
    throw new GraphError(
      400,
      'BadRequest',
      `Invalid filter clause: ${parsed.error.message} (at position ${parsed.error.position}).`,
    );
  }
  if (usesAdvancedOperators(parsed.expr) && !isAdvancedQuery(call)) {
    throw new GraphError(
      400,
      'Request_UnsupportedQuery',
      `Operator '${advancedOperatorName(text)}' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information`,
    );
  }
  return items.filter((item) => evaluateODataFilter(parsed.expr, subject(item)));
}
