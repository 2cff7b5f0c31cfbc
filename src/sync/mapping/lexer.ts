// Tokens of Entra's provisioning expression language: `Name(arg, ...)`, `[attribute]`,
// "strings" with backslash escapes, numbers (and VBA's &H hex), bare identifiers such as
// vbTextCompare, and IIF's comparison operators.

export type TokenKind =
  'identifier' | 'attribute' | 'string' | 'number' | 'lparen' | 'rparen' | 'comma' | 'operator' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  line: number;
  column: number;
}

/** A syntax error with its 1-based position in the expression. */
export interface ParseError {
  message: string;
  line: number;
  column: number;
}

/** Thrown by the lexer and parser; caught at the parse() boundary and returned as a value. */
export class ParseException extends Error {
  constructor(readonly error: ParseError) {
    super(error.message);
  }
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const OPERATORS = ['<>', '>=', '<=', '=', '>', '<'];

/** Splits an expression into tokens, tracking line and column; throws ParseException. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const fail = (message: string, at: number, atLine = line, atLineStart = lineStart): never => {
    throw new ParseException({ message, line: atLine, column: at - atLineStart + 1 });
  };
  while (i < source.length) {
    const c = source[i] as string;
    const column = i - lineStart + 1;
    if (c === '\n') {
      i += 1;
      line += 1;
      lineStart = i;
      continue;
    }
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    const single: Record<string, TokenKind> = { '(': 'lparen', ')': 'rparen', ',': 'comma' };
    const singleKind = single[c];
    if (singleKind) {
      tokens.push({ kind: singleKind, text: c, line, column });
      i += 1;
      continue;
    }
    if (c === '"') {
      const startLine = line;
      const startLineStart = lineStart;
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= source.length) fail('unterminated string: missing closing "', i, startLine, startLineStart);
        const d = source[j] as string;
        if (d === '\\') {
          if (j + 1 >= source.length)
            fail('unterminated string: missing closing "', i, startLine, startLineStart);
          text += source[j + 1];
          j += 2;
          continue;
        }
        if (d === '"') break;
        if (d === '\n') {
          line += 1;
          lineStart = j + 1;
        }
        text += d;
        j += 1;
      }
      tokens.push({ kind: 'string', text, line: startLine, column });
      i = j + 1;
      continue;
    }
    if (c === '[') {
      const end = source.indexOf(']', i + 1);
      const newline = source.indexOf('\n', i + 1);
      if (end < 0 || (newline >= 0 && newline < end)) fail('unterminated attribute: missing ]', i);
      tokens.push({ kind: 'attribute', text: source.slice(i + 1, end), line, column });
      i = end + 1;
      continue;
    }
    if (c === '&' && /[Hh]/.test(source[i + 1] ?? '')) {
      const m = /^[0-9A-Fa-f]+/.exec(source.slice(i + 2));
      if (!m) fail('expected hexadecimal digits after &H', i);
      tokens.push({ kind: 'number', text: String(parseInt(m![0], 16)), line, column });
      i += 2 + m![0].length;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(source.slice(i));
    if (num && (c !== '-' || /\d/.test(source[i + 1] ?? ''))) {
      tokens.push({ kind: 'number', text: num[0], line, column });
      i += num[0].length;
      continue;
    }
    if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < source.length && IDENT_PART.test(source[j] as string)) j += 1;
      tokens.push({ kind: 'identifier', text: source.slice(i, j), line, column });
      i = j;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'operator', text: op, line, column });
      i += op.length;
      continue;
    }
    fail(`unexpected character '${c}'`, i);
  }
  tokens.push({ kind: 'eof', text: '', line, column: i - lineStart + 1 });
  return tokens;
}
