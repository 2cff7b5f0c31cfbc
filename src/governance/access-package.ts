// AccessPackagePolicy -> the access package, its resource role scopes and assignment policies, and the
// diff against what Graph holds. Pure: the controller reads Graph, calls these, and writes what they say.
import type { AccessPackagePolicySpec, Approver } from '../api/index.js';
import type {
  AccessPackage,
  Assignment,
  AssignmentPolicy,
  AssignmentPolicyBody,
  AssignmentRequest,
  AssignmentState,
  ResourceRoleScope,
  Typed,
} from '../graph/governance/index.js';
import { driftedFields } from './drift.js';
import { isoDuration } from '../time/duration.js';

/** One policy of the spec. */
export type PolicySpec = AccessPackagePolicySpec['policies'][number];

/**
 * What a policy needs resolved from other resources: the package, and for `allowedRequestors.syncedFrom` the
 * connected organization of each source TenantLink (by link name).
 */
export interface PolicyContext {
  accessPackageId: string;
  connectedOrganizations: Readonly<Record<string, string>>;
}

const SUBJECT = '#microsoft.graph.';

function approverSubject(approver: Approver): Typed {
  switch (approver.type) {
    case 'RequestorManager':
      return { '@odata.type': `${SUBJECT}requestorManager`, managerLevel: 1 };
    case 'User':
      return { '@odata.type': `${SUBJECT}singleUser`, userId: approver.id };
    case 'GroupMembers':
      return { '@odata.type': `${SUBJECT}groupMembers`, groupId: approver.id };
    case 'InternalSponsors':
      return { '@odata.type': `${SUBJECT}internalSponsors` };
    case 'ExternalSponsors':
      return { '@odata.type': `${SUBJECT}externalSponsors` };
  }
}

const NO_SELF_SERVICE = {
  enableTargetsToSelfAddAccess: false,
  enableTargetsToSelfUpdateAccess: false,
  enableTargetsToSelfRemoveAccess: false,
  allowCustomAssignmentSchedule: false,
  enableOnBehalfRequestorsToAddAccess: false,
  enableOnBehalfRequestorsToUpdateAccess: false,
  enableOnBehalfRequestorsToRemoveAccess: false,
  onBehalfRequestors: [],
};

function requestTargets(
  requests: NonNullable<PolicySpec['requests']>,
  ctx: PolicyContext,
): Pick<AssignmentPolicyBody, 'allowedTargetScope' | 'specificAllowedTargets'> {
  const who = requests.allowedRequestors;
  if (who.allMembers) return { allowedTargetScope: 'allMemberUsers', specificAllowedTargets: [] };
  // Graph documents attributeRuleMembers for automatic assignment only; users of another tenant request through
  // its connected organization (the CRD keeps syncedFrom apart from groups, users and allMembers).
  if ((who.syncedFrom?.length ?? 0) > 0) {
    return {
      allowedTargetScope: 'specificConnectedOrganizationUsers',
      specificAllowedTargets: (who.syncedFrom ?? []).map((link) => ({
        '@odata.type': `${SUBJECT}connectedOrganizationMembers`,
        connectedOrganizationId: ctx.connectedOrganizations[link] ?? '',
        description: `Users synchronized from ${link}`,
      })),
    };
  }
  const targets: Typed[] = [];
  for (const groupId of who.groups ?? []) targets.push({ '@odata.type': `${SUBJECT}groupMembers`, groupId });
  for (const userId of who.users ?? []) targets.push({ '@odata.type': `${SUBJECT}singleUser`, userId });
  return { allowedTargetScope: 'specificDirectoryUsers', specificAllowedTargets: targets };
}

/** The assignment policy Graph should hold for one policy of the spec. */
export function desiredAssignmentPolicy(policy: PolicySpec, ctx: PolicyContext): AssignmentPolicyBody {
  const base = { displayName: policy.name, description: policy.description ?? policy.name };
  const accessPackage = { id: ctx.accessPackageId };
  if (policy.automatic) {
    const auto = policy.automatic;
    return {
      ...base,
      allowedTargetScope: 'specificDirectoryUsers',
      specificAllowedTargets: [
        {
          '@odata.type': `${SUBJECT}attributeRuleMembers`,
          description: policy.name,
          membershipRule: auto.rule,
        },
      ],
      automaticRequestSettings: {
        requestAccessForAllowedTargets: true,
        removeAccessWhenTargetLeavesAllowedTargets: auto.removeWhenOutOfScope,
        gracePeriodBeforeAccessRemoval: auto.gracePeriod ? isoDuration(auto.gracePeriod) : 'PT0S',
      },
      expiration: { type: 'noExpiration' },
      requestorSettings: NO_SELF_SERVICE,
      requestApprovalSettings: {
        isApprovalRequiredForAdd: false,
        isApprovalRequiredForUpdate: false,
        stages: [],
      },
      accessPackage,
    };
  }
  const requests = policy.requests as NonNullable<PolicySpec['requests']>;
  const stages = (requests.approval?.stages ?? []).map((stage) => ({
    durationBeforeAutomaticDenial: `P${stage.timeoutDays}D`,
    isApproverJustificationRequired: stage.requireApproverJustification,
    isEscalationEnabled: false,
    durationBeforeEscalation: 'PT0S',
    primaryApprovers: stage.approvers.map(approverSubject),
    fallbackPrimaryApprovers: (stage.fallbackApprovers ?? []).map(approverSubject),
    escalationApprovers: [],
    fallbackEscalationApprovers: [],
  }));
  return {
    ...base,
    ...requestTargets(requests, ctx),
    expiration: requests.assignmentDuration
      ? { type: 'afterDuration', duration: isoDuration(requests.assignmentDuration) }
      : { type: 'noExpiration' },
    requestorSettings: {
      ...NO_SELF_SERVICE,
      enableTargetsToSelfAddAccess: true,
      enableTargetsToSelfRemoveAccess: true,
    },
    requestApprovalSettings: {
      isApprovalRequiredForAdd: stages.length > 0,
      isApprovalRequiredForUpdate: false,
      isRequestorJustificationRequired: requests.requireJustification,
      stages,
    },
    accessPackage,
  };
}

