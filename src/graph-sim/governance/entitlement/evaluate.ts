// Entra's background work on the simulator clock: automatic policies follow their rule as users change
// (removal after the grace period), undecided approval stages are denied at their timeout, and
// assignments end when the policy's expiration says so.
import { parseIsoDuration } from '../../../time/duration.js';
import type { TenantState } from '../../store/tenant.js';
import type { Props } from '../../store/types.js';
import { deliverAssignment, endAssignment, isLive } from './delivery.js';
import { completeRequest, recordRequest, removeAssignment } from './requests.js';
import {
  entitlementState,
  type AssignmentRecord,
  type EntitlementState,
  type PolicyRecord,
} from './state.js';
import { isAllowedTarget } from './targets.js';

const DEFAULT_STAGE_TIMEOUT_MS = 14 * 86_400_000;

function durationMs(value: unknown, fallback: number): number {
  return typeof value === 'string' ? (parseIsoDuration(value) ?? fallback) : fallback;
}

function runAutomaticPolicy(
  tenant: TenantState,
  state: EntitlementState,
  policy: PolicyRecord,
  now: number,
): void {
  const settings = policy.props['automaticRequestSettings'] as Props | null | undefined;
  if (!settings?.['requestAccessForAllowedTargets']) return;
  const policyId = String(policy.props['id']);
  const live = new Map<string, AssignmentRecord>();
  for (const a of state.assignments.values())
    if (a.policyId === policyId && isLive(a)) live.set(a.targetId, a);
  for (const user of tenant.userList()) {
    if (!isAllowedTarget(tenant, policy.props, user, now)) continue;
    const held = live.get(user.id);
    if (held) {
      delete held.removalDueMs;
      continue;
    }
    const links = { accessPackageId: policy.accessPackageId, policyId, targetId: user.id };
    const request = recordRequest(
      state,
      { ...links, requestType: 'systemAdd', state: 'delivered', status: 'Delivered' },
      now,
    );
    request.assignmentId = deliverAssignment(tenant, state, links, now).id;
  }
  if (!settings['removeAccessWhenTargetLeavesAllowedTargets']) return;
  const grace = durationMs(settings['gracePeriodBeforeAccessRemoval'], 0);
  for (const [targetId, a] of live) {
    const user = tenant.users.get(targetId);
    if (user && isAllowedTarget(tenant, policy.props, user, now)) continue;
    a.removalDueMs ??= now + grace;
    if (now >= a.removalDueMs) removeAssignment(tenant, state, a, 'systemRemove', now);
  }
}

function stageTimeoutMs(state: EntitlementState, policyId: string, stage: number): number {
  const settings = state.policies.get(policyId)?.props['requestApprovalSettings'] as Props | null | undefined;
  const stages = Array.isArray(settings?.['stages']) ? (settings['stages'] as Props[]) : [];
  return durationMs(stages[stage]?.['durationBeforeAutomaticDenial'], DEFAULT_STAGE_TIMEOUT_MS);
}

/** Runs everything that is due in one tenant at `now`. */
export function evaluateEntitlements(tenant: TenantState, now: number): void {
  const state = entitlementState(tenant);
  for (const request of state.requests.values()) {
    if (request.props['state'] !== 'pendingApproval') continue;
    if (now - request.stageStartedMs >= stageTimeoutMs(state, request.policyId, request.stage))
      completeRequest(request, 'denied', 'TimedOut', now);
  }
  for (const a of state.assignments.values())
    if (isLive(a) && a.endMs !== undefined && now >= a.endMs) endAssignment(tenant, state, a, now);
  for (const policy of state.policies.values()) runAutomaticPolicy(tenant, state, policy, now);
}
