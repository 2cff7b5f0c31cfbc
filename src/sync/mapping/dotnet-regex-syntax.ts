// Translates .NET regular-expression syntax (what Entra's Replace and scoping filters use) into RE2's,
// which the linear-time engine runs. .NET's meanings are kept: \w, \d, \s and case folding are
// Unicode-aware, `$` outside multiline mode also matches before a final newline, unnamed groups are
// numbered before named ones. What RE2 cannot run in linear time (look-ahead, backreferences,
// atomic groups, conditionals, word boundaries) is refused with its position, never approximated.
import { RegexSyntaxError, literalChar, translateEscape } from './dotnet-regex-escape.js';

export { RegexSyntaxError } from './dotnet-regex-escape.js';

/** A translated pattern and how .NET's group numbers and names map onto RE2's group indexes. */
export interface Translation {
  source: string;
  /** .NET group number -> RE2 group index (0 is the whole match). */
  groups: ReadonlyMap<number, number>;
  /** .NET group name -> RE2 group index. */
  names: ReadonlyMap<string, number>;
  lookbehind: boolean;
}

const FLAG_LETTERS = /^[imnsx]*$/;

interface Flags {
  i: boolean;
  m: boolean;
  n: boolean;
  s: boolean;
  x: boolean;
}

interface Group {
  flags: Flags;
}

/** What a group captures under: a number, a name, null for an unnamed capture, false for none. */
type Capture = number | string | null | false;

class Translator {
  private i = 0;
  private out = '';
  private flags: Flags = { i: false, m: false, n: false, s: false, x: false };
  private readonly stack: Group[] = [];
  /** Capturing groups in the order they open: a number, a name, or null (unnamed). */
  private readonly captures: (number | string | null)[] = [];
  private lookbehind = false;

  constructor(private readonly p: string) {}

  private fail(message: string, at = this.i): never {
    throw new RegexSyntaxError(message, at);
  }

  translate(): Translation {
    while (this.i < this.p.length) this.step();
    if (this.stack.length > 0) this.fail('missing )');
    return { source: this.out, ...this.numbering(), lookbehind: this.lookbehind };
  }

  /** .NET numbers unnamed groups first, left to right, then named ones; explicit numbers keep theirs. */
  private numbering(): { groups: Map<number, number>; names: Map<string, number> } {
    const groups = new Map<number, number>([[0, 0]]);
    const names = new Map<string, number>();
    let next = 1;
    this.captures.forEach((c, k) => {
      if (c === null) groups.set(next++, k + 1);
      else if (typeof c === 'number') groups.set(c, k + 1);
    });
    this.captures.forEach((c, k) => {
      if (typeof c !== 'string') return;
      if (names.has(c)) this.fail(`the group name ${c} is used twice`, 0);
      while (groups.has(next)) next++;
      groups.set(next++, k + 1);
      names.set(c, k + 1);
    });
    return { groups, names };
  }

  private step(): void {
    const c = this.p[this.i] as string;
    if (this.flags.x && /\s/.test(c)) {
      this.i++;
      return;
    }
    if (this.flags.x && c === '#') {
      while (this.i < this.p.length && this.p[this.i] !== '\n') this.i++;
      return;
    }
    switch (c) {
      case '\\':
        this.out += this.escape(false);
        return;
      case '[':
        this.out += this.charClass();
        return;
      case '(':
        this.open();
        return;
      case ')':
        this.close();
        return;
      case '$':
        this.i++;
        this.out += this.flags.m ? '(?m:$)' : '(?:\\n?\\z)';
        return;
      case '^':
        this.i++;
        this.out += this.flags.m ? '(?m:^)' : '(?-m:^)';
        return;
      case '.':
        this.i++;
        this.out += this.flags.s ? '(?s:.)' : '(?-s:.)';
        return;
      case '{': {
        const q = /^\{(\d+)(,(\d*))?\}/.exec(this.p.slice(this.i));
        if (!q) {
          this.i++;
          this.out += '\\{';
          return;
        }
        if (Number(q[1]) > 1000 || Number(q[3] || 0) > 1000) {
          this.fail('repetition counts above 1000 are not supported');
        }
        this.i += q[0].length;
        this.out += q[0];
        return;
      }
      default:
        this.i++;
        this.out += '*+?|'.includes(c) ? c : this.caseAware(c);
    }
  }

