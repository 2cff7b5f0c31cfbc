// The one way a SyncScope's status is written, for both engines, and the Operator engine's report of an
// outcome: status, then an Event and a log line when Ready settles on a new status or reason.
import type { Logger } from 'winston';
import type { SyncScope, SyncScopeStatus } from '../../api/index.js';
import { isNotFound } from '../../kube/client.js';
import type { Condition, Readiness } from '../../kube/conditions.js';
import { findCondition, READY, setReadiness } from '../../kube/conditions.js';
import { updateStatus } from '../../kube/status.js';
import type { OperatorContext } from '../context.js';
import { eventSubject, SYNC_SCOPE_KIND } from './resource.js';

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
      { kind: SYNC_SCOPE_KIND, namespace, name },
      (c) => compute(c.status),
    );
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** Sets Ready (and kstatus' Reconciling and Stalled) on a status, keeping the rest. */
export function withReadiness(
  readiness: Readiness,
  generation: number | undefined,
  now: Date,
): (current: SyncScopeStatus | undefined) => SyncScopeStatus {
  return (current) => ({
    ...current,
    observedGeneration: generation,
    conditions: setReadiness(current?.conditions, readiness, generation, now),
  });
}

/**
 * Reports the outcomes of SyncScopes: writes status, and when Ready settles on a status or reason other
 * than the one last reported for the SyncScope, records an Event (Warning when Ready is False) and logs the
 * change. The statuses written while a cycle runs (Syncing, progress) go straight to `writeSyncScopeStatus`,
 * so that a scope retried through an outage reports it once, not at every try.
 */
export class SyncScopeReporter {
  private readonly reported = new Map<string, string>();

  constructor(private readonly ctx: Pick<OperatorContext, 'clients' | 'events'>) {}

  /** Writes the status `compute` returns; announces its Ready condition when that changed. */
  async report(
    scope: SyncScope,
    log: Logger,
    compute: (current: SyncScopeStatus | undefined) => SyncScopeStatus,
  ): Promise<void> {
    let before: Condition | undefined;
    let after: Condition | undefined;
    await writeSyncScopeStatus(this.ctx, scope, (current) => {
      const next = compute(current);
      before = findCondition(current?.conditions, READY);
      after = findCondition(next.conditions, READY);
      return next;
    });
    if (!after) return;
    const key = `${scope.metadata.namespace ?? ''}/${scope.metadata.name ?? ''}`;
    const word = `${after.status}/${after.reason}`;
    const previous = this.reported.get(key) ?? (before ? `${before.status}/${before.reason}` : undefined);
    this.reported.set(key, word);
    if (previous === word) return;
    const warning = after.status === 'False';
    void this.ctx.events.event(
      eventSubject(scope),
      warning ? 'Warning' : 'Normal',
      after.reason,
      after.message,
    );
    const line = {
      ready: after.status,
      reason: after.reason,
      message: after.message,
      was: previous ?? 'none',
    };
    if (warning) log.warn('SyncScope is not ready', line);
    else log.info(after.status === 'True' ? 'SyncScope is ready' : 'SyncScope is progressing', line);
  }

  /** Forgets a deleted SyncScope. */
  forget(key: string): void {
    this.reported.delete(key);
  }
}
