// Applying an instance's decisions: a denied member leaves the reviewed group through the directory (so
// /members and groups delta show it), a denied access package assignment is removed; other scopes report the
// applyResult Graph gives.
import { transitiveMembersOf } from '../../directory/groups.js';
import type { SimStore } from '../../store/store.js';
import type { TenantState } from '../../store/tenant.js';
import type { Props } from '../../store/types.js';
import { SERVICE_IDENTITY } from './decisions.js';
import { removeDeniedAssignment } from './package-scope.js';
import { isoTime, type DecisionRecord, type DefinitionRecord, type InstanceRecord } from './state.js';

type ApplyResult =
  | 'New'
  | 'AppliedSuccessfully'
  | 'AppliedWithUnknownFailure'
  | 'AppliedSuccessfullyButObjectNotFound'
  | 'ApplyNotSupported';

function actionTypes(definition: DefinitionRecord): string[] {
  const settings = (definition.props['settings'] ?? {}) as Props;
  const actions = Array.isArray(settings['applyActions']) ? (settings['applyActions'] as Props[]) : [];
  return actions.map((a) => String(a['@odata.type'] ?? ''));
}

function removeFromGroup(tenant: TenantState, groupId: string, principalId: string): ApplyResult {
  const group = tenant.groups.get(groupId);
  if (!group || !(tenant.users.has(principalId) || tenant.groups.has(principalId)))
    return 'AppliedSuccessfullyButObjectNotFound';
  if (tenant.removeMember(groupId, principalId)) return 'AppliedSuccessfully';
  // A member only through a nested group: removing it would change the nested group, which the review does not own.
  return transitiveMembersOf(tenant, group).some((m) => m.id === principalId)
    ? 'ApplyNotSupported'
    : 'AppliedSuccessfullyButObjectNotFound';
}

function disableAndDelete(tenant: TenantState, principalId: string): ApplyResult {
  const user = tenant.users.get(principalId);
  if (!user) return 'AppliedSuccessfullyButObjectNotFound';
  user.props['accountEnabled'] = false;
  tenant.touchUser(user);
  tenant.softDeleteUser(user);
  return 'AppliedSuccessfully';
}

function denyResult(
  tenant: TenantState,
  store: SimStore,
  definition: DefinitionRecord,
  item: DecisionRecord,
): ApplyResult {
  const { scope } = definition;
  switch (scope.kind) {
    case 'group':
      return removeFromGroup(tenant, scope.groupId, item.principalId);
    case 'users':
      return actionTypes(definition).includes('#microsoft.graph.disableAndDeleteUserApplyAction')
        ? disableAndDelete(tenant, item.principalId)
        : 'ApplyNotSupported';
    case 'accessPackageAssignments':
      return removeDeniedAssignment(tenant, store, item);
  }
}

/** Applies every decision of a completed instance and marks it Applied; not-reviewed items stay New. */
export function applyInstance(
  tenant: TenantState,
  store: SimStore,
  definition: DefinitionRecord,
  instance: InstanceRecord,
): void {
  const now = isoTime(tenant.clock.now());
  for (const item of instance.decisions) {
    let result: ApplyResult;
    if (item.props['decision'] === 'Deny') result = denyResult(tenant, store, definition, item);
    else if (item.props['decision'] === 'Approve') result = 'AppliedSuccessfully';
    else continue;
    item.props['applyResult'] = result;
    item.props['appliedBy'] = { ...SERVICE_IDENTITY };
    item.props['appliedDateTime'] = now;
  }
  instance.status = 'Applied';
}
