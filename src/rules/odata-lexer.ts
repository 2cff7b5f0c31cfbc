import { RuleSyntaxError } from './result.js';

/** One token of a Graph `$filter` expression; `position` is the 0-based index of its first character. */
export type ODataToken =
  | { kind: 'identifier'; text: string; position: number }
  | { kind: 'string'; value: string; position: number }
  | { kind: 'number'; value: number; text: string; position: number }
  | { kind: 'guid'; value: string; position: number }
  | { kind: 'dateTime'; value: string; epochMs: number; position: number }
  | { kind: 'punct'; text: '(' | ')' | ',' | ':' | '/'; position: number }
  | { kind: 'end'; position: number };

// OData ABNF: guid and dateTimeOffset literals are written bare (no quotes), so they must be recognised
// before numbers and identifiers, which they would otherwise start like.
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})(?![\w:])/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?(?![\w.-])/;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_]*/;
const PUNCT = new Set(['(', ')', ',', ':', '/']);

/** Describes a token for error messages ("found 'eq'", "found end of input"). */
export function describeToken(token: ODataToken): string {
  switch (token.kind) {
    case 'end':
      return 'end of input';
    case 'identifier':
    case 'punct':
      return `'${token.text}'`;
    case 'string':
      return `string '${token.value}'`;
    case 'number':
      return `number ${token.text}`;
    case 'guid':
      return `guid ${token.value}`;
    case 'dateTime':
      return `date-time ${token.value}`;
  }
}

function readString(text: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "'") {
      // OData escapes a quote inside a string literal by doubling it.
      if (text[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += ch;
    i += 1;
  }
  throw new RuleSyntaxError('unterminated string literal: expected a closing quote', start);
}

/** Splits a `$filter` expression into tokens, ending with an `end` token. */
export function tokenizeOData(text: string): ODataToken[] {
  const tokens: ODataToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const rest = text.slice(i);
    if (PUNCT.has(ch)) {
      tokens.push({ kind: 'punct', text: ch as '(' | ')' | ',' | ':' | '/', position: i });
      i += 1;
      continue;
    }
    if (ch === "'") {
      const { value, end } = readString(text, i);
      tokens.push({ kind: 'string', value, position: i });
      i = end;
      continue;
    }
    const guid = GUID.exec(rest);
    if (guid) {
      tokens.push({ kind: 'guid', value: guid[0], position: i });
      i += guid[0].length;
      continue;
    }
    const dateTime = DATE_TIME.exec(rest);
    if (dateTime) {
      const epochMs = Date.parse(dateTime[0]);
      if (Number.isNaN(epochMs)) throw new RuleSyntaxError(`invalid date-time '${dateTime[0]}'`, i);
      tokens.push({ kind: 'dateTime', value: dateTime[0], epochMs, position: i });
      i += dateTime[0].length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), text: number[0], position: i });
      i += number[0].length;
      continue;
    }
    const identifier = IDENTIFIER.exec(rest);
    if (identifier) {
      tokens.push({ kind: 'identifier', text: identifier[0], position: i });
      i += identifier[0].length;
      continue;
    }
    throw new RuleSyntaxError(`unexpected character '${ch}'`, i);
  }
  tokens.push({ kind: 'end', position: text.length });
  return tokens;
}
