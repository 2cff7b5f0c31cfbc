// Query options of the access reviews collections: `$top` up to 100 and `$filter` on the rendered objects.
import { evaluateODataFilter, parseODataFilter } from '../../../rules/odata.js';
import { badRequest } from '../../http/errors.js';
import type { GraphCall } from '../../module.js';
import type { Props } from '../../store/types.js';

/** Access reviews collections page at most 100 items (Graph's access reviews reference): a larger `$top` is a 400. */
export function checkTop(call: GraphCall): void {
  const raw = call.query.get('$top');
  if (raw === null) return;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100)
    throw badRequest(
      `Invalid page size specified: '${raw}'. Must be between 1 and 100 inclusive.`,
      'BadRequest',
    );
}

/** The items whose rendering matches `$filter`; a filter that does not parse is a 400. */
export function filtered<T>(call: GraphCall, items: readonly T[], subject: (item: T) => Props): T[] {
  const text = call.query.get('$filter');
  if (text === null) return [...items];
  const parsed = parseODataFilter(text);
  if (!parsed.ok)
    throw badRequest(
      `Invalid filter clause: ${parsed.error.message} (at position ${parsed.error.position}).`,
      'BadRequest',
    );
  return items.filter((item) => evaluateODataFilter(parsed.expr, subject(item)));
}
