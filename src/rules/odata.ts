import { attributeName, uniqueAttributes } from './attributes.js';
import type { ODataExpr } from './odata-ast.js';
import { evaluateODataTree } from './odata-evaluate.js';
import { parseODataTree } from './odata-parser.js';
import { toParseResult, type ParseResult } from './result.js';

export type { ODataComparisonOp, ODataExpr, ODataLiteral, ODataTarget } from './odata-ast.js';

/** Parses a Graph `$filter` expression (also the Lifecycle Workflows rule syntax). */
export function parseODataFilter(text: string): ParseResult<ODataExpr> {
  return toParseResult(() => parseODataTree(text));
}

/** True when the object matches the filter; strings compare without regard to case, as in Graph. */
export function evaluateODataFilter(expr: ODataExpr, subject: Record<string, unknown>): boolean {
  return evaluateODataTree(expr, subject);
}

// Graph "advanced query capabilities" (concepts/aad-advanced-queries.md): on directory objects the `ne` and
// `not` operators, `endsWith`, and `$count` inside `$filter` (`assignedLicenses/$count eq 0`) work only with
// the `ConsistencyLevel: eventual` header and `$count=true`; without them Graph answers 400
// Request_UnsupportedQuery. `in` works by default wherever `eq` does. Some properties need advanced
// queries even for `eq`/`startsWith`/`ge`; that depends on the property, not the operator, and is not
// judged here.
/** An operator Graph accepts in `$filter` on directory objects only as an advanced query. */
export type AdvancedOperator = 'ne' | 'not' | 'endsWith' | '$count';

function collectAdvanced(expr: ODataExpr, into: Set<AdvancedOperator>): void {
  switch (expr.kind) {
    case 'and':
    case 'or':
      collectAdvanced(expr.left, into);
      collectAdvanced(expr.right, into);
      return;
    case 'not':
      into.add('not');
      collectAdvanced(expr.operand, into);
      return;
    case 'compare':
      if (expr.op === 'ne') into.add('ne');
      if (expr.target.kind === 'count') into.add('$count');
      return;
    case 'in':
      if (expr.target.kind === 'count') into.add('$count');
      return;
    case 'startsWith':
      return;
    case 'endsWith':
      into.add('endsWith');
      return;
    case 'lambda':
      if (expr.predicate !== null) collectAdvanced(expr.predicate, into);
      return;
  }
}

/** The advanced-query-only operators a filter uses, in the order they first appear. */
export function advancedOperatorsOf(expr: ODataExpr): AdvancedOperator[] {
  const found = new Set<AdvancedOperator>();
  collectAdvanced(expr, found);
  return [...found];
}

/** True when Graph would accept this filter on directory objects only as an advanced query. */
export function usesAdvancedOperators(expr: ODataExpr): boolean {
  return advancedOperatorsOf(expr).length > 0;
}

function collectAttributes(expr: ODataExpr, into: string[]): void {
  switch (expr.kind) {
    case 'and':
    case 'or':
      collectAttributes(expr.left, into);
      collectAttributes(expr.right, into);
      return;
    case 'not':
      collectAttributes(expr.operand, into);
      return;
    case 'compare':
    case 'in':
    case 'startsWith':
    case 'endsWith':
      // A path rooted at a lambda variable reads an element of a collection already counted.
      if (expr.target.root === null) into.push(attributeName(expr.target.path));
      return;
    case 'lambda':
      if (expr.root === null) into.push(attributeName(expr.collection));
      if (expr.predicate !== null) collectAttributes(expr.predicate, into);
      return;
  }
}

/** The properties a filter reads, named by the convention in attributes.ts, sorted and de-duplicated. */
export function attributesOfODataFilter(expr: ODataExpr): string[] {
  const names: string[] = [];
  collectAttributes(expr, names);
  return uniqueAttributes(names);
}
