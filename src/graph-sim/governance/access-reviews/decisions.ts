// Decision items: one per principal in scope when an instance starts; reviewers, defaults and the apply step
// change them.
import { randomUUID } from 'node:crypto';
import type { TenantState } from '../../store/tenant.js';
import type { DirectoryObject, Props } from '../../store/types.js';
import { isoTime, type DecisionRecord, type ReviewScope } from './state.js';

/** Decision values a reviewer can record (Graph's access reviews reference). */
export const DECISIONS = ['Approve', 'Deny', 'NotReviewed', 'DontKnow'] as const;
/** One of `DECISIONS`. */
export type Decision = (typeof DECISIONS)[number];

const NOBODY = '00000000-0000-0000-0000-000000000000';
/** The identity Graph shows for decisions and applies made by the service itself. */
export const SERVICE_IDENTITY: Props = {
  id: NOBODY,
  displayName: 'AAD Access Reviews',
  userPrincipalName: 'AAD Access Reviews',
};
/** The reviewedBy / appliedBy Graph shows before anyone acted. */
export const NOT_REVIEWED_BY: Props = { id: NOBODY, displayName: '', userPrincipalName: '' };
const INACTIVE_MS = 30 * 86_400_000;

/** Whether `value` is a decision value. */
export function isDecision(value: unknown): value is Decision {
  return typeof value === 'string' && (DECISIONS as readonly string[]).includes(value);
}

/** A user as Graph's userIdentity. */
export function userIdentity(object: DirectoryObject): Props {
  return {
    '@odata.type': '#microsoft.graph.userIdentity',
    id: object.id,
    displayName: object.props['displayName'] ?? null,
    userPrincipalName: object.props['userPrincipalName'] ?? null,
  };
}

// Entra recommends denying users who have not signed in for 30 days; without sign-in data it has no advice.
function recommendationFor(object: DirectoryObject, nowMs: number, enabled: boolean): string {
  const activity = object.props['signInActivity'] as Props | undefined;
  const last =
    typeof activity?.['lastSignInDateTime'] === 'string' ? Date.parse(activity['lastSignInDateTime']) : NaN;
  if (!enabled || Number.isNaN(last)) return 'NoInfoAvailable';
  return nowMs - last > INACTIVE_MS ? 'Deny' : 'Approve';
}

function resourceOf(
  tenant: TenantState,
  scope: ReviewScope,
): { resource: Props | null; link: string | null } {
  if (scope.kind !== 'group') return { resource: null, link: null };
  const group = tenant.groups.get(scope.groupId);
  return {
    resource: { id: scope.groupId, displayName: group?.props['displayName'] ?? null, type: 'group' },
    link: `https://graph.microsoft.com/v1.0/groups/${scope.groupId}`,
  };
}

/** New, not yet reviewed decision items for the principals of an instance. */
export function newDecisions(
  tenant: TenantState,
  instanceId: string,
  scope: ReviewScope,
  principals: readonly DirectoryObject[],
  recommendations: boolean,
): DecisionRecord[] {
  const { resource, link } = resourceOf(tenant, scope);
  const now = tenant.clock.now();
  return principals.map((principal) => {
    const isUser = tenant.users.has(principal.id);
    return {
      principalId: principal.id,
      props: {
        id: randomUUID(),
        accessReviewId: instanceId,
        decision: 'NotReviewed',
        recommendation: recommendationFor(principal, now, recommendations),
        justification: '',
        applyResult: 'New',
        appliedBy: { ...NOT_REVIEWED_BY },
        appliedDateTime: null,
        reviewedBy: { ...NOT_REVIEWED_BY },
        reviewedDateTime: null,
        principal: isUser
          ? userIdentity(principal)
          : {
              '@odata.type': '#microsoft.graph.identity',
              id: principal.id,
              displayName: principal.props['displayName'] ?? null,
            },
        principalLink: `https://graph.microsoft.com/v1.0/${isUser ? 'users' : 'groups'}/${principal.id}`,
        resource,
        resourceLink: link,
      },
    };
  });
}

/** Records a decision by `reviewer` (an identity) at `nowMs`. */
export function recordDecision(
  item: DecisionRecord,
  decision: Decision,
  justification: string,
  reviewer: Props,
  nowMs: number,
): void {
  item.props['decision'] = decision;
  item.props['justification'] = justification;
  item.props['reviewedBy'] = reviewer;
  item.props['reviewedDateTime'] = decision === 'NotReviewed' ? null : isoTime(nowMs);
}

/** Applies the definition's default decision to the items nobody reviewed (settings.defaultDecision). */
export function applyDefaultDecision(items: readonly DecisionRecord[], settings: Props, nowMs: number): void {
  if (settings['defaultDecisionEnabled'] !== true) return;
  const fallback = settings['defaultDecision'];
  for (const item of items) {
    if (item.props['decision'] !== 'NotReviewed') continue;
    const decision = fallback === 'Recommendation' ? item.props['recommendation'] : fallback;
    if (decision === 'Approve' || decision === 'Deny')
      recordDecision(item, decision, 'Default decision applied', { ...SERVICE_IDENTITY }, nowMs);
  }
}
