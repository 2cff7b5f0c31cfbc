// The Entra path's one way to write a SyncScope's status (it cannot import the SyncScope controller, which
// imports it).
import type { SyncScope, SyncScopeStatus } from '../../api/index.js';
import { GROUP, VERSION } from '../../api/index.js';
import { isNotFound } from '../../kube/client.js';
import { updateStatus } from '../../kube/status.js';
import type { OperatorContext } from '../context.js';

/** The SyncScope kind as the API addresses it. */
export const SYNC_SCOPES = { group: GROUP, version: VERSION, plural: 'syncscopes' };

/** Replaces the status with `compute(current)`; a SyncScope deleted meanwhile is not an error. */
export async function writeSyncScopeStatus(
  ctx: OperatorContext,
  scope: SyncScope,
  compute: (current: SyncScopeStatus | undefined) => SyncScopeStatus,
): Promise<void> {
  const { namespace = '', name = '' } = scope.metadata;
  try {
    await updateStatus<SyncScope, SyncScopeStatus>(ctx.clients, { kind: SYNC_SCOPES, namespace, name }, (c) =>
      compute(c.status),
    );
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
