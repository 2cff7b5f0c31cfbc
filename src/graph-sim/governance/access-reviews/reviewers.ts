// Who may decide on a decision item: the definition's reviewers (users, group members, group owners, the
// principal's manager), its fallback reviewers when those resolve to nobody, or the principal itself in a
// self-review (no reviewers).
import { transitiveMembersOf } from '../../directory/groups.js';
import type { TenantState } from '../../store/tenant.js';
import type { Props } from '../../store/types.js';
import type { DecisionRecord, DefinitionRecord } from './state.js';

/** The user ids a reviewer scope names for one item; undefined when any user may act (owners are not simulated). */
function reviewersOf(tenant: TenantState, scope: Props, item: DecisionRecord): string[] | undefined {
  const query = String(scope['query'] ?? '');
  if (query === './manager') {
    const manager = tenant.users.get(item.principalId)?.managerId;
    return manager ? [manager] : [];
  }
  const user = /^\/users\/([^/?]+)$/.exec(query);
  if (user) return [user[1] as string];
  const members = /^\/groups\/([^/?]+)\/(transitiveMembers|members)/.exec(query);
  if (members) {
    const group = tenant.groups.get(members[1] as string);
    return group ? transitiveMembersOf(tenant, group).map((m) => m.id) : [];
  }
  return undefined;
}

function resolve(tenant: TenantState, scopes: unknown, item: DecisionRecord): Set<string> | undefined {
  const ids = new Set<string>();
  for (const scope of Array.isArray(scopes) ? (scopes as Props[]) : []) {
    const found = reviewersOf(tenant, scope, item);
    if (found === undefined) return undefined;
    for (const id of found) ids.add(id);
  }
  return ids;
}

/** Whether the user `reviewerId` may record a decision on `item`. */
export function mayReview(
  tenant: TenantState,
  definition: DefinitionRecord,
  item: DecisionRecord,
  reviewerId: string,
): boolean {
  const primary = definition.props['reviewers'];
  if (!Array.isArray(primary) || primary.length === 0) return reviewerId === item.principalId;
  const reviewers = resolve(tenant, primary, item);
  if (reviewers === undefined) return true;
  if (reviewers.size > 0) return reviewers.has(reviewerId);
  const fallback = resolve(tenant, definition.props['fallbackReviewers'], item);
  return fallback === undefined || fallback.has(reviewerId);
}
