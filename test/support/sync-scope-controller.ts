// A SyncScope controller with fakes behind the operator context, for its unit tests: an in-memory status store
// for the API server, a recording Event recorder and logger, TenantLinks that always connect, and a sync
// engine that fails or succeeds on demand. What the API server and Graph do is tested in test/.
import type { Logger } from 'winston';
import type { SyncScope, SyncScopeStatus } from '../../src/api/index.js';
import type { Condition } from '../../src/kube/conditions.js';
import type { ReconcileResult } from '../../src/kube/controller.js';
import type { CycleResult } from '../../src/sync/cycle.js';
import type { OperatorContext } from '../../src/controllers/context.js';
import { syncScopeReconciler } from '../../src/controllers/sync-scope/controller.js';
import type { CycleRunner } from '../../src/controllers/sync-scope/cycle.js';
import { FakeClock } from '../../src/time/clock.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const T0 = Date.UTC(2026, 0, 5);
export const KEY = 'team/emea';

// Only what the controller reads: the cycle itself is a fake.
const newScope = () =>
  ({
    metadata: {
      namespace: 'team',
      name: 'emea',
      generation: 1,
      resourceVersion: '1',
      annotations: {},
      labels: {},
    },
    spec: {
      source: { tenantLinkRef: 'emea' },
      target: { tenantLinkRef: 'contoso' },
      scope: { groups: ['6f1b4f0e-3c3a-4e55-9d0e-0c0e6e1e2a11'] },
      interval: '10s',
      fullResyncInterval: '24h',
    },
  }) as unknown as SyncScope;

export const ZERO = { created: 0, updated: 0, deprovisioned: 0, restored: 0, failed: 0 };
export const succeeded = (): CycleResult => ({
  kind: 'Incremental',
  plan: { actions: [], failures: [], deferred: [] },
  ...{ outcomes: [], staged: [], thresholdExceeded: false, done: ZERO, planCpuSeconds: 0 },
  counts: {
    inScope: 4,
    provisioned: 4,
    pendingCreate: 0,
    pendingUpdate: 0,
    pendingDeprovision: 0,
    failed: 0,
  },
  graph: { requests: 3, throttled: 0 },
});

/** One SyncScope in a fake API server, the operator's context around it, and what it recorded. */
export function testbed() {
  let stored = newScope();
  const clock = new FakeClock(T0);
  const events: { type: string; reason: string; message: string }[] = [];
  const lines: { level: string; message: string }[] = [];
  let outcome: () => CycleResult = succeeded;
  let cycles = 0;
  // Every write of metadata or spec makes a new resourceVersion, as the API server does.
  let version = 1;
  const nextVersion = () => String(++version);
  const clone = <T>(v: T): T => structuredClone(v);
  const customObjects = {
    getNamespacedCustomObjectStatus: async () => clone(stored),
    replaceNamespacedCustomObjectStatus: async ({ body }: { body: SyncScope }) => {
      stored = { ...stored, status: clone(body.status) };
      return clone(stored);
    },
    // The controller patches only to remove the annotations it answers.
    patchNamespacedCustomObject: async ({ body }: { body: { metadata: { annotations: object } } }) => {
      const annotations = { ...stored.metadata.annotations };
      for (const k of Object.keys(body.metadata.annotations)) delete annotations[k];
      stored = { ...stored, metadata: { ...stored.metadata, annotations, resourceVersion: nextVersion() } };
      return clone(stored);
    },
  };
  const record = (level: string) => (message: string) => void lines.push({ level, message });
  const log = {
    log: (level: string, message: string) => void lines.push({ level, message }),
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  } as unknown as Logger;
  const tenantIds: Record<string, string> = { emea: 'tenant-emea', contoso: 'tenant-contoso' };
  const ctx = {
    clients: { customObjects },
    events: {
      event: async (_subject: unknown, type: string, reason: string, message: string) =>
        void events.push({ type, reason, message }),
    },
    informers: { lister: () => ({ get: () => undefined, list: () => [], hasSynced: () => true }) },
    tenants: {
      connect: async (_ns: string, link: string) => ({ ok: true, connection: { tenantId: tenantIds[link] } }),
      tenantIdOf: (_namespace: string, link: string) => tenantIds[link],
      requestRecheck: () => undefined,
    },
    logger: log,
    clock,
  } as unknown as OperatorContext;
  const runCycle: CycleRunner = async () => {
    cycles++;
    return outcome();
  };
  const seams = { runCycle, preflight: { check: async () => undefined, forget: () => undefined } };
  let reconcile = syncScopeReconciler(ctx, () => [stored], seams);
  const signal = new AbortController().signal;
  return {
    reconcile: (): Promise<ReconcileResult | void> => reconcile(KEY, clone(stored), { log, signal }),
    /** The reconcile of the SyncScope once it is gone from the cache. */
    gone: (): Promise<ReconcileResult | void> => reconcile(KEY, undefined, { log, signal }),
    /** A new operator process over the same API server. */
    restartOperator: () => (reconcile = syncScopeReconciler(ctx, () => [stored], seams)),
    at: (ms: number) => clock.advance(ms - clock.now()),
    now: () => clock.now(),
    /** What the next cycles do: return a result, or fail as a whole. */
    cyclesDo: (next: () => CycleResult) => (outcome = next),
    edit: (change: (scope: SyncScope) => void) => {
      const next = clone(stored);
      change(next);
      stored = { ...next, metadata: { ...next.metadata, resourceVersion: nextVersion() } };
    },
    cycles: () => cycles,
    annotations: () => stored.metadata.annotations,
    condition: (type: string): Condition | undefined =>
      (stored.status as SyncScopeStatus | undefined)?.conditions?.find((c) => c.type === type),
    events,
    logged: (level: string) => lines.filter((l) => l.level === level).map((l) => l.message),
  };
}

export const state = (t: ReturnType<typeof testbed>, type = 'Ready') =>
  `${t.condition(type)?.status}/${t.condition(type)?.reason}`;
/** Reconciles whenever the controller asks to, as the work queue does, until it asks no more (at most a year). */
export async function untilItStops(
  t: ReturnType<typeof testbed>,
  first: ReconcileResult | void,
): Promise<void> {
  let result = first;
  for (let i = 0; i < 400 && result?.requeueAfterMs !== undefined; i++) {
    t.at(t.now() + result.requeueAfterMs);
    result = await t.reconcile();
  }
}

export const persistent = (): never => {
  throw new Error('Authorization_RequestDenied: Insufficient privileges to complete the operation.');
};
