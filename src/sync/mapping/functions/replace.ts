import { dotNetRegex, regexError } from '../dotnet-regex.js';
import { ExpressionError, asString, isNullOrEmpty } from '../values.js';
import type { Node } from '../parser.js';
import type { Args, FunctionDef } from './types.js';
import { given, literal } from './types.js';

// Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName, template)
const OLD = 1;
const PATTERN = 2;
const GROUP = 3;
const VALUE = 4;
const ATTRIBUTE = 5;
const TEMPLATE = 6;

type Mode = 'text' | 'template' | 'regex' | 'regexGroup' | 'regexFallback';

/** Which of Entra's five Replace behaviours the given arguments select, or null when none. */
export function replaceMode(has: (i: number) => boolean): Mode | null {
  if (has(PATTERN)) {
    if (has(GROUP)) {
      if (has(ATTRIBUTE)) return 'regexFallback';
      return has(VALUE) ? 'regexGroup' : null;
    }
    return has(VALUE) ? 'regex' : null;
  }
  if (has(OLD)) {
    if (has(TEMPLATE)) return 'template';
    return has(VALUE) ? 'text' : null;
  }
  return null;
}

/** Replaces the span of `group` in every match by `value`. */
function replaceGroup(source: string, pattern: string, group: string, value: string): string {
  let out = '';
  let last = 0;
  for (const [start, end] of dotNetRegex(pattern).spans(source, group)) {
    out += source.slice(last, start) + value;
    last = end;
  }
  return out + source.slice(last);
}

function run(a: Args): string | null {
  const has = (i: number) => a.present(i);
  const source = asString(a.get(0));
  const text = (i: number) => asString(a.get(i)) ?? '';
  switch (replaceMode(has)) {
    case 'text':
      return source === null || text(OLD) === '' ? source : source.replaceAll(text(OLD), text(VALUE));
    case 'template':
      return text(TEMPLATE).replaceAll(text(OLD), source ?? '');
    case 'regex':
      return source === null ? null : dotNetRegex(text(PATTERN)).replace(source, text(VALUE));
    case 'regexGroup':
      return source === null ? null : replaceGroup(source, text(PATTERN), text(GROUP), text(VALUE));
    case 'regexFallback': {
      if (!isNullOrEmpty(source)) return source;
      const other = asString(a.get(ATTRIBUTE));
      if (other === null) return null;
      return dotNetRegex(text(PATTERN)).firstGroup(other, text(GROUP));
    }
    case null:
      throw new ExpressionError('Replace: these arguments select none of its modes');
  }
}

export const replaceFunction: FunctionDef = {
  min: 3,
  max: 7,
  check: (args: readonly Node[]) => {
    if (replaceMode((i) => given(args[i])) === null) {
      return (
        'Replace needs oldValue with replacementValue or template, or regexPattern with replacementValue, ' +
        'or regexPattern and regexGroupName with replacementValue or replacementAttributeName'
      );
    }
    const pattern = literal(args[PATTERN]);
    return pattern === undefined ? null : regexError(pattern);
  },
  call: run,
};
