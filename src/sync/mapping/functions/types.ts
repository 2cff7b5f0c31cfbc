import type { Node } from '../parser.js';
import type { Value } from '../values.js';

/** The arguments of one call, evaluated on demand so that untaken IIF/Switch branches never run. */
export interface Args {
  readonly count: number;
  /** True when the argument is given (an empty argument, as in `Replace(x, , "re")`, is not). */
  present(i: number): boolean;
  /** The argument's value; null when omitted. */
  get(i: number): Value;
}

/** What expressions may observe besides the user: the clock, randomness and target uniqueness. */
export interface EvalContext {
  now(): Date;
  /** A uniform number in [0, 1). */
  random(): number;
  /**
   * Whether a candidate value of `attribute` (the target attribute being evaluated) is still free in the
   * target tenant; a free value counts as taken from then on (SelectUniqueValue).
   */
  isUnique(value: string, attribute: string): boolean;
}

/** One function of the language: its arity, compile-time checks and behaviour. */
export interface FunctionDef {
  min: number;
  max: number;
  /** Must be the whole expression (SelectUniqueValue, IgnoreFlowIfNullOrEmpty). */
  topLevelOnly?: boolean;
  /** Gives a different value on every evaluation, so it may only apply OnCreate. */
  onCreateOnly?: boolean;
  /** Checks the syntactic arguments; returns an error message or null. */
  check?(args: readonly Node[]): string | null;
  /** `attribute`: the target attribute the expression is evaluated for, when known. */
  call(args: Args, ctx: EvalContext, attribute: string): Value;
}

/** The literal text of a string argument, or undefined when it is not a string literal. */
export function literal(node: Node | undefined): string | undefined {
  return node?.kind === 'string' ? node.value : undefined;
}

/** True when the syntactic argument is given (not an empty argument). */
export function given(node: Node | undefined): boolean {
  return node !== undefined && node.kind !== 'omitted';
}
