// The SyncScope controller's decisions, with fakes behind the operator context: an in-memory status store
// for the API server, a recording Event recorder and logger, TenantLinks that always connect, and a sync
// engine that fails or succeeds on demand. What the API server and Graph do is tested in test/.
import type { Logger } from 'winston';
import type { SyncScope, SyncScopeStatus } from '../../api/index.js';
import { GraphRequestError } from '../../graph/index.js';
import type { Condition } from '../../kube/conditions.js';
import type { ReconcileResult } from '../../kube/controller.js';
import type { CycleResult } from '../../sync/cycle.js';
import type { OperatorContext } from '../context.js';
import { syncScopeReconciler } from './controller.js';
import type { CycleRunner } from './cycle.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 5);
const KEY = 'team/emea';

// Only what the controller reads: the cycle itself is a fake.
const newScope = () =>
  ({
    metadata: { namespace: 'team', name: 'emea', generation: 1, annotations: {}, labels: {} },
    spec: {
      source: { tenantLinkRef: 'emea' },
      target: { tenantLinkRef: 'contoso' },
      scope: { groups: ['6f1b4f0e-3c3a-4e55-9d0e-0c0e6e1e2a11'] },
      interval: '10s',
      fullResyncInterval: '24h',
    },
  }) as unknown as SyncScope;

