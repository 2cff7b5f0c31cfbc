// ReviewSchedule -> the access review schedule definition, and the decisions of its instances as status.
import type { ReviewScheduleSpec, ReviewScheduleStatus } from '../api/index.js';
import type {
  ReviewDecision,
  ReviewDefinitionBody,
  ReviewInstance,
  Typed,
} from '../graph/governance/index.js';

/** What the definition needs resolved from other resources. */
export interface ReviewContext {
  /** Display name when the spec gives none: the resource name. */
  name: string;
  /** For scope.accessPackagePolicyRef: the package and its policy ids. */
  accessPackage?: { id: string; policyIds: readonly string[] };
  /** For principals SyncedFrom: each source TenantLink, the markers its SyncScopes write, the scopes without one. */
  syncedFrom?: readonly SyncedSource[];
}

/** A source of principals SyncedFrom: the markers its SyncScopes write, and the SyncScopes that write none. */
export interface SyncedSource {
  link: string;
  markers: readonly { attribute: string; value: string }[];
  unmarkedScopes: readonly string[];
}

const QUERY_SCOPE = '#microsoft.graph.accessReviewQueryScope';
const EM_ASSIGNMENTS = '/identityGovernance/entitlementManagement/accessPackageAssignments';

function odataPath(attribute: string): string {
  return attribute.replace(/\./g, '/');
}

/**
 * The `$filter` selecting users synchronized from the sources: their marker attribute `in` the markers' values.
 * Graph filters onPremisesExtensionAttributes with eq, ne, not and in only, so the anchor's tenant prefix
 * cannot be matched; an error names the SyncScopes whose mapping declares no sourceMarker.
 */
export function syncedFromFilter(
  sources: readonly SyncedSource[],
): { ok: true; filter: string } | { ok: false; message: string } {
  const unmarked = sources.flatMap((s) => s.unmarkedScopes.map((scope) => `${scope} (from ${s.link})`));
  const empty = sources
    .filter((s) => s.markers.length === 0 && s.unmarkedScopes.length === 0)
    .map((s) => s.link);
  if (unmarked.length > 0 || empty.length > 0) {
    const parts = [
      ...(unmarked.length > 0
        ? [`the AttributeMapping of SyncScope ${unmarked.join(', ')} declares no sourceMarker`]
        : []),
      ...(empty.length > 0 ? [`no SyncScope synchronizes ${empty.join(', ')} into this tenant`] : []),
    ];
    return { ok: false, message: `principals SyncedFrom needs a source marker: ${parts.join('; ')}` };
  }
  const byAttribute = new Map<string, Set<string>>();
  for (const { attribute, value } of sources.flatMap((s) => s.markers)) {
    const values = byAttribute.get(attribute) ?? new Set<string>();
    values.add(`'${value.replace(/'/g, "''")}'`);
    byAttribute.set(attribute, values);
  }
  const clauses = [...byAttribute].map(
    ([attribute, values]) => `${odataPath(attribute)} in (${[...values].join(', ')})`,
  );
  return { ok: true, filter: `(${clauses.join(' or ')})` };
}

/** The `$filter` selecting the reviewed principals among a group's users (undefined for All). */
function principalFilter(
  principals: Exclude<ReviewScheduleSpec['scope']['principals'], 'SyncedFrom'>,
): string | undefined {
  switch (principals) {
    case 'All':
      return undefined;
    case 'Guests':
      return "(userType eq 'Guest')";
    case 'Members':
      return "(userType eq 'Member')";
  }
}