  /** A literal, folded for case where the `i` option is on at this point. */
  private caseAware(c: string): string {
    const lit = literalChar(c);
    return this.flags.i ? `(?i:${lit})` : lit;
  }

  private escape(inClass: boolean): string {
    const t = translateEscape(this.p, this.i, inClass);
    this.i = t.end;
    return t.literal !== undefined ? (inClass ? literalChar(t.literal) : this.caseAware(t.literal)) : t.re2;
  }

  private charClass(): string {
    const at = this.i;
    this.i++;
    let body = '';
    if (this.p[this.i] === '^') {
      body += '^';
      this.i++;
    }
    let first = true;
    for (;;) {
      const c = this.p[this.i];
      if (c === undefined) this.fail('unterminated [] set', at);
      if (c === ']' && !first) break;
      first = false;
      if (c === '\\') body += this.escape(true);
      else if (c === '-' && this.p[this.i + 1] === '[') {
        this.fail('character class subtraction is not supported', this.i);
      } else {
        body += c === '-' ? '-' : literalChar(c);
        this.i++;
      }
    }
    this.i++;
    const set = `[${body}]`;
    return this.flags.i ? `(?i:${set})` : `(?-i:${set})`;
  }

  private open(): void {
    const at = this.i;
    const rest = this.p.slice(this.i);
    const push = (capture: Capture, re2: string, len: number, flags = this.flags) => {
      this.stack.push({ flags: this.flags });
      this.flags = { ...flags };
      if (capture !== false) this.captures.push(capture);
      this.out += re2;
      this.i += len;
    };
    if (!rest.startsWith('(?')) {
      push(this.flags.n ? false : null, this.flags.n ? '(?:' : '(', 1);
      return;
    }
    if (rest.startsWith('(?#')) {
      const end = this.p.indexOf(')', this.i);
      if (end < 0) this.fail('unterminated (?#...) comment', at);
      this.i = end + 1;
      return;
    }
    if (rest.startsWith('(?:')) return push(false, '(?:', 3);
    if (/^\(\?(=|!)/.test(rest)) {
      this.fail('look-ahead ((?=...), (?!...)) is not supported: the linear-time engine has none', at);
    }
    if (/^\(\?<(=|!)/.test(rest)) {
      this.lookbehind = true;
      return push(false, rest.slice(0, 4), 4);
    }
    if (rest.startsWith('(?>')) this.fail('atomic groups ((?>...)) are not supported', at);
    if (rest.startsWith('(?(')) this.fail('conditional groups ((?(...)...)) are not supported', at);
    const named = /^\(\?(?:<([^>]*)>|'([^']*)')/.exec(rest);
    if (named) {
      const name = (named[1] ?? named[2]) as string;
      if (name.includes('-')) this.fail('balancing groups are not supported', at);
      if (/^\d+$/.test(name)) return push(Number(name), '(', named[0].length);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) this.fail(`invalid group name ${JSON.stringify(name)}`, at);
      return push(name, `(?P<${name}>`, named[0].length);
    }
    const options = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?(:|\))/.exec(rest);
    if (!options) this.fail('unrecognized grouping construct', at);
    const [text, on = '', off = '', end] = options;
    if (!FLAG_LETTERS.test(on) || !FLAG_LETTERS.test(off)) {
      this.fail(`unsupported inline option in ${text}: only i, m, n, s and x are known`, at);
    }
    const flags = { ...this.flags };
    for (const f of on) flags[f as keyof Flags] = true;
    for (const f of off) flags[f as keyof Flags] = false;
    if (end === ')') {
      // (?imnsx-imnsx) changes the options until the end of the enclosing group.
      this.flags = flags;
      this.i += text.length;
      return;
    }
    push(false, '(?:', text.length, flags);
  }

  private close(): void {
    const group = this.stack.pop();
    if (!group) this.fail('too many )');
    this.flags = group.flags;
    this.out += ')';
    this.i++;
  }
}

/** Translates a .NET pattern into RE2 syntax; throws RegexSyntaxError with the position. */
export function translateDotNet(pattern: string): Translation {
  return new Translator(pattern).translate();
}
