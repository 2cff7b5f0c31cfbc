// .NET regular expressions (Entra's Replace and scoping filters) on RE2JS, a linear-time engine: a
// pattern from a manifest and a value from a source tenant can never make matching backtrack. Values
// come from other tenants, so the work of one match is bounded too: linear time is still
// length x program size, and past WORK_LIMIT the evaluation fails for that user instead of holding
// the event loop.
import { RE2JS } from 're2js';
import { RegexSyntaxError, translateDotNet } from './dotnet-regex-syntax.js';
import type { Translation } from './dotnet-regex-syntax.js';
import { ExpressionError } from './values.js';

export { RegexSyntaxError } from './dotnet-regex-syntax.js';

// About 30 ns per unit on one core: the bound keeps a match under ~60 ms.
const WORK_LIMIT = 2_000_000;

/** A compiled .NET pattern with .NET's matching and replacement semantics. */
export class DotNetRegex {
  private readonly re: RE2JS;
  private readonly maxInput: number;

  constructor(
    readonly pattern: string,
    private readonly t: Translation,
  ) {
    try {
      this.re = RE2JS.compile(t.source, t.lookbehind ? RE2JS.LOOKBEHINDS : 0);
    } catch (e) {
      // The translation already refused what .NET and RE2 disagree on; what is left are RE2's own
      // limits (e.g. a capture inside a look-behind), reported for the pattern as a whole.
      throw new RegexSyntaxError(
        `not supported by the linear-time engine: ${(e as Error).message.replace(/: `.*$/s, '')}`,
        0,
      );
    }
    this.maxInput = Math.floor(WORK_LIMIT / Math.max(1, this.re.programSize()));
  }

  private bounded(input: string): string {
    if (input.length > this.maxInput) {
      throw new ExpressionError(
        `a value of ${input.length} characters is too long to match against ${JSON.stringify(this.pattern)} ` +
          `(at most ${this.maxInput} for this pattern)`,
      );
    }
    return input;
  }

  /** True when the pattern matches somewhere in the input (Regex.IsMatch). */
  test(input: string): boolean {
    return this.re.test(this.bounded(input));
  }

  /** The RE2 group index of a .NET group name or number, or undefined when there is none. */
  private group(ref: string): number | undefined {
    return /^\d+$/.test(ref) ? this.t.groups.get(Number(ref)) : this.t.names.get(ref);
  }

  /** Every match's span of the group, in order (Replace with a regexGroupName). */
  *spans(input: string, groupRef: string): Generator<[number, number]> {
    const g = this.group(groupRef);
    if (g === undefined) return;
    const m = this.re.matcher(this.bounded(input));
    while (m.find()) {
      const start = m.start(g);
      if (start >= 0) yield [start, m.end(g)];
    }
  }

  /** The group's value in the first match, or null (Replace's fallback from another attribute). */
  firstGroup(input: string, groupRef: string): string | null {
    const g = this.group(groupRef);
    const m = this.re.matcher(this.bounded(input));
    return g !== undefined && m.find() ? m.group(g) : null;
  }

  /** Regex.Replace: every match replaced, with .NET's substitutions ($1, ${name}, $0, $&, $`, $', $+, $_, $$). */
  replace(input: string, replacement: string): string {
    const parts = this.substitutions(replacement);
    const m = this.re.matcher(this.bounded(input));
    const last = this.t.groups.get(Math.max(...this.t.groups.keys())) as number;
    let out = '';
    let done = 0;
    while (m.find()) {
      const start = m.start();
      const end = m.end();
      out += input.slice(done, start);
      for (const part of parts) {
        if (typeof part === 'string') out += part;
        else if (part.ref === 'before') out += input.slice(0, start);
        else if (part.ref === 'after') out += input.slice(end);
        else if (part.ref === 'input') out += input;
        else out += m.group(part.ref === 'last' ? last : part.ref) ?? '';
      }
      done = end;
    }
    return out + input.slice(done);
  }

  /** The replacement parsed once into text and references; a reference to no group stays literal, as in .NET. */
  private substitutions(replacement: string): (string | Substitution)[] {
    const parts: (string | Substitution)[] = [];
    let done = 0;
    for (const m of replacement.matchAll(SUBSTITUTION)) {
      const text = m[0];
      const special = SPECIAL[text];
      const group = special === undefined ? this.group((m[1] ?? m[2]) as string) : undefined;
      const part = special ?? (group === undefined ? text : { ref: group });
      parts.push(replacement.slice(done, m.index), part);
      done = m.index + text.length;
    }
    parts.push(replacement.slice(done));
    return parts.filter((p) => p !== '');
  }
}

/** A reference in a replacement: a group (RE2 index) or a piece of the input. */
interface Substitution {
  ref: number | 'before' | 'after' | 'input' | 'last';
}

const SUBSTITUTION = /\$(?:\$|&|`|'|\+|_|\{([A-Za-z0-9_]+)\}|(\d+))/g;
const SPECIAL: Readonly<Record<string, string | Substitution>> = {
  $$: '$',
  '$&': { ref: 0 },
  '$`': { ref: 'before' },
  "$'": { ref: 'after' },
  $_: { ref: 'input' },
  '$+': { ref: 'last' },
};

const cache = new Map<string, DotNetRegex>();

/** Compiles a .NET pattern (cached); throws RegexSyntaxError with the position when it cannot run. */
export function dotNetRegex(pattern: string): DotNetRegex {
  let re = cache.get(pattern);
  if (!re) {
    re = new DotNetRegex(pattern, translateDotNet(pattern));
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

/** A message naming the position when the pattern cannot be used, else null. */
export function regexError(pattern: string): string | null {
  try {
    dotNetRegex(pattern);
    return null;
  } catch (e) {
    if (!(e instanceof RegexSyntaxError)) throw e;
    return `invalid regular expression ${JSON.stringify(pattern)} at character ${e.index + 1}: ${e.message}`;
  }
}
