import { parseODataFilter, type ODataExpr } from '../../rules/odata.js';
import { GraphError } from '../http/errors.js';

/** The most objects one users or groups delta may track by id (Graph's user and group delta pages). */
export const DELTA_ID_FILTER_LIMIT = 50;

function unsupported(detail: string): GraphError {
  return new GraphError(400, 'Request_UnsupportedQuery', `Unsupported query: ${detail}`);
}

function collectIds(expr: ODataExpr, into: string[]): boolean {
  if (expr.kind === 'or') return collectIds(expr.left, into) && collectIds(expr.right, into);
  if (
    expr.kind !== 'compare' ||
    expr.op !== 'eq' ||
    expr.target.kind !== 'property' ||
    expr.target.root !== null ||
    expr.target.path.join('/') !== 'id' ||
    (expr.value.kind !== 'string' && expr.value.kind !== 'guid')
  )
    return false;
  into.push(expr.value.value.toLowerCase());
  return true;
}

/**
 * The ids a delta `$filter` tracks. Graph's delta pages support exactly one form, `id eq '…'` joined by `or`,
 * for at most 50 objects; anything else (another property, `ne`, `in`, `and`, functions) is refused.
 */
export function deltaIdFilter(text: string): ReadonlySet<string> {
  const parsed = parseODataFilter(text);
  const ids: string[] = [];
  if (!parsed.ok || !collectIds(parsed.expr, ids))
    throw unsupported("a delta query filters only by object id, as `id eq '…'` joined by `or`.");
  if (ids.length > DELTA_ID_FILTER_LIMIT)
    throw unsupported(
      `a delta query tracks at most ${DELTA_ID_FILTER_LIMIT} objects by id; this filter names ${ids.length}.`,
    );
  return new Set(ids);
}