/** The access review scope query, or why it cannot be expressed. */
export function reviewScope(
  spec: ReviewScheduleSpec,
  ctx: ReviewContext,
): { ok: true; scope: Typed } | { ok: false; message: string } {
  if (spec.scope.group) {
    let filter: string | undefined;
    if (spec.scope.principals === 'SyncedFrom') {
      const synced = syncedFromFilter(ctx.syncedFrom ?? []);
      if (!synced.ok) return synced;
      filter = synced.filter;
    } else filter = principalFilter(spec.scope.principals);
    const query = `/groups/${spec.scope.group}/transitiveMembers/microsoft.graph.user${filter ? `/?$filter=${filter}` : ''}`;
    return { ok: true, scope: { '@odata.type': QUERY_SCOPE, query, queryType: 'MicrosoftGraph' } };
  }
  if (spec.scope.principals !== 'All') {
    return {
      ok: false,
      message: `principals ${spec.scope.principals} cannot narrow an access package review: Graph's assignment query scope filters only by package and policy`,
    };
  }
  const pkg = ctx.accessPackage as NonNullable<ReviewContext['accessPackage']>;
  const policies = pkg.policyIds.map((id) => `assignmentPolicyId eq '${id}'`);
  const byPolicy = policies.length === 0 ? '' : ` and (${policies.join(' or ')})`;
  const query = `${EM_ASSIGNMENTS}?$filter=(accessPackageId eq '${pkg.id}'${byPolicy})`;
  return { ok: true, scope: { '@odata.type': QUERY_SCOPE, query, queryType: 'MicrosoftGraph' } };
}

function reviewerScope(
  reviewer: { type: string; id?: string | undefined },
  groupId: string | undefined,
): Typed {
  switch (reviewer.type) {
    case 'Managers':
      return { query: './manager', queryType: 'MicrosoftGraph', queryRoot: 'decisions' };
    case 'GroupOwners':
      return { query: `/groups/${groupId ?? ''}/owners`, queryType: 'MicrosoftGraph' };
    case 'GroupMembers':
      return { query: `/groups/${reviewer.id ?? ''}/transitiveMembers`, queryType: 'MicrosoftGraph' };
    default:
      return { query: `/users/${reviewer.id ?? ''}`, queryType: 'MicrosoftGraph' };
  }
}

const PATTERN: Record<ReviewScheduleSpec['recurrence']['interval'], { type: string; months: number }> = {
  Weekly: { type: 'weekly', months: 0 },
  Monthly: { type: 'absoluteMonthly', months: 1 },
  Quarterly: { type: 'absoluteMonthly', months: 3 },
  SemiAnnually: { type: 'absoluteMonthly', months: 6 },
  Annually: { type: 'absoluteMonthly', months: 12 },
};

/** Graph's patternedRecurrence for the spec's recurrence. */
export function reviewRecurrence(recurrence: ReviewScheduleSpec['recurrence']): Record<string, unknown> {
  const pattern = PATTERN[recurrence.interval];
  const interval = pattern.months === 0 ? recurrence.every : pattern.months * recurrence.every;
  const day = Number(recurrence.startDate.slice(8, 10));
  return {
    pattern:
      pattern.type === 'weekly'
        ? { type: 'weekly', interval }
        : { type: 'absoluteMonthly', interval, dayOfMonth: day },
    range: recurrence.endDate
      ? { type: 'endDate', startDate: recurrence.startDate, endDate: recurrence.endDate }
      : { type: 'noEnd', startDate: recurrence.startDate },
  };
}

/** The schedule definition Graph should hold; `scope` from `reviewScope`. */
export function desiredReviewDefinition(
  spec: ReviewScheduleSpec,
  ctx: ReviewContext,
  scope: Typed,
): ReviewDefinitionBody {
  const decisions = spec.decisions;
  const { description } = spec;
  return {
    displayName: spec.displayName ?? ctx.name,
    descriptionForAdmins: description,
    descriptionForReviewers: description,
    scope,
    reviewers: spec.reviewers.map((r) => reviewerScope(r, spec.scope.group)),
    fallbackReviewers: (spec.fallbackReviewers ?? []).map((r) => reviewerScope(r, spec.scope.group)),
    settings: {
      mailNotificationsEnabled: true,
      reminderNotificationsEnabled: true,
      justificationRequiredOnApproval: decisions.justificationRequired,
      defaultDecisionEnabled: decisions.defaultDecision !== 'None',
      // Graph's values are Approve, Deny and Recommendation; it defaults to None when the property is absent.
      ...(decisions.defaultDecision === 'None' ? {} : { defaultDecision: decisions.defaultDecision }),
      instanceDurationInDays: spec.recurrence.durationInDays,
      autoApplyDecisionsEnabled: decisions.autoApply,
      recommendationsEnabled: decisions.recommendations,
      recurrence: reviewRecurrence(spec.recurrence),
      // Removing access is the documented default apply action and is not named (Graph stores it as []).
      applyActions: [],
    },
  };
}

