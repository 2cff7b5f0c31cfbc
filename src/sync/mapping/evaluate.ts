import { FUNCTIONS } from './functions/index.js';
import type { Args, EvalContext } from './functions/index.js';
import type { ComparisonOperator, Node } from './parser.js';
import { ExpressionError, MAX_TEXT_LENGTH, asString, boundedValue, isNullOrEmpty } from './values.js';
import type { Value } from './values.js';

/** What an expression reads: the user's attributes and the context. */
export interface Env {
  read(attribute: string): Value;
  ctx: EvalContext;
  /** The target attribute being evaluated (SelectUniqueValue checks uniqueness in it). */
  attribute?: string;
}

/** A compiled expression: a closure over the checked tree, run once per user. */
export type Evaluator = (env: Env) => Value;

/** The values bare identifiers stand for (InStr's compare types and the boolean literals). */
export const IDENTIFIERS: Readonly<Record<string, Value>> = {
  vbTextCompare: 'vbTextCompare',
  vbBinaryCompare: 'vbBinaryCompare',
  True: true,
  False: false,
};

function toNumber(v: Value): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean' || v instanceof Date || Array.isArray(v)) return null;
  const s = (v as string).trim();
  return s !== '' && Number.isFinite(Number(s)) ? Number(s) : null;
}

/** IIF's comparison: numbers numerically, DateTimes by instant, anything else as case-sensitive strings. */
export function compare(operator: ComparisonOperator, left: Value, right: Value): boolean {
  // Entra fails an IIF whose condition rests on a null or empty value rather than guess.
  if (isNullOrEmpty(left) || isNullOrEmpty(right)) {
    throw new ExpressionError(
      `cannot compare an empty value with ${operator}; use Switch with a "" key instead`,
    );
  }
  let order: number;
  const ln = toNumber(left);
  const rn = toNumber(right);
  if (left instanceof Date && right instanceof Date) order = left.getTime() - right.getTime();
  else if (ln !== null && rn !== null) order = ln - rn;
  else {
    const ls = asString(left) as string;
    const rs = asString(right) as string;
    order = ls === rs ? 0 : ls < rs ? -1 : 1;
  }
  switch (operator) {
    case '=':
      return order === 0;
    case '<>':
      return order !== 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
  }
}

/** Turns a checked tree into a closure; unknown names throw (compile checks them first). */
export function toEvaluator(node: Node): Evaluator {
  switch (node.kind) {
    case 'string':
    case 'number': {
      const v = node.value;
      return () => v;
    }
    case 'omitted':
      return () => null;
    case 'identifier': {
      const v = IDENTIFIERS[node.name];
      if (v === undefined) throw new ExpressionError(`unknown name ${node.name}`);
      return () => v;
    }
    case 'attribute': {
      const name = node.name;
      const what = `[${name}]`;
      return (env) => {
        const v = env.read(name);
        // The common case inline: planning runs this for every user and attribute.
        return typeof v === 'string' && v.length <= MAX_TEXT_LENGTH ? v : boundedValue(v, what);
      };
    }
    case 'compare': {
      const left = toEvaluator(node.left);
      const right = toEvaluator(node.right);
      const op = node.operator;
      return (env) => compare(op, left(env), right(env));
    }
    case 'call': {
      const def = FUNCTIONS[node.name];
      if (!def) throw new ExpressionError(`unknown function ${node.name}`);
      const args = node.args.map(toEvaluator);
      const present = node.args.map((a) => a.kind !== 'omitted');
      const name = node.name;
      return (env) => {
        try {
          const v = def.call(new ArgList(args, present, env), env.ctx, env.attribute ?? '');
          return typeof v === 'string' && v.length <= MAX_TEXT_LENGTH ? v : boundedValue(v, 'the result');
        } catch (e) {
          if (e instanceof ExpressionError && !e.message.startsWith(name)) {
            throw new ExpressionError(`${name}: ${e.message}`);
          }
          throw e;
        }
      };
    }
  }
}

/** One call's arguments, evaluated on demand (one allocation per call: planning runs this for every user). */
class ArgList implements Args {
  constructor(
    private readonly args: readonly Evaluator[],
    private readonly given: readonly boolean[],
    private readonly env: Env,
  ) {}

  get count(): number {
    return this.args.length;
  }

  present(i: number): boolean {
    return this.given[i] === true;
  }

  get(i: number): Value {
    const arg = this.args[i];
    return arg ? arg(this.env) : null;
  }
}
