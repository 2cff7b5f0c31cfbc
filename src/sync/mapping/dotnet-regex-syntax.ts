// Translates .NET regular-expression syntax (what Entra's Replace and scoping filters use) into RE2's,
// which the linear-time engine runs. .NET's meanings are kept: \w, \d, \s and case folding are
// Unicode-aware, `$` outside multiline mode also matches before a final newline, unnamed groups are
// numbered before named ones. What RE2 cannot run in linear time (look-ahead, backreferences,
// atomic groups, conditionals, word boundaries) is refused with its position, never approximated.

/** A pattern .NET accepts but this engine cannot run, or one .NET itself rejects; `index` is 0-based. */
export class RegexSyntaxError extends Error {
  override readonly name = 'RegexSyntaxError';
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

/** A translated pattern and how .NET's group numbers and names map onto RE2's group indexes. */
export interface Translation {
  source: string;
  /** .NET group number -> RE2 group index (0 is the whole match). */
  groups: ReadonlyMap<number, number>;
  /** .NET group name -> RE2 group index. */
  names: ReadonlyMap<string, number>;
  lookbehind: boolean;
}

// .NET's \w is [\p{L}\p{Mn}\p{Nd}\p{Pc}]; its \s is [\f\n\r\t\v\x85\p{Z}]; its \d is \p{Nd}.
const WORD = '\\p{L}\\p{Mn}\\p{Nd}\\p{Pc}';
const SPACE = '\\f\\n\\r\\t\\v\\x{85}\\p{Z}';
const CATEGORIES = new Set(
  'L Lu Ll Lt Lm Lo M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po S Sm Sc Sk So Z Zs Zl Zp C Cc Cf Cs Co'.split(
    ' ',
  ),
);
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

const hex = (code: number) => `\\x{${code.toString(16)}}`;

/** A literal character as RE2 reads it, whatever it is. */
function literalChar(c: string): string {
  return /[A-Za-z0-9]/.test(c) ? c : /[!-/:-@[-`{-~]/.test(c) ? `\\${c}` : hex(c.codePointAt(0) as number);
}

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
    const at = this.i;
    const c = this.p[this.i + 1];
    if (c === undefined) this.fail('illegal \\ at end of pattern');
    this.i += 2;
    switch (c) {
      case 'w':
        return inClass ? WORD : `[${WORD}]`;
      case 'W':
        if (inClass) this.fail('\\W inside a character class is not supported', at);
        return `[^${WORD}]`;
      case 's':
        return inClass ? SPACE : `[${SPACE}]`;
      case 'S':
        if (inClass) this.fail('\\S inside a character class is not supported', at);
        return `[^${SPACE}]`;
      case 'd':
        return '\\p{Nd}';
      case 'D':
        return '\\P{Nd}';
      case 'p':
      case 'P': {
        const m = /^\{([A-Za-z]+)\}/.exec(this.p.slice(this.i));
        if (!m) this.fail(`incomplete \\${c}{X} character escape`, at);
        if (!CATEGORIES.has(m[1] as string)) {
          this.fail(
            `\\${c}{${m[1]}} is not supported: only Unicode general categories (such as L, Lu, Nd) are`,
            at,
          );
        }
        this.i += m[0].length;
        return `\\${c}{${m[1]}}`;
      }
      case 'b':
        if (inClass) return hex(8);
        return this.fail(
          '\\b (word boundary) is not supported: the linear-time engine has no look-ahead; use (?:^|\\W) or (?:\\W|$) around the word',
          at,
        );
      case 'B':
        return this.fail('\\B is not supported: the linear-time engine has no look-ahead', at);
      case 'A':
      case 'z':
        if (inClass) this.fail(`\\${c} is not allowed in a character class`, at);
        return `\\${c}`;
      case 'Z':
        if (inClass) this.fail('\\Z is not allowed in a character class', at);
        return '(?:\\n?\\z)';
      case 'G':
        return this.fail('\\G is not supported', at);
      case 'k':
        return this.fail('backreferences (\\k<name>) are not supported: they need backtracking', at);
      case 'x':
        return this.hexEscape(2, at);
      case 'u':
        return this.hexEscape(4, at);
      case 'c': {
        const l = this.p[this.i];
        if (!l || !/[A-Za-z]/.test(l)) this.fail('\\c needs a letter', at);
        this.i++;
        return hex(l.toUpperCase().charCodeAt(0) - 64);
      }
      case 'e':
        return hex(0x1b);
      case 'a':
        return hex(7);
      case 'f':
      case 'n':
      case 'r':
      case 't':
      case 'v':
        return `\\${c}`;
      case '0': {
        const m = /^[0-7]{0,2}/.exec(this.p.slice(this.i)) as RegExpExecArray;
        this.i += m[0].length;
        return hex(parseInt(`0${m[0]}`, 8));
      }
      default:
        if (/[1-9]/.test(c)) {
          return this.fail('backreferences (\\1 ...) are not supported: they need backtracking', at);
        }
        if (/[A-Za-z0-9_]/.test(c)) this.fail(`unrecognized escape sequence \\${c}`, at);
        return inClass ? literalChar(c) : this.caseAware(c);
    }
  }

  private hexEscape(digits: number, at: number): string {
    const text = this.p.slice(this.i, this.i + digits);
    if (!new RegExp(`^[0-9A-Fa-f]{${digits}}$`).test(text)) this.fail('insufficient hexadecimal digits', at);
    this.i += digits;
    return hex(parseInt(text, 16));
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
    if (on.includes('r') || off.includes('r')) this.fail('RightToLeft is not supported', at);
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