const REMOVE_ACCESS = '#microsoft.graph.removeAccessApplyAction';

/**
 * A query as compared: Graph adds `$count=true` to a `$filter` query it stores, and its get page shows stored
 * queries with the version in front (`/v1.0/groups/…`); neither changes what is reviewed.
 */
export function comparableQuery(query: string): string {
  return query
    .replace(/^\/v1\.0(?=\/)/i, '')
    .replace(/([?&])\$count=true(&|$)/i, (_, before: string, after: string) => (after === '&' ? before : ''));
}

function comparableScope(scope: unknown): unknown {
  if (typeof scope !== 'object' || scope === null || Array.isArray(scope)) return scope;
  const props = scope as Record<string, unknown>;
  return typeof props['query'] === 'string' ? { ...props, query: comparableQuery(props['query']) } : props;
}

/**
 * A definition (desired or as Graph returns it) in the form drift is judged on: queries without Graph's added
 * `$count=true`, the default remove-access apply action dropped, the recurrence start as a date.
 */
export function comparableDefinition<T extends Partial<ReviewDefinitionBody>>(definition: T): T {
  const out: Record<string, unknown> = { ...definition };
  if (definition.scope) out['scope'] = comparableScope(definition.scope);
  for (const list of ['reviewers', 'fallbackReviewers'] as const) {
    const reviewers = definition[list];
    if (Array.isArray(reviewers)) out[list] = reviewers.map(comparableScope);
  }
  const settings = definition.settings as Record<string, unknown> | undefined;
  if (settings) {
    const actions = Array.isArray(settings['applyActions']) ? (settings['applyActions'] as Typed[]) : [];
    const recurrence = settings['recurrence'] as { range?: Record<string, unknown> } | undefined;
    const start = recurrence?.range?.['startDate'];
    out['settings'] = {
      ...settings,
      applyActions: actions.filter((a) => a['@odata.type'] !== REMOVE_ACCESS),
      ...(recurrence && typeof start === 'string'
        ? { recurrence: { ...recurrence, range: { ...recurrence.range, startDate: start.slice(0, 10) } } }
        : {}),
    };
  }
  return out as T;
}

/** The most recent instance: the latest start, ties broken by id. */
export function currentInstance(instances: readonly ReviewInstance[]): ReviewInstance | undefined {
  return [...instances].sort(
    (a, b) => (b.startDateTime ?? '').localeCompare(a.startDateTime ?? '') || b.id.localeCompare(a.id),
  )[0];
}

/** Decision counts of an instance, as the status reports them. */
export function countDecisions(
  decisions: readonly Pick<ReviewDecision, 'decision'>[],
): NonNullable<NonNullable<ReviewScheduleStatus['currentInstance']>['decisions']> {
  const counts = { approved: 0, denied: 0, notReviewed: 0, dontKnow: 0 };
  for (const { decision } of decisions) {
    if (decision === 'Approve') counts.approved += 1;
    else if (decision === 'Deny') counts.denied += 1;
    else if (decision === 'DontKnow') counts.dontKnow += 1;
    else counts.notReviewed += 1;
  }
  return counts;
}

const FINISHED = new Set(['Completed', 'AutoReviewed', 'Applied']);

/** Whether an instance's decisions are final (Graph status Completed, AutoReviewed or Applied). */
export function isFinished(instance: Pick<ReviewInstance, 'status'>): boolean {
  return FINISHED.has(instance.status);
}

/** Results of applying an instance's decisions: removed, failed, and the denied principals whose removal was applied. */
export function applyResults(decisions: readonly ReviewDecision[]): {
  removed: number;
  failed: number;
  applied: boolean;
} {
  let removed = 0;
  let failed = 0;
  let applied = false;
  for (const d of decisions) {
    const result = d.applyResult ?? 'New';
    if (result !== 'New') applied = true;
    if (d.decision !== 'Deny') continue;
    if (result === 'AppliedSuccessfully' || result === 'AppliedSuccessfullyButObjectNotFound') removed += 1;
    else if (result === 'AppliedWithUnknownFailure') failed += 1;
  }
  return { removed, failed, applied };
}
