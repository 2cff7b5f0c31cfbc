import type {
  MembershipExpr,
  MembershipOperator,
  MembershipProperty,
  MembershipScalar,
  MembershipValue,
} from './membership-ast.js';
import { describeMembershipToken, tokenizeMembership, type MembershipToken } from './membership-lexer.js';
import { graphPathOfRuleProperty } from './membership-properties.js';
import { parseIsoDuration } from '../time/duration.js';
import { LogicalExpressionParser, type LogicalNode } from './parser-base.js';
import { RuleSyntaxError } from './result.js';

/** Entra refuses a membership rule body longer than this (groups-dynamic-membership.md). */
export const MAX_MEMBERSHIP_RULE_LENGTH = 3072;

// Operators may be written with or without the leading hyphen and in any case (`-startswith`, `-notin`).
const OPERATOR_NAMES: MembershipOperator[] = [
  'eq',
  'ne',
  'startsWith',
  'notStartsWith',
  'endsWith',
  'notEndsWith',
  'contains',
  'notContains',
  'match',
  'notMatch',
  'in',
  'notIn',
  'le',
  'ge',
];
const OPERATORS = new Map(OPERATOR_NAMES.map((op) => [op.toLowerCase(), op]));
// The operators that compare text, and so take a quoted string.
const TEXT_OPERATORS = new Set<MembershipOperator>(
  OPERATOR_NAMES.filter((op) => !['eq', 'ne', 'in', 'notIn', 'le', 'ge'].includes(op)),
);
const LIST_OPERATORS = new Set<MembershipOperator>(['in', 'notIn']);
const EXPECTED_OPERATOR =
  'a comparison operator (-eq, -ne, -startsWith, -contains, -match, -in, -le, -ge, ...)';

/** Entra's membership rule syntax over the shared skeleton, with -any / -all and Direct Reports. */
class MembershipParser extends LogicalExpressionParser<MembershipToken, MembershipExpr> {
  protected readonly closeParenExpected = "')' or -and / -or";
  private lambdaDepth = 0;

  parse(): MembershipExpr {
    const expr = this.startsWithWords('direct', 'reports', 'for')
      ? this.parseDirectReports()
      : this.parseOr();
    this.expectEnd('-and, -or or end of input');
    return expr;
  }

  protected describe(token: MembershipToken): string {
    return describeMembershipToken(token);
  }

  protected isLogical(token: MembershipToken, word: string): boolean {
    return this.isOperator(token, word);
  }

  protected logical(node: LogicalNode<MembershipExpr>): MembershipExpr {
    return node;
  }

  /** `-and` or bare `and` (Entra accepts operators with or without the hyphen). */
  private isOperator(token: MembershipToken, name: string): boolean {
    if (token.kind === 'operator') return token.name === name;
    return token.kind === 'word' && token.text.toLowerCase() === name;
  }

  protected isPunct(token: MembershipToken, text: string): boolean {
    return token.kind === 'punct' && token.text === text;
  }

  private startsWithWords(...words: string[]): boolean {
    return words.every((word, i) => {
      const token = this.peek(i);
      return token.kind === 'word' && token.text.toLowerCase() === word;
    });
  }

  private parseDirectReports(): MembershipExpr {
    this.index += 3;
    const id = this.next();
    if (id.kind !== 'string') this.fail('the quoted object id of the manager', id);
    return { kind: 'directReports', managerId: id.value };
  }

  protected parseComparison(): MembershipExpr {
    const property = this.parseProperty();
    const opToken = this.next();
    const name =
      opToken.kind === 'operator' || opToken.kind === 'word' ? opToken.text.replace(/^[-\u2013]/, '') : '';
    const lower = name.toLowerCase();
    if (lower === 'any' || lower === 'all') return this.parseLambda(lower, property);
    if (lower === 'lt' || lower === 'gt') {
      throw new RuleSyntaxError(
        `-${lower} is not supported in membership rules: use -le or -ge`,
        opToken.position,
      );
    }
    const op = OPERATORS.get(lower);
    if (!op) this.fail(EXPECTED_OPERATOR, opToken);
    return { kind: 'compare', op, property, value: this.parseValue(op) };
  }