const ZERO = { created: 0, updated: 0, deprovisioned: 0, restored: 0, failed: 0 };
const succeeded = (): CycleResult => ({
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
function testbed() {
  let stored = newScope();
  let nowMs = T0;
  const events: { type: string; reason: string; message: string }[] = [];
  const lines: { level: string; message: string }[] = [];
  let outcome: () => CycleResult = succeeded;
  let cycles = 0;
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
      stored = { ...stored, metadata: { ...stored.metadata, annotations } };
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
    now: () => new Date(nowMs),
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
    /** A new operator process over the same API server. */
    restartOperator: () => (reconcile = syncScopeReconciler(ctx, () => [stored], seams)),
    at: (ms: number) => (nowMs = ms),
    now: () => nowMs,
    /** What the next cycles do: return a result, or fail as a whole. */
    cyclesDo: (next: () => CycleResult) => (outcome = next),
    edit: (change: (scope: SyncScope) => void) => {
      const next = clone(stored);
      change(next);
      stored = next;
    },
    cycles: () => cycles,
    annotations: () => stored.metadata.annotations,
    condition: (type: string): Condition | undefined =>
      (stored.status as SyncScopeStatus | undefined)?.conditions?.find((c) => c.type === type),
    events,
    logged: (level: string) => lines.filter((l) => l.level === level).map((l) => l.message),
  };
}

const state = (t: ReturnType<typeof testbed>, type = 'Ready') =>
  `${t.condition(type)?.status}/${t.condition(type)?.reason}`;
/** Reconciles whenever the controller asks to, as the work queue does, until it asks no more (at most a year). */
async function untilItStops(t: ReturnType<typeof testbed>, first: ReconcileResult | void): Promise<void> {
  let result = first;
  for (let i = 0; i < 400 && result?.requeueAfterMs !== undefined; i++) {
    t.at(t.now() + result.requeueAfterMs);
    result = await t.reconcile();
  }
}

const persistent = (): never => {
  throw new Error('Authorization_RequestDenied: Insufficient privileges to complete the operation.');
};

describe('SyncScope controller: quarantine', () => {
  it('quarantines after three failed cycles, holds until the next try, and disables after four weeks', async () => {
    const t = testbed();
    t.cyclesDo(persistent);
    expect(await t.reconcile()).toEqual({ requeueAfterMs: 20_000 });
    expect(state(t)).toBe('False/CycleFailed');
    t.at(T0 + 20_000);
    expect(await t.reconcile()).toEqual({ requeueAfterMs: 40_000 });
    t.at(T0 + 60_000);
    const began = t.now();
    expect(await t.reconcile()).toEqual({ requeueAfterMs: 6 * HOUR });
    expect(state(t)).toBe('False/Quarantined');
    expect(state(t, 'Quarantined')).toBe('True/EncounteredQuarantineException');
    expect(t.logged('warn')).toContain('SyncScope quarantined');

    // Held: no cycle before the try, whatever queues the SyncScope meanwhile.
    t.at(began + HOUR);
    expect(await t.reconcile()).toEqual({ requeueAfterMs: 5 * HOUR });
    expect(t.cycles()).toBe(3);

    await untilItStops(t, { requeueAfterMs: 5 * HOUR });
    expect(t.now() - began).toBe(28 * DAY);
    expect(t.cycles()).toBe(3 + 30);
    expect(state(t)).toBe('False/Disabled');
    expect(state(t, 'Stalled')).toBe('True/Disabled');
    expect(t.condition('Ready')?.message).toMatch(/crosstenant\.io\/restart-job/);
    expect(t.condition('Quarantined')?.message).toMatch(
      /disabled after four weeks in quarantine: Authorization/,
    );
    expect(t.events.filter((e) => e.reason === 'Disabled').map((e) => e.type)).toEqual(['Warning']);
    expect(t.logged('error')).toContain('SyncScope disabled after four weeks in quarantine');

    // Disabled: no cycle a year later, after a label change, or in a new operator process.
    t.at(t.now() + 365 * DAY);
    t.edit((s) => (s.metadata.labels = { team: 'emea' }));
    expect(await t.reconcile()).toBeUndefined();
    t.restartOperator();
    expect(await t.reconcile()).toBeUndefined();
    expect(t.cycles()).toBe(33);
    expect(state(t)).toBe('False/Disabled');
  });

  it.each([
    [
      'the annotation crosstenant.io/restart-job, which it removes',
      10_000,
      (s: SyncScope) => (s.metadata.annotations = { 'crosstenant.io/restart-job': 'now' }),
    ],
    [
      'a change of its spec',
      30_000,
      (s: SyncScope) => {
        s.metadata.generation = 2;
        s.spec.interval = '30s';
      },
    ],
  ])('enables a disabled SyncScope again with %s', async (_how, interval, enable) => {
    const t = testbed();
    t.cyclesDo(persistent);
    await untilItStops(t, await t.reconcile());
    expect(state(t)).toBe('False/Disabled');
    t.cyclesDo(succeeded);
    t.edit(enable);
    expect(await t.reconcile()).toEqual({ requeueAfterMs: interval });
    expect(state(t)).toBe('True/Synced');
    expect(state(t, 'Quarantined')).toBe('False/Healthy');
    expect(t.events.at(-1)).toMatchObject({ type: 'Normal', reason: 'Synced' });
    expect(t.cycles()).toBe(34);
    expect(t.annotations()).toEqual({});
  });
});

describe('SyncScope controller: Events on Ready changes', () => {
  it.each([
    ['Suspended', 'Normal', (s: SyncScope) => (s.spec.suspend = true)],
    ['ReferenceNotFound', 'Warning', (s: SyncScope) => (s.spec.attributeMappingRef = 'missing')],
    [
      'ScopeInvalid',
      'Warning',
      (s: SyncScope) =>
        (s.spec.scope.filters = [
          { clauses: [{ attribute: 'department', operator: 'RegexMatch', value: '(?=x)' }] },
        ]),
    ],
  ])('records %s once, however often the SyncScope is reconciled', async (reason, type, change) => {
    const t = testbed();
    t.edit(change);
    for (let i = 0; i < 3; i++) {
      t.at(T0 + i * 15_000);
      expect(await t.reconcile()).toEqual({ requeueAfterMs: 15_000 });
    }
    expect(t.events).toEqual([expect.objectContaining({ type, reason })]);
    expect(t.cycles()).toBe(0);
  });

  it('records CycleFailed, then Synced when a cycle succeeds again', async () => {
    const t = testbed();
    t.cyclesDo(persistent);
    await t.reconcile();
    t.cyclesDo(succeeded);
    t.at(T0 + 20_000);
    await t.reconcile();
    expect(t.events.map((e) => `${e.type}/${e.reason}`)).toEqual(['Warning/CycleFailed', 'Normal/Synced']);
  });

  it('says TenantUnreachable once through an outage, and never quarantines it', async () => {
    const t = testbed();
    await t.reconcile();
    t.cyclesDo(() => {
      throw new GraphRequestError({ status: 503, code: 'ServiceNotAvailable', message: 'try later' });
    });
    for (let i = 1; i <= 6; i++) {
      t.at(T0 + i * 10_000);
      await t.reconcile();
      expect(state(t)).toBe('False/TenantUnreachable');
    }
    expect(t.events.map((e) => e.reason)).toEqual(['Synced', 'TenantUnreachable']);
    expect(t.condition('Quarantined')?.status).toBe('False');
  });

  it('logs an idle cycle at debug, one that changed something at info, and held deprovisions', async () => {
    const t = testbed();
    await t.reconcile();
    expect(t.logged('debug')).toContain('sync cycle ended');
    const staged = [
      { kind: 'deprovision', targetUserId: 't1', sourceUserId: 's1', how: 'Disable', reason: 'OutOfScope' },
    ] as CycleResult['staged'];
    const base = succeeded();
    t.cyclesDo(() => ({ ...base, staged, thresholdExceeded: true, done: { ...ZERO, updated: 2 } }));
    t.at(T0 + 10_000);
    await t.reconcile();
    expect(t.logged('info')).toContain('sync cycle ended');
    expect(t.logged('warn')).toContain('deprovisions held by the deletion threshold');
    expect(state(t)).toBe('False/DeletionThresholdExceeded');
    expect(t.events.at(-1)).toMatchObject({ type: 'Warning', reason: 'DeletionThresholdExceeded' });
  });
});
