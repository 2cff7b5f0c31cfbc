import { readSourceAttribute } from './desired.js';
import { selectName } from './mapping/compile.js';
import { dotNetRegex, regexError } from './mapping/dotnet-regex.js';
import { ExpressionError } from './mapping/values.js';
import type { FilterOperator, ScopeClause, ScopeRules, SourceUser } from './types.js';

/** Group memberships of one source user, by group object id. */
export interface UserMembership {
  directGroupIds: ReadonlySet<string>;
  transitiveGroupIds?: ReadonlySet<string>;
}

export interface ClauseResult {
  attribute: string;
  operator: FilterOperator;
  value: string | null;
  actual: unknown;
  result: boolean;
}

/** Why a user is or is not in scope: a PascalCase reason, a sentence and every clause evaluated. */
export interface ScopeDecision {
  inScope: boolean;
  reason: 'InScope' | 'NotInternalMember' | 'NotAssigned' | 'FilteredOut' | 'Excluded';
  message: string;
  clauses: ClauseResult[];
}

/** Source properties scope evaluation always needs in `$select`. */
export const SCOPE_ATTRIBUTES: readonly string[] = [
  'id',
  'userType',
  'creationType',
  'userPrincipalName',
  'identities',
  'accountEnabled',
  'mail',
];

// Issuers of identities that a user homed elsewhere signs in with (B2B, MSA, email one-time passcode).
const EXTERNAL_ISSUERS = new Set(['ExternalAzureAD', 'MicrosoftAccount', 'mail']);

/** Why the user is not an internal member of the source tenant, or null when it is one. */
export function notInternalMember(user: SourceUser): string | null {
  const a = user.attributes;
  if (a['userType'] !== 'Member') return `userType is ${JSON.stringify(a['userType'] ?? null)}, not Member`;
  if (a['creationType'] === 'Invitation') return 'the user was created by an invitation (B2B)';
  const upn = a['userPrincipalName'];
  if (typeof upn === 'string' && upn.includes('#EXT#')) return 'the userPrincipalName is an #EXT# (B2B) name';
  const identities = Array.isArray(a['identities']) ? (a['identities'] as unknown[]) : [];
  for (const identity of identities) {
    const i = (identity ?? {}) as Record<string, unknown>;
    if (i['signInType'] === 'federated' || EXTERNAL_ISSUERS.has(String(i['issuer']))) {
      return `the user signs in with an external identity (${String(i['issuer'])})`;
    }
  }
  return null;
}

/** The clause's view of an attribute: a single string, or null when absent, empty or multi-valued. */
function clauseText(actual: unknown): string | null {
  if (actual === null || actual === undefined || actual === '') return null;
  if (typeof actual === 'string') return actual;
  if (typeof actual === 'number') return String(actual);
  if (typeof actual === 'boolean') return actual ? 'True' : 'False';
  return null;
}

const INTEGER = /^-?\d+$/;

/** One scoping clause with Entra's semantics: false on a null or empty value, except IsNull. */
export function evaluateClause(
  operator: FilterOperator,
  actual: unknown,
  value: string | undefined,
): boolean {
  const s = clauseText(actual);
  if (operator === 'IsNull') return s === null && !(Array.isArray(actual) && actual.length > 0);
  if (s === null) return false;
  const v = value ?? '';
  switch (operator) {
    case 'IsNotNull':
      return true;
    case 'Equals':
      return typeof actual === 'boolean' ? s.toLowerCase() === v.toLowerCase() : s === v;
    case 'NotEquals':
      return typeof actual === 'boolean' ? s.toLowerCase() !== v.toLowerCase() : s !== v;
    case 'IsTrue':
      return s.toLowerCase() === 'true';
    case 'IsFalse':
      return s.toLowerCase() === 'false';
    case 'Includes':
      return s.includes(v);
    case 'EndsWith':
      return s.endsWith(v);
    case 'GreaterThan':
    case 'GreaterThanOrEquals': {
      if (!INTEGER.test(s.trim()) || !INTEGER.test(v.trim())) return false;
      const diff = BigInt(s.trim()) - BigInt(v.trim());
      return operator === 'GreaterThan' ? diff > 0n : diff >= 0n;
    }
    case 'In':
    case 'NotIn': {
      const found = v.split(',').some((x) => x.trim() === s);
      return operator === 'In' ? found : !found;
    }
    case 'RegexMatch':
    case 'NotRegexMatch':
      return regexClause(operator, v, s);
  }
}

/**
 * A regex clause; a value too long to match in bounded time makes the clause false either way, as a
 * value Entra cannot read does (no Graph user property is nearly that long).
 */
function regexClause(operator: 'RegexMatch' | 'NotRegexMatch', pattern: string, s: string): boolean {
  try {
    return dotNetRegex(pattern).test(s) === (operator === 'RegexMatch');
  } catch (e) {
    if (e instanceof ExpressionError) return false;
    throw e;
  }
}

