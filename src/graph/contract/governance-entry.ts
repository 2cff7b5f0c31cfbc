// The shape of one identity governance contract entry: every page these requests were checked against lives
// under one documentation root, and most need one permission.
import type { ContractEntry, GraphMethod, PermissionAlternatives } from './types.js';

const DOCS = 'https://learn.microsoft.com/graph/api';

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
    doc: `${DOCS}/${docPage}?view=graph-rest-1.0`,
    checked: options.checked ?? 'unconfirmed',
    ...(options.note ? { note: options.note } : {}),
  };
}
