// What the operator keeps in memory per SyncScope between cycles: the sync state, when the last full cycle
// ran and the next is due, and the quarantine standing. Everything else lives in Graph or in status, so a
// restart rebuilds it (the standing from the Quarantined condition).
import type { SyncScope } from '../../api/index.js';
import {
  APPROVE_DELETIONS_ANNOTATION,
  PROVISION_GROUP_NOW_ANNOTATION,
  PROVISION_NOW_ANNOTATION,
  RESTART_JOB_ANNOTATION,
} from '../../api/index.js';
import { emptySyncState, type SyncState } from '../../sync/cycle.js';
import { inFlightFromRecords } from '../../sync/invitations-in-flight.js';
import type { CycleInputs } from './gates.js';
import type { Standing } from './quarantine.js';
import { standingFromStatus } from './quarantine.js';

/** One SyncScope's memory. */
export interface ScopeMemory {
  state: SyncState;
  /** What a cycle depends on (see `fingerprintOf`): when it changes, every user is evaluated again. */
  fingerprint: string;
  lastFullMs: number;
  /** The scope or mapping changed and no cycle has completed since. */
  scopeChanged: boolean;
  /** When the next cycle is due: a provision-now request in between leaves it there. */
  nextCycleMs: number;
  /** The resourceVersion the removal of the last answered provision-now annotation made (see onlyAnsweredRequest). */
  answeredVersion?: string;
  standing: Standing;
}

/**
 * What a user changes to retry a quarantined SyncScope at once: its spec, labels or annotations, but not the
 * requests the operator answers and removes (provision-now, provision-group-now, approve-deletions, restart-job).
 */
export function changeOf(scope: SyncScope): string {
  const { generation, labels, annotations = {} } = scope.metadata;
  const {
    [PROVISION_NOW_ANNOTATION]: _request,
    [PROVISION_GROUP_NOW_ANNOTATION]: _groupRequest,
    [APPROVE_DELETIONS_ANNOTATION]: _approval,
    [RESTART_JOB_ANNOTATION]: _restart,
    ...kept
  } = annotations;
  return JSON.stringify([generation, labels ?? {}, kept]);
}

function fingerprintOf(scope: SyncScope, inputs: CycleInputs): string {
  const { spec } = scope;
  return JSON.stringify([
    spec.scope,
    spec.anchorAttribute,
    spec.userType,
    spec.deprovision,
    spec.adoptExisting,
    inputs.mappingSpec,
    inputs.source.tenantId,
    inputs.target.tenantId,
  ]);
}

/** The memories of the SyncScopes one controller reconciles. */
export class ScopeMemories {
  private readonly memories = new Map<string, ScopeMemory>();

  /**
   * The memory of `scope`, made anew when what its cycles depend on changed: a new scope or mapping is a
   * new start, as Entra too evaluates every user again when either changes; the quarantine standing stays.
   */
  recall(key: string, scope: SyncScope, inputs: CycleInputs, nowMs: number): ScopeMemory {
    const fingerprint = fingerprintOf(scope, inputs);
    const known = this.memories.get(key);
    if (known?.fingerprint === fingerprint) return known;
    const standing =
      known?.standing ??
      standingFromStatus(scope.status?.conditions, {
        nowMs,
        change: changeOf(scope),
        generation: scope.metadata.generation,
      });
    const memory: ScopeMemory = {
      // After a restart, the invitations recorded as in flight are all recovery may treat as its own.
      state: known?.state ?? {
        ...emptySyncState(),
        inFlight: inFlightFromRecords(scope.status?.invitationsInFlight),
      },
      fingerprint,
      lastFullMs: 0,
      scopeChanged: known !== undefined,
      nextCycleMs: 0,
      standing,
    };
    this.memories.set(key, memory);
    return memory;
  }

  /** Forgets a deleted SyncScope. */
  forget(key: string): void {
    this.memories.delete(key);
  }
}
