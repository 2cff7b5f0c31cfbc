// Query options of the access reviews collections: `$top` up to 100, `$skip`, and `$filter` on the rendered objects.
import { evaluateODataFilter, parseODataFilter } from '../../../rules/odata.js';
import { badRequest } from '../../http/errors.js';
import type { GraphCall } from '../../module.js';
import { collectionPage } from '../../query/query-options.js';
import type { Props } from '../../store/types.js';

/** Access reviews collections page at most 100 items (Graph's access reviews reference): a larger `$top` is a 400. */
function checkTop(call: GraphCall): void {
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

/**
 * A page of an access reviews collection. Without `$top`/`$skip` Graph pages 100 at a time with nextLinks; with
 * them the list pages tell the client to page by `$skip` itself and promise no nextLink, so none is given.
 */
export function reviewPage<T>(
  call: GraphCall,
  contextPath: string,
  items: readonly T[],
  render: (item: T) => Props,
): Props {
  checkTop(call);
  const rawSkip = call.query.get('$skip');
  if (rawSkip === null && call.query.get('$top') === null)
    return collectionPage(call, contextPath, items, render);
  const skip = rawSkip === null ? 0 : Number(rawSkip);
  if (!Number.isInteger(skip) || skip < 0)
    throw badRequest(`Invalid value '${rawSkip}' for $skip.`, 'BadRequest');
  const top = Number(call.query.get('$top') ?? 100);
  return {
    '@odata.context': `${call.baseUrl}/v1.0/$metadata#${contextPath}`,
    value: items.slice(skip, skip + top).map(render),
  };
}
