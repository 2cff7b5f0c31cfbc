// The one way a SyncScope's status is written, for both engines: `writeSyncScopeStatus` for what the Entra
// path and a running cycle store, `reportSyncScope` for an outcome of engine Operator (status, an Event and a
// log line when Ready changes, through the report every controller uses).
import type { Logger } from 'winston';
import type { SyncScope, SyncScopeStatus } from '../../api/index.js';
import { RESOURCES } from '../../api/index.js';
import { isNotFound } from '../../kube/client.js';
import type { Report } from '../../kube/report.js';
import { report } from '../../kube/report.js';
import { updateStatus } from '../../kube/status.js';
import type { OperatorContext } from '../context.js';

/** Replaces the status with `compute(current)`; a SyncScope deleted meanwhile is not an error. */
export async function writeSyncScopeStatus(
  ctx: Pick<OperatorContext, 'clients'>,
  scope: SyncScope,
  compute: (current: SyncScopeStatus | undefined) => SyncScopeStatus,
): Promise<void> {
  const { namespace = '', name = '' } = scope.metadata;
  try {
    await updateStatus<SyncScope, SyncScopeStatus>(
      ctx.clients,
      { kind: RESOURCES.SyncScope, namespace, name },
      (c) => compute(c.status),
    );
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** Reports an outcome of a SyncScope; a SyncScope deleted meanwhile is not an error. */
export async function reportSyncScope(
  ctx: Pick<OperatorContext, 'clients' | 'events' | 'clock'>,
  scope: SyncScope,
  log: Logger,
  input: Report<'SyncScope', SyncScopeStatus>,
): Promise<void> {
  try {
    await report(
      { clients: ctx.clients, events: ctx.events, log, now: new Date(ctx.clock.now()) },
      RESOURCES.SyncScope,
      scope,
      input,
    );
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
