import {
  attributesOfMembershipRule,
  evaluateMembershipRule,
  parseMembershipRule,
  type MembershipExpr,
} from './membership.js';
import { attributesOfODataFilter, evaluateODataFilter, parseODataFilter, type ODataExpr } from './odata.js';
import type { RuleError } from './result.js';

export * from './membership.js';
export * from './odata.js';
export type { ParseResult, RuleError } from './result.js';

/**
 * The two rule languages a resource can carry: `membership` is Entra's dynamic membership rule syntax
 * (access package auto-assignment policies), `odata` is Graph `$filter` (Lifecycle Workflows scope rules).
 */
export type RuleSyntax = 'membership' | 'odata';

/** A parsed rule of either syntax, with the Graph user attributes it reads. */
export type ParsedRule =
  | { syntax: 'membership'; expr: MembershipExpr; attributes: string[] }
  | { syntax: 'odata'; expr: ODataExpr; attributes: string[] };

/** The result of `parseRule`: controllers report an error as `RuleInvalid` with its position. */
export type RuleParseResult =
  ({ ok: true } & ParsedRule) | { ok: false; syntax: RuleSyntax; error: RuleError };

/** Parses a rule in the given syntax and names the user attributes it reads. */
export function parseRule(syntax: RuleSyntax, text: string): RuleParseResult {
  switch (syntax) {
    case 'membership': {
      const parsed = parseMembershipRule(text);
      if (!parsed.ok) return { ok: false, syntax, error: parsed.error };
      return { ok: true, syntax, expr: parsed.expr, attributes: attributesOfMembershipRule(parsed.expr) };
    }
    case 'odata': {
      const parsed = parseODataFilter(text);
      if (!parsed.ok) return { ok: false, syntax, error: parsed.error };
      return { ok: true, syntax, expr: parsed.expr, attributes: attributesOfODataFilter(parsed.expr) };
    }
  }
}

/** Evaluates a parsed rule of either syntax against one Graph user; `now` feeds membership `system.now`. */
export function evaluateRule(
  rule: ParsedRule,
  user: Record<string, unknown>,
  options: { now?: Date } = {},
): boolean {
  return rule.syntax === 'membership'
    ? evaluateMembershipRule(rule.expr, user, options)
    : evaluateODataFilter(rule.expr, user);
}

/** Formats a parse error for a condition message: the reason, the position, and the text around it. */
export function describeRuleError(text: string, error: RuleError): string {
  const from = Math.max(0, error.position - 20);
  const excerpt = text.slice(from, error.position + 20);
  return `${error.message} (at position ${error.position}: "${from > 0 ? '…' : ''}${excerpt}${error.position + 20 < text.length ? '…' : ''}")`;
}
