import type {
  MembershipExpr,
  MembershipOperator,
  MembershipProperty,
  MembershipScalar,
  MembershipValue,
} from './membership-ast.js';
import { compareIgnoringCase, foldCase, isNullish, readPath, readProperty } from './values.js';

/** What evaluation needs besides the user: the clock that `system.now` reads. */
export interface MembershipContext {
  now: Date;
}

type Positive = 'eq' | 'startsWith' | 'endsWith' | 'contains' | 'match' | 'in' | 'le' | 'ge';
// Each negated operator holds exactly when its positive form does not, so a null value satisfies
// `-ne "x"` and `-notStartsWith "x"` but never `-eq "x"` or `-startsWith "x"`.
const NEGATED: Partial<Record<MembershipOperator, Positive>> = {
  ne: 'eq',
  notStartsWith: 'startsWith',
  notEndsWith: 'endsWith',
  notContains: 'contains',
  notMatch: 'match',
  notIn: 'in',
};

const regexCache = new Map<string, RegExp>();

/** Entra matches regular expressions without regard to case; the parser has already checked the syntax. */
function regexOf(pattern: string): RegExp {
  let regex = regexCache.get(pattern);
  if (!regex) {
    // Bounded so a long-running simulator whose rules churn does not keep every pattern ever seen.
    if (regexCache.size >= 1000) regexCache.clear();
    regex = new RegExp(pattern, 'i');
    regexCache.set(pattern, regex);
  }
  return regex;
}

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function literalText(value: MembershipScalar): string | null {
  return value.kind === 'string' || value.kind === 'number' || value.kind === 'boolean'
    ? String(value.value)
    : null;
}

function epochOf(value: unknown): number | null {
  if (value instanceof Date) return value.getTime();
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** Orders one scalar item against a literal: dates by time, numbers by value, text ignoring case. */
function order(item: unknown, literal: MembershipScalar, context: MembershipContext): number | null {
  if (literal.kind === 'now' || literal.kind === 'dateTime') {
    const ms = epochOf(item);
    const target = literal.kind === 'now' ? context.now.getTime() + literal.offsetMs : literal.epochMs;
    return ms === null ? null : Math.sign(ms - target);
  }
  if (literal.kind === 'number' && typeof item === 'number') return Math.sign(item - literal.value);
  const text = textOf(item);
  const other = literalText(literal);
  return text === null || other === null ? null : compareIgnoringCase(text, other);
}

function equals(item: unknown, literal: MembershipScalar, context: MembershipContext): boolean {
  if (literal.kind === 'null') return isNullish(item);
  return order(item, literal, context) === 0;
}

/** Tests one item (a scalar property, or one element of a multi-valued one) with a positive operator. */
function testItem(op: Positive, item: unknown, value: MembershipValue, context: MembershipContext): boolean {
  if (value.kind === 'list') return op === 'in' && value.values.some((v) => equals(item, v, context));
  if (op === 'eq') return equals(item, value, context);
  if (op === 'le' || op === 'ge') {
    const result = order(item, value, context);
    return result !== null && (op === 'le' ? result <= 0 : result >= 0);
  }
  const text = textOf(item);
  const literal = literalText(value);
  if (text === null || literal === null) return false;
  if (op === 'match') return regexOf(literal).test(text);
  const [haystack, needle] = [foldCase(text), foldCase(literal)];
  if (op === 'startsWith') return haystack.startsWith(needle);
  if (op === 'endsWith') return haystack.endsWith(needle);
  return haystack.includes(needle);
}

function readOperand(property: MembershipProperty, user: unknown, element: unknown): unknown {
  if (property.kind === 'user') return readPath(user, property.path);
  const [name, ...rest] = property.path;
  if (name === undefined) return element;
  // `group.objectId` inside `user.memberOf -any (...)`: items may be bare ids or `{ id }` objects.
  const lower = name.toLowerCase();
  if (lower === 'objectid' || lower === 'id') {
    if (typeof element === 'string') return element;
    return readPath(readProperty(element, 'id') ?? readProperty(element, 'objectId'), rest);
  }
  return readPath(element, property.path);
}

function itemsOf(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : isNullish(value) ? [] : [value];
}

function evaluate(
  expr: MembershipExpr,
  user: unknown,
  element: unknown,
  context: MembershipContext,
): boolean {
  switch (expr.kind) {
    case 'and':
      return evaluate(expr.left, user, element, context) && evaluate(expr.right, user, element, context);
    case 'or':
      return evaluate(expr.left, user, element, context) || evaluate(expr.right, user, element, context);
    case 'not':
      return !evaluate(expr.operand, user, element, context);
    case 'compare': {
      const negatedFrom = NEGATED[expr.op];
      const positive = negatedFrom ?? (expr.op as Positive);
      const actual = readOperand(expr.property, user, element);
      // A multi-valued property (otherMails, proxyAddresses) compared directly matches when any item does.
      const holds = Array.isArray(actual)
        ? actual.some((item) => testItem(positive, item, expr.value, context)) ||
          (positive === 'eq' && expr.value.kind === 'null' && actual.length === 0)
        : testItem(positive, actual, expr.value, context);
      return negatedFrom ? !holds : holds;
    }
    case 'lambda': {
      const items = itemsOf(readOperand(expr.collection, user, element));
      const test = (item: unknown): boolean => evaluate(expr.predicate, user, item, context);
      return expr.quantifier === 'any' ? items.some(test) : items.every(test);
    }
    case 'directReports': {
      const manager = readProperty(user, 'manager');
      const managerId = typeof manager === 'string' ? manager : readProperty(manager, 'id');
      return typeof managerId === 'string' && compareIgnoringCase(managerId, expr.managerId) === 0;
    }
  }
}

/** Evaluates a parsed membership rule against one Graph user object. */
export function evaluateMembershipTree(
  expr: MembershipExpr,
  user: Record<string, unknown>,
  context: MembershipContext,
): boolean {
  return evaluate(expr, user, undefined, context);
}
