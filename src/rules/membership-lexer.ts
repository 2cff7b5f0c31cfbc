import { RuleSyntaxError } from './result.js';

/** One token of a dynamic membership rule; `position` is the 0-based index of its first character. */
export type MembershipToken =
  | { kind: 'word'; text: string; position: number }
  | { kind: 'operator'; name: string; text: string; position: number }
  | { kind: 'string'; value: string; position: number }
  | { kind: 'number'; value: number; text: string; position: number }
  | { kind: 'dateTime'; value: string; epochMs: number; position: number }
  | { kind: 'punct'; text: '(' | ')' | '[' | ']' | ','; position: number }
  | { kind: 'end'; position: number };

// The Entra docs print some operators with an en dash (`–eq`, `–and`); rules copied from them keep it.
const HYPHENS = new Set(['-', '\u2013']);
const OPERATOR = /^[A-Za-z]+/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})(?![\w:])/;
const NUMBER = /^-?\d+(\.\d+)?(?![\w.-])/;
const WORD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/;
// Anything else made of word characters (`1d`, `3rd`) is kept whole so the parser can say what it expected.
const BARE_WORD = /^[A-Za-z0-9_][A-Za-z0-9_.]*/;
const PUNCT = new Set(['(', ')', '[', ']', ',']);

/** Describes a token for error messages. */
export function describeMembershipToken(token: MembershipToken): string {
  switch (token.kind) {
    case 'end':
      return 'end of input';
    case 'word':
    case 'operator':
    case 'punct':
      return `'${token.text}'`;
    case 'string':
      return `string "${token.value}"`;
    case 'number':
      return `number ${token.text}`;
    case 'dateTime':
      return `date-time ${token.value}`;
  }
}

// Entra: inside double quotes a backtick escapes the next character (`"` for a quote); inside single
// quotes a quote is written twice.
function readString(text: string, start: number): { value: string; end: number } {
  const quote = text[start];
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i] as string;
    if (quote === '"' && ch === '`' && i + 1 < text.length) {
      value += text[i + 1];
      i += 2;
    } else if (ch === quote && quote === "'" && text[i + 1] === "'") {
      value += "'";
      i += 2;
    } else if (ch === quote) {
      return { value, end: i + 1 };
    } else {
      value += ch;
      i += 1;
    }
  }
  throw new RuleSyntaxError(`unterminated string: expected a closing ${quote}`, start);
}

/** Splits a membership rule into tokens, ending with an `end` token. */
export function tokenizeMembership(text: string): MembershipToken[] {
  const tokens: MembershipToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    const rest = text.slice(i);
    if (/\s/.test(ch)) {
      i += 1;
    } else if (PUNCT.has(ch)) {
      tokens.push({ kind: 'punct', text: ch as '(' | ')' | '[' | ']' | ',', position: i });
      i += 1;
    } else if (ch === '"' || ch === "'") {
      const { value, end } = readString(text, i);
      tokens.push({ kind: 'string', value, position: i });
      i = end;
    } else if (HYPHENS.has(ch) && OPERATOR.test(text.slice(i + 1))) {
      const name = (OPERATOR.exec(text.slice(i + 1)) as RegExpExecArray)[0];
      tokens.push({ kind: 'operator', name: name.toLowerCase(), text: ch + name, position: i });
      i += 1 + name.length;
    } else if (DATE_TIME.test(rest)) {
      const value = (DATE_TIME.exec(rest) as RegExpExecArray)[0];
      const epochMs = Date.parse(value);
      if (Number.isNaN(epochMs)) throw new RuleSyntaxError(`invalid date-time '${value}'`, i);
      tokens.push({ kind: 'dateTime', value, epochMs, position: i });
      i += value.length;
    } else if (NUMBER.test(rest)) {
      const value = (NUMBER.exec(rest) as RegExpExecArray)[0];
      tokens.push({ kind: 'number', value: Number(value), text: value, position: i });
      i += value.length;
    } else if (BARE_WORD.test(rest)) {
      const value = ((WORD.exec(rest) ?? BARE_WORD.exec(rest)) as RegExpExecArray)[0];
      tokens.push({ kind: 'word', text: value, position: i });
      i += value.length;
    } else {
      throw new RuleSyntaxError(`unexpected character '${ch}'`, i);
    }
  }
  tokens.push({ kind: 'end', position: text.length });
  return tokens;
}
