// The shape of one identity governance contract entry: every page these requests were checked against lives
// under one documentation root, and most need one permission.
import { page, type ContractEntry, type GraphMethod, type PermissionAlternatives } from './types.js';

export const EM = '/identityGovernance/entitlementManagement';
export const AR = '/identityGovernance/accessReviews/definitions';
export const LW = '/identityGovernance/lifecycleWorkflows/workflows';

type Options = Partial<Pick<ContractEntry, 'query' | 'body' | 'checked' | 'note'>> & {
  permissions?: readonly PermissionAlternatives[];
};

/** One governance request, checked against the v1.0 page `docPage`. */
export function entry(
  id: string,
  method: GraphMethod,
  path: string,
  docPage: string,
  permission: PermissionAlternatives,
  options: Options = {},
): ContractEntry {
  return {
    id,
    method,
    path,
    query: options.query ?? [],
    ...(options.body ? { body: options.body } : {}),
    permissions: options.permissions ?? [permission],
    doc: page(docPage),
    checked: options.checked ?? 'unconfirmed',
    ...(options.note ? { note: options.note } : {}),
  };
}
