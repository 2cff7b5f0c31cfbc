import type { ODataComparisonOp, ODataExpr, ODataLiteral, ODataTarget } from './odata-ast.js';
import { describeToken, tokenizeOData, type ODataToken } from './odata-lexer.js';
import { RuleSyntaxError } from './result.js';

const COMPARISON_OPS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const RESERVED = new Set<string>([...COMPARISON_OPS, 'and', 'or', 'not', 'in', 'true', 'false', 'null']);
// Graph accepts OData keywords and function names in any case (its own docs write `NOT(...)`, `OR`).
const FUNCTIONS: Record<string, 'startsWith' | 'endsWith'> = {
  startswith: 'startsWith',
  endswith: 'endsWith',
};

/** Recursive-descent parser: `or` binds loosest, then `and`, then `not`, then comparisons. */
class ODataParser {
  private index = 0;
  private readonly variables: string[] = [];

  constructor(private readonly tokens: ODataToken[]) {}

  parse(): ODataExpr {
    const expr = this.parseOr();
    const next = this.peek();
    if (next.kind !== 'end') this.fail("'and', 'or' or end of input", next);
    return expr;
  }

  private peek(offset = 0): ODataToken {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as ODataToken;
  }

  private next(): ODataToken {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  private fail(expected: string, found: ODataToken): never {
    throw new RuleSyntaxError(`expected ${expected} but found ${describeToken(found)}`, found.position);
  }

  private isKeyword(token: ODataToken, word: string): boolean {
    return token.kind === 'identifier' && token.text.toLowerCase() === word;
  }

  private isPunct(token: ODataToken, text: string): boolean {
    return token.kind === 'punct' && token.text === text;
  }

  private expectPunct(text: string, expected = `'${text}'`): void {
    const token = this.next();
    if (!this.isPunct(token, text)) this.fail(expected, token);
  }

  private parseOr(): ODataExpr {
    let left = this.parseAnd();
    while (this.isKeyword(this.peek(), 'or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): ODataExpr {
    let left = this.parseUnary();
    while (this.isKeyword(this.peek(), 'and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  // `not` applies to the whole comparison that follows (`not city eq 'x'` is `not (city eq 'x')`), the
  // reading Graph users expect; strict OData would apply it to `city` alone, which is never boolean here.
  private parseUnary(): ODataExpr {
    if (this.isKeyword(this.peek(), 'not')) {
      this.next();
      return { kind: 'not', operand: this.parseUnary() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): ODataExpr {
    const token = this.peek();
    if (this.isPunct(token, '(')) {
      this.next();
      const inner = this.parseOr();
      this.expectPunct(')', "')' or a logical operator");
      return inner;
    }
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
