// The escapes of .NET regular expressions in RE2 syntax, with .NET's meaning: Unicode \w, \d and \s,
// general categories only, and a clear refusal of what needs backtracking or look-ahead.

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

// .NET's \w is [\p{L}\p{Mn}\p{Nd}\p{Pc}]; its \s is [\f\n\r\t\v\x85\p{Z}]; its \d is \p{Nd}.
const WORD = '\\p{L}\\p{Mn}\\p{Nd}\\p{Pc}';
const SPACE = '\\f\\n\\r\\t\\v\\x{85}\\p{Z}';
const CATEGORIES = new Set(
  'L Lu Ll Lt Lm Lo M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po S Sm Sc Sk So Z Zs Zl Zp C Cc Cf Cs Co'.split(
    ' ',
  ),
);

/** A code point as RE2's `\x{...}` escape. */
export const hex = (code: number) => `\\x{${code.toString(16)}}`;

/** A literal character as RE2 reads it, whatever it is. */
export function literalChar(c: string): string {
  return /[A-Za-z0-9]/.test(c) ? c : /[!-/:-@[-`{-~]/.test(c) ? `\\${c}` : hex(c.codePointAt(0) as number);
}

class EscapeReader {
  /** Set when the escape stands for one literal character, which the caller folds for case. */
  literal: string | undefined;

  constructor(
    private readonly p: string,
    public i: number,
  ) {}

  private fail(message: string, at = this.i): never {
    throw new RegexSyntaxError(message, at);
  }

  read(inClass: boolean): string {
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
        this.literal = c;
        return '';
    }
  }

  private hexEscape(digits: number, at: number): string {
    const text = this.p.slice(this.i, this.i + digits);
    if (!new RegExp(`^[0-9A-Fa-f]{${digits}}$`).test(text)) this.fail('insufficient hexadecimal digits', at);
    this.i += digits;
    return hex(parseInt(text, 16));
  }
}

/** The escape at `start` (a backslash) in RE2 syntax, where it ends, or the literal character it stands for. */
export function translateEscape(
  pattern: string,
  start: number,
  inClass: boolean,
): { re2: string; end: number; literal?: string } {
  const reader = new EscapeReader(pattern, start);
  const re2 = reader.read(inClass);
  return { re2, end: reader.i, ...(reader.literal !== undefined ? { literal: reader.literal } : {}) };
}
