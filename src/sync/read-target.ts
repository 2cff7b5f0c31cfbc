import type { DeltaFold, GraphClient, GraphUser } from '../graph/index.js';
import { listDeletedUsers, usersDelta } from '../graph/index.js';
import { selectName } from './mapping/compile.js';
import type { TargetUserRecord } from './types.js';
import { mergeTarget, targetRecordMaker, type TargetRecordShape } from './user-records.js';

/** Properties of target users the index always needs: matching, adoption and deprovisioning. */
export const TARGET_BASE_ATTRIBUTES: readonly string[] = [
  'id',
  'mail',
  'userPrincipalName',
  'userType',
  'creationType',
  'createdDateTime',
  'externalUserState',
  'externalUserStateChangeDateTime',
  'identities',
  'accountEnabled',
  'displayName',
];

/** The `$select` of target reads: the base properties, the anchor's and every mapped target attribute's. */
export function targetSelect(anchorAttribute: string, mappedTargets: readonly string[]): string[] {
  const names = [anchorAttribute, ...mappedTargets].map(selectName);
  return [...new Set([...TARGET_BASE_ATTRIBUTES, ...names])].sort();
}

/** What to read from the target tenant. */
export interface TargetReadOptions {
  select: readonly string[];
  deltaLink?: string;
  /** What the records keep; without it, every property read. */
  shape?: TargetRecordShape;
}

/** Target users changed since the last read (all of them, live and soft-deleted, on a full read). */
export interface TargetRead {
  full: boolean;
  /** Live users changed (full read: every live user), and on a full read the soft-deleted ones too. */
  users: TargetUserRecord[];
  /** Ids soft-deleted since the last read (delta `@removed` reason `changed`). */
  softDeleted: string[];
  /** Ids deleted for good since the last read. */
  gone: string[];
  deltaLink: string;
}

/**
 * Reads the target tenant's users through `/users/delta`, so edits made by hand in the target show up
 * like source changes and are corrected. A full read (first cycle, expired token, periodic resync) also
 * lists `/directory/deletedItems`: users a SyncScope soft-deleted are restored from there.
 */
export async function readTarget(client: GraphClient, options: TargetReadOptions): Promise<TargetRead> {
  const select = [...new Set(['id', ...options.select])];
  const toRecord = targetRecordMaker(options.shape);
  const fold: DeltaFold<GraphUser, TargetUserRecord> = {
    project: (user) => toRecord(user, false),
    merge: mergeTarget,
  };
  if (options.deltaLink !== undefined) {
    const result = await usersDelta(client, { deltaLink: options.deltaLink }, fold);
    if (result.kind === 'changes') {
      return {
        full: false,
        users: result.items,
        softDeleted: result.removed.filter((r) => r.reason === 'changed').map((r) => r.id),
        gone: result.removed.filter((r) => r.reason !== 'changed').map((r) => r.id),
        deltaLink: result.deltaLink,
      };
    }
  }
  const result = await usersDelta(client, { select }, fold);
  if (result.kind === 'expired') throw new Error(`a fresh users delta expired: ${result.error.message}`);
  const deleted = await listDeletedUsers(
    client,
    select.filter((s) => s !== 'manager'),
  );
  return {
    full: true,
    users: [...result.items, ...deleted.map((u) => toRecord(u, true))],
    softDeleted: [],
    gone: [],
    deltaLink: result.deltaLink,
  };
}
