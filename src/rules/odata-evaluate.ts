import type { ODataExpr, ODataLiteral, ODataTarget } from './odata-ast.js';
import { compareIgnoringCase, foldCase, isNullish, readPath } from './values.js';

type Scope = ReadonlyMap<string, unknown>;

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

function toEpochMs(value: unknown): number | null {
  if (value instanceof Date) return value.getTime();
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Orders a property value against a non-null literal: -1, 0, 1, or null when the two cannot be compared
 * (absent value, or a type the literal does not fit; Graph would refuse such a filter outright).
 */
function compareToLiteral(actual: unknown, literal: Exclude<ODataLiteral, { kind: 'null' }>): number | null {
  if (isNullish(actual)) return null;
  switch (literal.kind) {
    case 'string':
    case 'guid':
      return typeof actual === 'string' ? compareIgnoringCase(actual, literal.value) : null;
    case 'number':
      return typeof actual === 'number' ? sign(actual - literal.value) : null;
    case 'boolean':
      return typeof actual === 'boolean' ? sign(Number(actual) - Number(literal.value)) : null;
    case 'dateTime': {
      const ms = toEpochMs(actual);
      return ms === null ? null : sign(ms - literal.epochMs);
    }
  }
}

/** `eq` with OData null semantics: `x eq null` holds exactly when x is absent or null. */
function equalsLiteral(actual: unknown, literal: ODataLiteral): boolean {
  if (literal.kind === 'null') return isNullish(actual);
  return compareToLiteral(actual, literal) === 0;
}

function readTarget(target: ODataTarget, subject: unknown, scope: Scope): unknown {
  const base = target.root === null ? subject : scope.get(target.root);
  const value = readPath(base, target.path);
  if (target.kind === 'count') return Array.isArray(value) ? value.length : isNullish(value) ? 0 : null;
  return value;
}

function evaluate(expr: ODataExpr, subject: unknown, scope: Scope): boolean {
  switch (expr.kind) {
    case 'and':
      return evaluate(expr.left, subject, scope) && evaluate(expr.right, subject, scope);
    case 'or':
      return evaluate(expr.left, subject, scope) || evaluate(expr.right, subject, scope);
    case 'not':
      return !evaluate(expr.operand, subject, scope);
    case 'compare': {
      const actual = readTarget(expr.target, subject, scope);
      if (expr.op === 'eq') return equalsLiteral(actual, expr.value);
      if (expr.op === 'ne') return !equalsLiteral(actual, expr.value);
      if (expr.value.kind === 'null') return false;
      const order = compareToLiteral(actual, expr.value);
      if (order === null) return false;
      if (expr.op === 'gt') return order > 0;
      if (expr.op === 'ge') return order >= 0;
      if (expr.op === 'lt') return order < 0;
      return order <= 0;
    }
    case 'in': {
      const actual = readTarget(expr.target, subject, scope);
      return expr.values.some((literal) => equalsLiteral(actual, literal));
    }
    case 'startsWith':
    case 'endsWith': {
      const actual = readTarget(expr.target, subject, scope);
      if (typeof actual !== 'string') return false;
      const text = foldCase(actual);
      const affix = foldCase(expr.value);
      return expr.kind === 'startsWith' ? text.startsWith(affix) : text.endsWith(affix);
    }
    case 'lambda': {
      const base = expr.root === null ? subject : scope.get(expr.root);
      const collection = readPath(base, expr.collection);
      const items = Array.isArray(collection) ? (collection as unknown[]) : [];
      const { variable, predicate } = expr;
      if (variable === null || predicate === null) return items.length > 0;
      const test = (item: unknown): boolean =>
        evaluate(predicate, subject, new Map(scope).set(variable, item));
      return expr.quantifier === 'any' ? items.some(test) : items.every(test);
    }
  }
}

/** Evaluates a parsed `$filter` against one object (a user as Graph returns it, or any directory object). */
export function evaluateODataTree(expr: ODataExpr, subject: Record<string, unknown>): boolean {
  return evaluate(expr, subject, new Map());
}