/** What to change among a package's assignment policies, matched by display name (the spec's policy name). */
export interface PolicyPlan {
  create: AssignmentPolicyBody[];
  update: { id: string; body: AssignmentPolicyBody; fields: string[] }[];
  delete: { id: string; displayName: string }[];
  /** Graph ids by policy name, for the policies that exist already. */
  ids: Record<string, string>;
}

/** Diffs the desired policies with those Graph holds for the package; policies not in the spec go. */
export function planAssignmentPolicies(
  desired: readonly AssignmentPolicyBody[],
  actual: readonly AssignmentPolicy[],
): PolicyPlan {
  const plan: PolicyPlan = { create: [], update: [], delete: [], ids: {} };
  const byName = new Map(actual.map((policy) => [policy.displayName, policy]));
  for (const body of desired) {
    const existing = byName.get(body.displayName);
    if (!existing) {
      plan.create.push(body);
      continue;
    }
    plan.ids[body.displayName] = existing.id;
    const { accessPackage: _ignored, ...compared } = body;
    const fields = driftedFields(compared, existing);
    if (fields.length > 0) plan.update.push({ id: existing.id, body, fields });
  }
  const wanted = new Set(desired.map((body) => body.displayName));
  for (const policy of actual) {
    if (!wanted.has(policy.displayName)) plan.delete.push({ id: policy.id, displayName: policy.displayName });
  }
  return plan;
}

/** A group role the package grants. */
export interface GroupRole {
  groupId: string;
  role: 'Member' | 'Owner';
}

/** The catalog role originId Graph uses for a group role (`Member_<groupId>`). */
export function roleOriginId(grant: GroupRole): string {
  return `${grant.role}_${grant.groupId}`;
}

/** Which group roles to add to the package and which resource role scopes (by id) to remove. */
export function planResourceRoleScopes(
  desired: readonly GroupRole[],
  actual: readonly ResourceRoleScope[],
): { add: GroupRole[]; remove: string[] } {
  const have = new Map(actual.map((scope) => [(scope.role?.originId ?? '').toLowerCase(), scope.id]));
  const want = new Set(desired.map((grant) => roleOriginId(grant).toLowerCase()));
  return {
    add: desired.filter((grant) => !have.has(roleOriginId(grant).toLowerCase())),
    remove: actual.filter((scope) => !want.has((scope.role?.originId ?? '').toLowerCase())).map((s) => s.id),
  };
}

/** The properties of the access package that differ from the spec, as a PATCH body (empty: none). */
export function accessPackagePatch(
  spec: AccessPackagePolicySpec['accessPackage'],
  actual: Pick<AccessPackage, 'displayName' | 'description' | 'isHidden'>,
): Partial<Pick<AccessPackage, 'displayName' | 'description' | 'isHidden'>> {
  const patch: Partial<Pick<AccessPackage, 'displayName' | 'description' | 'isHidden'>> = {};
  if (actual.displayName !== spec.displayName) patch.displayName = spec.displayName;
  if ((actual.description ?? '') !== (spec.description ?? '')) patch.description = spec.description ?? '';
  if ((actual.isHidden ?? false) !== spec.hidden) patch.isHidden = spec.hidden;
  return patch;
}

/** Assignment counts by state, as the status reports them. */
export type AssignmentCounts = Record<AssignmentState, number>;

/** Counts assignments by state. */
export function countAssignments(assignments: readonly Pick<Assignment, 'state'>[]): AssignmentCounts {
  const counts: AssignmentCounts = {
    delivered: 0,
    delivering: 0,
    partiallyDelivered: 0,
    expired: 0,
    deliveryFailed: 0,
  };
  for (const { state } of assignments) if (state in counts) counts[state] += 1;
  return counts;
}

/** Requests waiting for an approver. */
export function countPendingRequests(requests: readonly Pick<AssignmentRequest, 'state'>[]): number {
  return requests.filter((request) => request.state === 'pendingApproval').length;
}
