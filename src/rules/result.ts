/** Where and why a rule failed to parse; `position` is a 0-based index into the rule text. */
export interface RuleError {
  message: string;
  position: number;
}

/** The outcome of parsing a rule: the expression tree, or the first syntax error found. */
export type ParseResult<T> = { ok: true; expr: T } | { ok: false; error: RuleError };

/** Thrown inside the lexers and parsers only; the exported parse functions turn it into a `RuleError`. */
export class RuleSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

/** Runs a parser and converts a `RuleSyntaxError` into the `{ ok: false }` result. */
export function toParseResult<T>(parse: () => T): ParseResult<T> {
  try {
    return { ok: true, expr: parse() };
  } catch (err) {
    if (err instanceof RuleSyntaxError) {
      return { ok: false, error: { message: err.message, position: err.position } };
    }
    throw err;
  }
}