/** Checks scoping filters once at the edge: values present where needed and regexes valid. */
export function validateScope(scope: ScopeRules): string[] {
  const errors: string[] = [];
  (scope.filters ?? []).forEach((f, i) =>
    f.clauses.forEach((c: ScopeClause, j) => {
      const where = `filters[${i}].clauses[${j}]`;
      const unary = ['IsTrue', 'IsFalse', 'IsNull', 'IsNotNull'].includes(c.operator);
      if (!unary && c.value === undefined) errors.push(`${where}: ${c.operator} needs a value`);
      if (
        (c.operator === 'GreaterThan' || c.operator === 'GreaterThanOrEquals') &&
        !INTEGER.test(c.value ?? '')
      ) {
        errors.push(`${where}: ${c.operator} compares integers, ${JSON.stringify(c.value)} is not one`);
      }
      if (c.operator === 'RegexMatch' || c.operator === 'NotRegexMatch') {
        const message = regexError(c.value ?? '');
        if (message) errors.push(`${where}: ${message}`);
      }
    }),
  );
  if (!scope.allUsers && (scope.groups ?? []).length === 0)
    errors.push('groups: give allUsers: true or at least one group');
  return errors;
}

/** The source properties the scoping filters read, as names for `$select`. */
export function scopeAttributes(scope: ScopeRules): string[] {
  const names = (scope.filters ?? []).flatMap((f) => f.clauses.map((c) => selectName(c.attribute)));
  return [...new Set([...SCOPE_ATTRIBUTES, ...names])].sort();
}

function assigned(scope: ScopeRules, membership: UserMembership): boolean {
  if (scope.allUsers) return true;
  const ids =
    scope.membership === 'Transitive'
      ? (membership.transitiveGroupIds ?? membership.directGroupIds)
      : membership.directGroupIds;
  return (scope.groups ?? []).some((g) => ids.has(g));
}

/** Every clause of the scoping filters for one user: a filter passes when all its clauses do, the scope when one filter does. */
function evaluateFilters(user: SourceUser, scope: ScopeRules): { passed: boolean; clauses: ClauseResult[] } {
  const clauses: ClauseResult[] = [];
  let passed = false;
  for (const filter of scope.filters ?? []) {
    let all = true;
    for (const c of filter.clauses) {
      const actual = readSourceAttribute(user, c.attribute);
      const result = evaluateClause(c.operator, actual, c.value);
      clauses.push({
        attribute: c.attribute,
        operator: c.operator,
        value: c.value ?? null,
        actual: actual ?? null,
        result,
      });
      all &&= result;
    }
    passed ||= all;
  }
  return { passed, clauses };
}

// The common decisions, shared: a full cycle decides for every user of the source tenant.
const NOT_A_MEMBER = decision(false, 'NotAssigned', 'not a member of an assigned group');
const NOT_A_DIRECT_MEMBER = decision(false, 'NotAssigned', 'not a direct member of an assigned group');
const ASSIGNED_NO_FILTERS = decision(true, 'InScope', 'assigned, no scoping filters');

function decision(inScope: boolean, reason: ScopeDecision['reason'], message: string): ScopeDecision {
  return Object.freeze({ inScope, reason, message, clauses: [] });
}

/** Decides whether a source user is in scope: internal member, assigned (directly unless Transitive), and passing a filter. */
export function evaluateScope(
  user: SourceUser,
  scope: ScopeRules,
  membership: UserMembership,
): ScopeDecision {
  const external = notInternalMember(user);
  if (external) return { inScope: false, reason: 'NotInternalMember', message: external, clauses: [] };
  if (!assigned(scope, membership))
    return scope.membership === 'Transitive' ? NOT_A_MEMBER : NOT_A_DIRECT_MEMBER;
  if ((scope.filters ?? []).length === 0) return ASSIGNED_NO_FILTERS;
  const { passed, clauses } = evaluateFilters(user, scope);
  return passed
    ? { inScope: true, reason: 'InScope', message: 'assigned and a scoping filter matched', clauses }
    : { inScope: false, reason: 'FilteredOut', message: 'no scoping filter matched', clauses };
}

/** The decision for a user an access review took out of sync (onDeny: ExcludeFromSync): out, whatever else holds. */
export function excludedDecision(reviewSchedule: string): ScopeDecision {
  return {
    inScope: false,
    reason: 'Excluded',
    message: `excluded from sync by the denial of ReviewSchedule ${reviewSchedule}`,
    clauses: [],
  };
}

/** Each test of the scope decision, evaluated even after one failed, as provision on demand reports it. */
export interface ScopeExplanation {
  decision: ScopeDecision;
  /** Why the user is not an internal member, or null when it is one. */
  notInternal: string | null;
  /** Whether the user is assigned, and the assigned groups it is a member of; null for allUsers. */
  assigned: { passed: boolean; groups: string[] } | null;
  /** Every clause, each with the index of its filter. */
  clauses: (ClauseResult & { filter: number })[];
  /** The ReviewSchedule that keeps the user out (onDeny: ExcludeFromSync). */
  excludedBy?: string;
}

/** Explains the scope decision for one user: internal member?, assigned?, each filter clause, and the decision. */
export function explainScope(
  user: SourceUser,
  scope: ScopeRules,
  membership: UserMembership,
  excludedBy?: string,
): ScopeExplanation {
  const clauses = (scope.filters ?? []).flatMap((f, filter) =>
    evaluateFilters(user, { ...scope, filters: [f] }).clauses.map((c) => ({ ...c, filter })),
  );
  const ids =
    scope.membership === 'Transitive'
      ? (membership.transitiveGroupIds ?? membership.directGroupIds)
      : membership.directGroupIds;
  return {
    decision:
      excludedBy !== undefined ? excludedDecision(excludedBy) : evaluateScope(user, scope, membership),
    notInternal: notInternalMember(user),
    assigned: scope.allUsers
      ? null
      : { passed: assigned(scope, membership), groups: (scope.groups ?? []).filter((g) => ids.has(g)) },
    clauses,
    ...(excludedBy !== undefined ? { excludedBy } : {}),
  };
}
