// The access reviews of one simulated tenant. Graph-shaped properties live in `props` (what GET returns);
// the fields beside them are the simulator's bookkeeping.
import type { ODataExpr } from '../../../rules/odata.js';
import { GraphError } from '../../http/errors.js';
import type { TenantState } from '../../store/tenant.js';
import type { Props } from '../../store/types.js';

/** A parsed review scope: members of a group, users of the tenant, or access package assignments. */
export type ReviewScope =
  | { kind: 'group'; groupId: string; transitive: boolean; usersOnly: boolean; filter?: ODataExpr }
  | { kind: 'users'; filter?: ODataExpr }
  | { kind: 'accessPackageAssignments'; filter?: ODataExpr };

/** Instance status values (Graph's access reviews reference; `Applied` once decisions were applied). */
export type InstanceStatus = 'NotStarted' | 'InProgress' | 'Completed' | 'Applied';

/** One principal's decision item; `props` is the accessReviewInstanceDecisionItem. */
export interface DecisionRecord {
  principalId: string;
  /** The access package assignment reviewed, for an assignment-query scope. */
  assignmentId?: string;
  props: Props;
}

/** A review instance: one occurrence of a definition's recurrence. */
export interface InstanceRecord {
  id: string;
  definitionId: string;
  startMs: number;
  endMs: number;
  status: InstanceStatus;
  decisions: DecisionRecord[];
}

/** An accessReviewScheduleDefinition and its instances. */
export interface DefinitionRecord {
  props: Props;
  scope: ReviewScope;
  createdMs: number;
  instances: InstanceRecord[];
  /** Index of the last recurrence occurrence an instance was created for (-1: none yet). */
  lastOccurrence: number;
}

/** The module's state in one tenant. */
export interface AccessReviewsState {
  definitions: Map<string, DefinitionRecord>;
}

/** The tenant's access reviews, created on first use. */
export function reviewsOf(tenant: TenantState): AccessReviewsState {
  return tenant.slot<AccessReviewsState>('accessReviews', () => ({ definitions: new Map() }));
}

/** 404 as the access reviews service answers for an unknown object. */
export function reviewNotFound(type: string, id: string): GraphError {
  return new GraphError(404, 'NotFound', `The ${type} with id '${id}' was not found.`);
}

/** The definition by id, or a 404. */
export function requireDefinition(tenant: TenantState, id: string): DefinitionRecord {
  const definition = reviewsOf(tenant).definitions.get(id);
  if (!definition) throw reviewNotFound('accessReviewScheduleDefinition', id);
  return definition;
}

/** The instance of a definition by id, or a 404. */
export function requireInstance(definition: DefinitionRecord, id: string): InstanceRecord {
  const instance = definition.instances.find((i) => i.id === id);
  if (!instance) throw reviewNotFound('accessReviewInstance', id);
  return instance;
}

/** The decision item of an instance by id, or a 404. */
export function requireDecision(instance: InstanceRecord, id: string): DecisionRecord {
  const decision = instance.decisions.find((d) => d.props['id'] === id);
  if (!decision) throw reviewNotFound('accessReviewInstanceDecisionItem', id);
  return decision;
}

/** ISO time of the simulator clock value `ms`, without milliseconds like Graph's dateTimeOffset values. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
