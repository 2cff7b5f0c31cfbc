import { attributeName, uniqueAttributes } from './attributes.js';
import type { MembershipExpr } from './membership-ast.js';
import { evaluateMembershipTree } from './membership-evaluate.js';
import { parseMembershipTree } from './membership-parser.js';
import { toParseResult, type ParseResult } from './result.js';

export type {
  MembershipExpr,
  MembershipOperator,
  MembershipProperty,
  MembershipScalar,
  MembershipValue,
} from './membership-ast.js';
export type { MembershipContext } from './membership-evaluate.js';
export { MAX_MEMBERSHIP_RULE_LENGTH } from './membership-parser.js';

/** Parses an Entra dynamic membership rule (`(user.department -eq "Sales") -and ...`). */
export function parseMembershipRule(text: string): ParseResult<MembershipExpr> {
  return toParseResult(() => parseMembershipTree(text));
}

/**
 * True when the user (a Graph user object) satisfies the rule. `now` is the clock `system.now` reads;
 * `user.memberOf` is read from the user object as group ids or `{ id }` objects, and the direct-reports
 * rule from `user.manager` (an id or `{ id }`), which callers supply since Graph returns neither inline.
 */
export function evaluateMembershipRule(
  expr: MembershipExpr,
  user: Record<string, unknown>,
  options: { now?: Date } = {},
): boolean {
  return evaluateMembershipTree(expr, user, { now: options.now ?? new Date() });
}

function collectAttributes(expr: MembershipExpr, into: string[]): void {
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
      if (expr.property.kind === 'user') into.push(attributeName(expr.property.path));
      return;
    case 'lambda':
      if (expr.collection.kind === 'user') into.push(attributeName(expr.collection.path));
      collectAttributes(expr.predicate, into);
      return;
    case 'directReports':
      into.push('manager');
      return;
  }
}

/** The Graph user properties a rule reads (convention in attributes.ts), sorted and de-duplicated. */
export function attributesOfMembershipRule(expr: MembershipExpr): string[] {
  const names: string[] = [];
  collectAttributes(expr, names);
  return uniqueAttributes(names);
}
