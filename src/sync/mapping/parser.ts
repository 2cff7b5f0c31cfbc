import { ParseException, tokenize } from './lexer.js';
import type { ParseError, Token } from './lexer.js';

export type { ParseError } from './lexer.js';

interface At {
  line: number;
  column: number;
}

export type ComparisonOperator = '=' | '<>' | '>' | '>=' | '<' | '<=';

/** The expression tree; every node knows where it starts in the source text. */
export type Node =
  | (At & { kind: 'call'; name: string; args: Node[] })
  | (At & { kind: 'attribute'; name: string })
  | (At & { kind: 'string'; value: string })
  | (At & { kind: 'number'; value: number })
  | (At & { kind: 'identifier'; name: string })
  | (At & { kind: 'compare'; operator: ComparisonOperator; left: Node; right: Node })
  | (At & { kind: 'omitted' });

export type ParseResult = { ok: true; ast: Node } | { ok: false; error: ParseError };

const describe = (t: Token): string => (t.kind === 'eof' ? 'the end of the expression' : `'${t.text}'`);

/** Calls nested deeper than this are refused. */
export const MAX_DEPTH = 100;

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos += 1;
    return t;
  }

  private fail(message: string, t: Token): never {
    throw new ParseException({ message, line: t.line, column: t.column });
  }

  parseAll(): Node {
    if (this.peek().kind === 'eof') this.fail('the expression is empty', this.peek());
    const node = this.expression();
    const rest = this.peek();
    if (rest.kind !== 'eof') this.fail(`unexpected ${describe(rest)} after the end of the expression`, rest);
    return node;
  }

  private expression(): Node {
    const left = this.primary();
    const op = this.peek();
    if (op.kind !== 'operator') return left;
    this.next();
    const right = this.primary();
    if (this.peek().kind === 'operator') {
      this.fail('only one comparison is allowed (no AND/OR: nest IIF instead)', this.peek());
    }
    return {
      kind: 'compare',
      operator: op.text as ComparisonOperator,
      left,
      right,
      line: left.line,
      column: left.column,
    };
  }

  private primary(): Node {
    const t = this.next();
    const at = { line: t.line, column: t.column };
    switch (t.kind) {
      case 'string':
        return { kind: 'string', value: t.text, ...at };
      case 'number':
        return { kind: 'number', value: Number(t.text), ...at };
      case 'attribute':
        return { kind: 'attribute', name: t.text, ...at };
      case 'identifier':
        if (this.peek().kind === 'lparen') {
          this.next();
          // Compiling and evaluating recurse once per level: a bound here keeps both off the stack's limit.
          if (++this.depth > MAX_DEPTH) this.fail(`functions are nested more than ${MAX_DEPTH} deep`, t);
          const args = this.args();
          this.depth -= 1;
          return { kind: 'call', name: t.text, args, ...at };
        }
        return { kind: 'identifier', name: t.text, ...at };
      default:
        return this.fail(`expected a function, [attribute], "string" or number but found ${describe(t)}`, t);
    }
  }

  private args(): Node[] {
    if (this.peek().kind === 'rparen') {
      this.next();
      return [];
    }
    const args: Node[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'comma' || t.kind === 'rparen') {
        args.push({ kind: 'omitted', line: t.line, column: t.column });
      } else {
        args.push(this.expression());
      }
      const sep = this.next();
      if (sep.kind === 'rparen') return args;
      if (sep.kind !== 'comma') this.fail(`expected ',' or ')' but found ${describe(sep)}`, sep);
    }
  }
}

/** Parses an expression into its tree, or the first syntax error with its line and column. */
export function parse(source: string): ParseResult {
  try {
    return { ok: true, ast: new Parser(tokenize(source)).parseAll() };
  } catch (e) {
    if (e instanceof ParseException) return { ok: false, error: e.error };
    throw e;
  }
}
