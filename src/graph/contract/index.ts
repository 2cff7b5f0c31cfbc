// The Graph contract: every request the operator may send to Microsoft Graph, with the documentation page it was
// checked against and the application permissions that allow it. Permission checks and docs derive from it.
import { DIRECTORY_CONTRACT } from './directory.js';
import { ACCESS_REVIEWS_CONTRACT } from './access-reviews.js';
import { ENTITLEMENT_CONTRACT } from './entitlement.js';
import { GROUPS_CONTRACT } from './groups.js';
import { LIFECYCLE_WORKFLOWS_CONTRACT } from './lifecycle-workflows.js';
import { RELATIONSHIPS_CONTRACT } from './relationships.js';
import { SYNCHRONIZATION_CONTRACT } from './synchronization.js';
import type { ContractEntry } from './types.js';

export type { ContractEntry, GraphMethod, PermissionAlternatives } from './types.js';
export { matchContract } from './match.js';

/** Every request the operator may send. */
export const GRAPH_CONTRACT: readonly ContractEntry[] = [
  ...DIRECTORY_CONTRACT,
  ...GROUPS_CONTRACT,
  ...ENTITLEMENT_CONTRACT,
  ...ACCESS_REVIEWS_CONTRACT,
  ...LIFECYCLE_WORKFLOWS_CONTRACT,
  ...RELATIONSHIPS_CONTRACT,
  ...SYNCHRONIZATION_CONTRACT,
];

const BY_ID = new Map(GRAPH_CONTRACT.map((e) => [e.id, e]));

/** The entry with this id; throws for an unknown id (a typo in code, not a runtime condition). */
export function contractEntry(id: string): ContractEntry {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`no Graph contract entry ${id}`);
  return found;
}
