// Delivering and ending assignments: the group memberships an access package grants follow its live
// assignments, through the directory's membership state so /groups/{id}/members shows them.
import { parseIsoDuration } from '../../../time/duration.js';
import type { TenantState } from '../../store/tenant.js';
import type { Props } from '../../store/types.js';
import { newId, type AssignmentRecord, type EntitlementState, type PackageRecord } from './state.js';

/** The groups whose membership a package grants (Member role scopes; Owner is not simulated). */
export function memberGroupsOf(pkg: PackageRecord): string[] {
  return pkg.roleScopes
    .filter((rs) => rs.role['originSystem'] === 'AadGroup')
    .map((rs) => String(rs.role['originId']))
    .filter((originId) => originId.startsWith('Member_'))
    .map((originId) => originId.slice('Member_'.length));
}

/** Whether an assignment still grants access. */
export function isLive(assignment: AssignmentRecord): boolean {
  return assignment.state === 'delivered' || assignment.state === 'delivering';
}

/** The live assignment of a user to a package, if any. */
export function liveAssignment(
  state: EntitlementState,
  accessPackageId: string,
  targetId: string,
): AssignmentRecord | undefined {
  for (const a of state.assignments.values())
    if (a.accessPackageId === accessPackageId && a.targetId === targetId && isLive(a)) return a;
  return undefined;
}

/** When an assignment made now under the policy ends, from the policy's `expiration`. */
function endOf(policy: Props, startMs: number): number | undefined {
  const expiration = policy['expiration'] as Props | null | undefined;
  if (expiration?.['type'] === 'afterDuration') {
    const ms = parseIsoDuration(String(expiration['duration'] ?? ''));
    return ms === null ? undefined : startMs + ms;
  }
  if (expiration?.['type'] === 'afterDateTime') {
    const ms = Date.parse(String(expiration['endDateTime'] ?? ''));
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/** Creates a delivered assignment and adds the user to the package's groups. */
export function deliverAssignment(
  tenant: TenantState,
  state: EntitlementState,
  input: { accessPackageId: string; policyId: string; targetId: string },
  now: number,
): AssignmentRecord {
  const policy = state.policies.get(input.policyId)?.props ?? {};
  const endMs = endOf(policy, now);
  const assignment: AssignmentRecord = {
    id: newId(),
    ...input,
    state: 'delivered',
    status: 'Delivered',
    startMs: now,
    ...(endMs === undefined ? {} : { endMs }),
  };
  state.assignments.set(assignment.id, assignment);
  const pkg = state.packages.get(input.accessPackageId);
  if (pkg) for (const groupId of memberGroupsOf(pkg)) tenant.addMember(groupId, input.targetId);
  return assignment;
}

/** Ends an assignment (state expired, like Entra after removal or expiry) and takes away the memberships
 * no other live assignment of the user still grants. */
export function endAssignment(
  tenant: TenantState,
  state: EntitlementState,
  assignment: AssignmentRecord,
  now: number,
): void {
  assignment.state = 'expired';
  assignment.status = 'Expired';
  assignment.expiredMs = now;
  delete assignment.removalDueMs;
  const stillGranted = new Set<string>();
  for (const other of state.assignments.values()) {
    if (other.targetId !== assignment.targetId || !isLive(other)) continue;
    const pkg = state.packages.get(other.accessPackageId);
    if (pkg) for (const groupId of memberGroupsOf(pkg)) stillGranted.add(groupId);
  }
  const pkg = state.packages.get(assignment.accessPackageId);
  for (const groupId of pkg ? memberGroupsOf(pkg) : []) {
    if (!stillGranted.has(groupId)) tenant.removeMember(groupId, assignment.targetId);
  }
}