  private parseProperty(): MembershipProperty {
    const token = this.next();
    if (token.kind !== 'word') this.fail("a property such as user.department, or '('", token);
    const [root = '', ...rest] = token.text.split('.');
    if (root.toLowerCase() === 'user') {
      if (rest.length !== 1) {
        throw new RuleSyntaxError(
          `'${token.text}' is not a user property: expected user.<name> (extension attributes are user.extensionAttribute1..15)`,
          token.position,
        );
      }
      return { kind: 'user', path: graphPathOfRuleProperty(rest[0] as string) };
    }
    // Inside -any / -all, `_` is the item itself and `<name>.<property>` (assignedPlan.servicePlanId,
    // group.objectId) reads a property of the item.
    if (this.lambdaDepth > 0 && (root === '_' || rest.length > 0)) {
      return { kind: 'element', path: rest };
    }
    if (root.toLowerCase() === 'device') {
      throw new RuleSyntaxError(
        'device rules are not supported here: expected user.<property>',
        token.position,
      );
    }
    return this.fail('a property such as user.department', token);
  }

  private parseLambda(quantifier: 'any' | 'all', collection: MembershipProperty): MembershipExpr {
    this.lambdaDepth += 1;
    // Both `-any (_ -eq "x")` and the bare `-any _ -eq "x"` appear in the Entra docs.
    const predicate = this.parseUnary();
    this.lambdaDepth -= 1;
    return { kind: 'lambda', quantifier, collection, predicate };
  }

  private parseValue(op: MembershipOperator): MembershipValue {
    const start = this.peek();
    if (LIST_OPERATORS.has(op)) return { kind: 'list', values: this.parseList() };
    if (this.isPunct(start, '[')) {
      throw new RuleSyntaxError('a [...] list is allowed only after -in or -notIn', start.position);
    }
    const value = this.parseScalar();
    if (value.kind === 'null' && op !== 'eq' && op !== 'ne') {
      throw new RuleSyntaxError('null can be compared only with -eq or -ne', start.position);
    }
    if (TEXT_OPERATORS.has(op) && value.kind !== 'string') this.fail(`a quoted string after -${op}`, start);
    if ((op === 'match' || op === 'notMatch') && value.kind === 'string') {
      try {
        new RegExp(value.value, 'i');
      } catch (err) {
        throw new RuleSyntaxError(`invalid regular expression: ${(err as Error).message}`, start.position);
      }
    }
    return value;
  }

  private parseList(): MembershipScalar[] {
    const open = this.next();
    if (!this.isPunct(open, '[')) this.fail("'[' to open the list", open);
    const values = [this.parseScalar()];
    while (this.isPunct(this.peek(), ',')) {
      this.next();
      values.push(this.parseScalar());
    }
    const close = this.next();
    if (!this.isPunct(close, ']')) this.fail("',' or ']' in the list", close);
    return values;
  }

  private parseScalar(): MembershipScalar {
    const token = this.next();
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.value };
      case 'number':
        return { kind: 'number', value: token.value };
      case 'dateTime':
        return { kind: 'dateTime', value: token.value, epochMs: token.epochMs };
      case 'word': {
        const word = token.text.toLowerCase();
        if (word === 'true' || word === 'false') return { kind: 'boolean', value: word === 'true' };
        if (word === 'null') return { kind: 'null' };
        if (word === 'system.now') return { kind: 'now', offsetMs: this.parseNowOffset() };
        break;
      }
      default:
        break;
    }
    return this.fail('a value (a quoted string, number, true, false, null, date-time or system.now)', token);
  }

  /** Reads the optional `-plus P1D` / `-minus PT12H` after `system.now`. */
  private parseNowOffset(): number {
    const op = this.peek();
    if (!this.isOperator(op, 'plus') && !this.isOperator(op, 'minus')) return 0;
    this.next();
    const duration = this.next();
    const ms = duration.kind === 'word' ? parseIsoDuration(duration.text) : null;
    if (ms === null) this.fail('an ISO 8601 duration such as P1D or PT12H', duration);
    return this.isOperator(op, 'minus') ? -ms : ms;
  }
}

/** Parses membership-rule text into a tree, throwing `RuleSyntaxError` at the first mistake. */
export function parseMembershipTree(text: string): MembershipExpr {
  if (text.length > MAX_MEMBERSHIP_RULE_LENGTH) {
    throw new RuleSyntaxError(
      `membership rules are limited to ${MAX_MEMBERSHIP_RULE_LENGTH} characters`,
      MAX_MEMBERSHIP_RULE_LENGTH,
    );
  }
  return new MembershipParser(tokenizeMembership(text)).parse();
}
