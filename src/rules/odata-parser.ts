import type { ODataComparisonOp, ODataExpr, ODataLiteral, ODataTarget } from './odata-ast.js';
import { describeToken, tokenizeOData, type ODataToken } from './odata-lexer.js';
import { LogicalExpressionParser, type LogicalNode } from './parser-base.js';
import { RuleSyntaxError } from './result.js';

const COMPARISON_OPS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const RESERVED = new Set<string>([...COMPARISON_OPS, 'and', 'or', 'not', 'in', 'true', 'false', 'null']);
// Graph accepts OData keywords and function names in any case (its own docs write `NOT(...)`, `OR`).
const FUNCTIONS: Record<string, 'startsWith' | 'endsWith'> = {
  startswith: 'startsWith',
  endswith: 'endsWith',
};

/** Graph `$filter`: comparisons, `in`, startsWith/endsWith, lambdas and `$count` over the shared skeleton. */
class ODataParser extends LogicalExpressionParser<ODataToken, ODataExpr> {
  protected readonly closeParenExpected = "')' or a logical operator";
  private readonly variables: string[] = [];

  parse(): ODataExpr {
    const expr = this.parseOr();
    this.expectEnd("'and', 'or' or end of input");
    return expr;
  }

  protected describe(token: ODataToken): string {
    return describeToken(token);
  }

  protected isLogical(token: ODataToken, word: string): boolean {
    return this.isKeyword(token, word);
  }

  protected logical(node: LogicalNode<ODataExpr>): ODataExpr {
    return node;
  }

  private isKeyword(token: ODataToken, word: string): boolean {
    return token.kind === 'identifier' && token.text.toLowerCase() === word;
  }

  protected isPunct(token: ODataToken, text: string): boolean {
    return token.kind === 'punct' && token.text === text;
  }

  private expectPunct(text: string, expected = `'${text}'`): void {
    const token = this.next();
    if (!this.isPunct(token, text)) this.fail(expected, token);
  }

  protected parseComparison(): ODataExpr {
    const token = this.peek();
    if (token.kind !== 'identifier') this.fail("a property, startsWith, endsWith, not or '('", token);
    if (this.isPunct(this.peek(1), '(')) return this.parseFunction(token);
    return this.parsePathExpression();
  }

  private parseFunction(name: ODataToken & { kind: 'identifier' }): ODataExpr {
    const kind = FUNCTIONS[name.text.toLowerCase()];
    if (!kind) {
      throw new RuleSyntaxError(
        `unsupported function '${name.text}': expected startsWith or endsWith`,
        name.position,
      );
    }
    this.next();
    this.next();
    const target = this.parseTarget();
    if (target.kind === 'count') this.fail('a property', this.peek());
    this.expectPunct(',');
    const literal = this.next();
    if (literal.kind !== 'string') this.fail('a string literal', literal);
    this.expectPunct(')');
    return { kind, target, value: literal.value };
  }

  private parsePathExpression(): ODataExpr {
    const target = this.parseTarget();
    const op = this.peek();
    if (this.isPunct(op, '/')) return this.parseLambda(target);
    if (op.kind === 'identifier' && op.text.toLowerCase() === 'in') {
      this.next();
      return { kind: 'in', target, values: this.parseList() };
    }
    if (op.kind !== 'identifier' || !COMPARISON_OPS.has(op.text.toLowerCase())) {
      this.fail('a comparison operator (eq, ne, gt, ge, lt, le, in)', op);
    }
    this.next();
    const valueToken = this.peek();
    const value = this.parseLiteral();
    if (target.kind === 'count' && value.kind !== 'number') this.fail('a number after $count', valueToken);
    return { kind: 'compare', op: op.text.toLowerCase() as ODataComparisonOp, target, value };
  }

  /** Reads `a/b/c` or `a/$count`, stopping before `/any(` or `/all(`. */
  private parseTarget(): ODataTarget {
    const first = this.next();
    if (first.kind !== 'identifier' || first.text === '$count' || RESERVED.has(first.text.toLowerCase())) {
      this.fail('a property name', first);
    }
    const root = this.variables.includes(first.text) ? first.text : null;
    const path = root === null ? [first.text] : [];
    while (this.isPunct(this.peek(), '/')) {
      const segment = this.peek(1);
      if (segment.kind !== 'identifier' || RESERVED.has(segment.text.toLowerCase())) {
        this.fail('a property name after /', segment);
      }
      const lower = segment.text.toLowerCase();
      if ((lower === 'any' || lower === 'all') && this.isPunct(this.peek(2), '(')) break;
      this.next();
      this.next();
      if (lower === '$count') return { kind: 'count', root, path };
      path.push(segment.text);
    }
    return { kind: 'property', root, path };
  }

  private parseLambda(target: ODataTarget): ODataExpr {
    if (target.kind === 'count') this.fail('a comparison operator', this.peek());
    this.next();
    const quantifier = (this.next() as ODataToken & { kind: 'identifier' }).text.toLowerCase() as
      'any' | 'all';
    this.next();
    const base = { kind: 'lambda' as const, quantifier, root: target.root, collection: target.path };
    if (this.isPunct(this.peek(), ')')) {
      if (quantifier === 'all') this.fail('a lambda variable', this.peek());
      this.next();
      return { ...base, variable: null, predicate: null };
    }
    const variable = this.next();
    if (variable.kind !== 'identifier') this.fail('a lambda variable name', variable);
    this.expectPunct(':');
    this.variables.push(variable.text);
    const predicate = this.parseOr();
    this.variables.pop();
    this.expectPunct(')', "')' to close the lambda");
    return { ...base, variable: variable.text, predicate };
  }

  private parseList(): ODataLiteral[] {
    this.expectPunct('(', "'(' to open the in list");
    const values = [this.parseLiteral()];
    while (this.isPunct(this.peek(), ',')) {
      this.next();
      values.push(this.parseLiteral());
    }
    this.expectPunct(')', "',' or ')' in the in list");
    return values;
  }

  private parseLiteral(): ODataLiteral {
    const token = this.next();
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.value };
      case 'number':
        return { kind: 'number', value: token.value };
      case 'guid':
        return { kind: 'guid', value: token.value };
      case 'dateTime':
        return { kind: 'dateTime', value: token.value, epochMs: token.epochMs };
      case 'identifier': {
        const word = token.text.toLowerCase();
        if (word === 'true' || word === 'false') return { kind: 'boolean', value: word === 'true' };
        if (word === 'null') return { kind: 'null' };
        break;
      }
      default:
        break;
    }
    return this.fail('a literal (string, number, true, false, null, guid or date-time)', token);
  }
}

/** Parses Graph `$filter` text into a tree, throwing `RuleSyntaxError` at the first mistake. */
export function parseODataTree(text: string): ODataExpr {
  return new ODataParser(tokenizeOData(text)).parse();
}
