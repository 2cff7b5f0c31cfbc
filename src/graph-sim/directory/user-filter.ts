// What the user resource documents for `$filter` beyond the shared OData evaluator: the fifteen
// onPremisesExtensionAttributes support eq, ne, not and in only, so startsWith or endsWith on them is refused
// as Graph refuses a clause a property does not support.
import { parseODataFilter, type ODataExpr } from '../../rules/odata.js';
import { GraphError } from '../http/errors.js';

const EXTENSION_ATTRIBUTES = 'onPremisesExtensionAttributes';

/** The property a filter applies an undocumented function to, or undefined when every clause is documented. */
export function unsupportedUserFilterProperty(expr: ODataExpr): string | undefined {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return unsupportedUserFilterProperty(expr.left) ?? unsupportedUserFilterProperty(expr.right);
    case 'not':
      return unsupportedUserFilterProperty(expr.operand);
    case 'startsWith':
    case 'endsWith': {
      const path = expr.target.path;
      return expr.target.root === null && path[0] === EXTENSION_ATTRIBUTES ? path.at(-1) : undefined;
    }
    case 'lambda':
      return expr.predicate ? unsupportedUserFilterProperty(expr.predicate) : undefined;
    case 'compare':
    case 'in':
      return undefined;
  }
}

/** Throws Graph's 400 for a user `$filter` clause the user resource does not document; parse errors pass. */
export function refuseUnsupportedUserFilter(filter: string | ODataExpr | null): void {
  if (filter === null) return;
  const parsed = typeof filter === 'string' ? parseODataFilter(filter) : { ok: true as const, expr: filter };
  if (!parsed.ok) return;
  const property = unsupportedUserFilterProperty(parsed.expr);
  if (property === undefined) return;
  throw new GraphError(
    400,
    'Request_UnsupportedQuery',
    `Unsupported or invalid query filter clause specified for property '${property}' of resource 'User'.`,
  );
}
