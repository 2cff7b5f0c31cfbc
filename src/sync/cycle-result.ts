// What a sync cycle reports: its result, its progress while creates run, and the counts status shows.
import type { ActionOutcome, CreateProgress } from './apply.js';
import type { SyncAction, SyncPlan } from './plan.js';
import type { TargetIndex } from './target-index.js';

export type CycleKind = 'Initial' | 'Incremental' | 'Full';

/** How far a cycle's creates are, with the counts status shows meanwhile (those of before the creates). */
export interface CycleProgress extends CreateProgress {
  inScope: number;
  provisioned: number;
  /** Creates left for the next cycle. */
  deferred: number;
}

/** What a cycle found and did. */
export interface CycleResult {
  kind: CycleKind;
  plan: SyncPlan;
  /** Actions sent to Graph (none in DryRun), with their outcomes. */
  outcomes: ActionOutcome[];
  staged: SyncAction[];
  thresholdExceeded: boolean;
  /** Deprovisions held because no removal Graph reported explains them (a sharp shrink of the scope). */
  unexplainedDeprovisions?: number;
  counts: {
    inScope: number;
    provisioned: number;
    pendingCreate: number;
    pendingUpdate: number;
    pendingDeprovision: number;
    failed: number;
  };
  done: { created: number; updated: number; deprovisioned: number; restored: number; failed: number };
  graph: { requests: number; throttled: number };
  planCpuSeconds: number;
}

/** Target users of this source tenant that are live (not soft-deleted). */
export function provisionedBy(index: TargetIndex, sourceTenantId: string): number {
  let provisioned = 0;
  for (const u of index.bySource.get(sourceTenantId)?.values() ?? []) if (!u.deleted) provisioned++;
  return provisioned;
}

/** Source users whose last scope decision put them in scope. */
export function inScopeCount(source: ReadonlyMap<string, { inScope?: boolean }>): number {
  let inScope = 0;
  for (const u of source.values()) if (u.inScope === true) inScope++;
  return inScope;
}

/** What a cycle found and did, counted from its plan, its outcomes and the target index read before them. */
export function summarize(
  kind: CycleKind,
  input: {
    state: { source: ReadonlyMap<string, { inScope?: boolean }>; failures: ReadonlyMap<string, unknown> };
    sourceTenantId: string;
    dryRun?: boolean;
  },
  index: TargetIndex,
  plan: SyncPlan,
  outcomes: ActionOutcome[],
  threshold: { staged: SyncAction[]; exceeded: boolean; unexplained?: number },
  graph: { requests: number; throttled: number },
  planCpuSeconds: number,
): CycleResult {
  const { state } = input;
  const count = (k: SyncAction['kind'], ok: boolean) =>
    outcomes.filter((o) => o.action.kind === k && o.ok === ok).length;
  const planned = (k: SyncAction['kind']) => plan.actions.filter((a) => a.kind === k).length;
  // The index was read before the writes: what they added and took away counts now, not a cycle later.
  const gone = outcomes.filter(
    (o) => o.ok && o.action.kind === 'deprovision' && o.action.how !== 'Disable',
  ).length;
  const provisioned =
    provisionedBy(index, input.sourceTenantId) +
    count('create', true) +
    count('adopt', true) +
    count('restore', true) -
    gone;
  const inScope = inScopeCount(state.source);
  const applied = outcomes.length > 0;
  return {
    kind,
    plan,
    outcomes,
    staged: threshold.staged,
    thresholdExceeded: threshold.exceeded,
    ...(threshold.unexplained !== undefined ? { unexplainedDeprovisions: threshold.unexplained } : {}),
    counts: {
      inScope,
      provisioned,
      pendingCreate: (applied ? count('create', false) : planned('create')) + plan.deferred.length,
      pendingUpdate: applied ? count('update', false) : planned('update'),
      pendingDeprovision:
        threshold.staged.length +
        (applied ? count('deprovision', false) : input.dryRun ? planned('deprovision') : 0),
      failed: state.failures.size,
    },
    done: {
      created: count('create', true) + count('adopt', true),
      updated: count('update', true),
      deprovisioned: count('deprovision', true),
      restored: count('restore', true),
      failed: outcomes.filter((o) => !o.ok && !o.unknown).length + plan.failures.length,
    },
    graph,
    planCpuSeconds,
  };
}
