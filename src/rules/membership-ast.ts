/** A single value on the right of a membership-rule comparison. */
export type MembershipScalar =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'dateTime'; value: string; epochMs: number }
  /** `system.now`, optionally `-plus` / `-minus` an ISO 8601 duration, resolved when evaluated. */
  | { kind: 'now'; offsetMs: number };

/** The right-hand side of a comparison: a scalar, or the `[...]` list of `-in` / `-notIn`. */
export type MembershipValue = MembershipScalar | { kind: 'list'; values: MembershipScalar[] };

/**
 * What a comparison reads. `user` paths are Graph user resource paths (`user.extensionAttribute1` is
 * `['onPremisesExtensionAttributes', 'extensionAttribute1']`). `element` paths read the current item of an
 * `-any` / `-all` collection: `[]` for `_`, `['servicePlanId']` for `assignedPlan.servicePlanId`.
 */
export type MembershipProperty = { kind: 'user'; path: string[] } | { kind: 'element'; path: string[] };

/** The comparison operators of the dynamic membership rule syntax, without their leading hyphen. */
export type MembershipOperator =
  | 'eq'
  | 'ne'
  | 'startsWith'
  | 'notStartsWith'
  | 'endsWith'
  | 'notEndsWith'
  | 'contains'
  | 'notContains'
  | 'match'
  | 'notMatch'
  | 'in'
  | 'notIn'
  | 'le'
  | 'ge';

/** A parsed Entra dynamic membership rule. */
export type MembershipExpr =
  | { kind: 'and' | 'or'; left: MembershipExpr; right: MembershipExpr }
  | { kind: 'not'; operand: MembershipExpr }
  | { kind: 'compare'; op: MembershipOperator; property: MembershipProperty; value: MembershipValue }
  | { kind: 'lambda'; quantifier: 'any' | 'all'; collection: MembershipProperty; predicate: MembershipExpr }
  /** `Direct Reports for "<managerObjectId>"`, which Entra allows only as a whole rule. */
  | { kind: 'directReports'; managerId: string };
