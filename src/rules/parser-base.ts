import { RuleSyntaxError } from './result.js';

/** The `and` / `or` / `not` nodes both rule trees share. */
export type LogicalNode<E> = { kind: 'and' | 'or'; left: E; right: E } | { kind: 'not'; operand: E };

/**
 * The token cursor and boolean skeleton both rule syntaxes share: `or` binds loosest, then `and`, then
 * `not`, then a parenthesised expression or a comparison, which each syntax parses itself.
 */
export abstract class LogicalExpressionParser<T extends { kind: string; position: number }, E> {
  protected index = 0;

  constructor(protected readonly tokens: readonly T[]) {}

  /** What the parser expects after an unclosed parenthesised expression. */
  protected abstract readonly closeParenExpected: string;
  protected abstract describe(token: T): string;
  protected abstract isLogical(token: T, word: 'and' | 'or' | 'not'): boolean;
  protected abstract isPunct(token: T, text: string): boolean;
  /** Returns the node as the syntax's own expression type (every such type includes `LogicalNode`). */
  protected abstract logical(node: LogicalNode<E>): E;
  protected abstract parseComparison(): E;

  protected peek(offset = 0): T {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as T;
  }

  protected next(): T {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  protected fail(expected: string, found: T): never {
    throw new RuleSyntaxError(`expected ${expected} but found ${this.describe(found)}`, found.position);
  }

  /** Fails unless every token has been read. */
  protected expectEnd(expected: string): void {
    const token = this.peek();
    if (token.kind !== 'end') this.fail(expected, token);
  }

  protected parseOr(): E {
    let left = this.parseAnd();
    while (this.isLogical(this.peek(), 'or')) {
      this.next();
      left = this.logical({ kind: 'or', left, right: this.parseAnd() });
    }
    return left;
  }

  protected parseAnd(): E {
    let left = this.parseUnary();
    while (this.isLogical(this.peek(), 'and')) {
      this.next();
      left = this.logical({ kind: 'and', left, right: this.parseUnary() });
    }
    return left;
  }

  // `not` applies to the whole comparison that follows (`not city eq 'x'` is `not (city eq 'x')`): Entra
  // documents this precedence for membership rules, and it is the reading Graph users expect of `$filter`.
  protected parseUnary(): E {
    if (this.isLogical(this.peek(), 'not')) {
      this.next();
      return this.logical({ kind: 'not', operand: this.parseUnary() });
    }
    return this.parsePrimary();
  }

  protected parsePrimary(): E {
    if (!this.isPunct(this.peek(), '(')) return this.parseComparison();
    this.next();
    const inner = this.parseOr();
    const close = this.next();
    if (!this.isPunct(close, ')')) this.fail(this.closeParenExpected, close);
    return inner;
  }
}
