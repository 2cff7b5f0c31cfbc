// The SyncScope controller's decisions (test/support/sync-scope-controller.ts has the fakes).
import { GraphRequestError } from '../../graph/index.js';
import type { CycleResult } from '../../sync/cycle.js';
import type { SyncScope } from '../../api/index.js';
import { metricsRegistry } from '../../observability/registry.js';
import { recordGroupPass } from '../../sync/groups/metrics.js';
import type { GroupPassResult } from '../../sync/groups/pass.js';
import {
  HOUR,
  DAY,
  T0,
  succeeded,
  testbed,
  state,
  untilItStops,
  persistent,
  ZERO,
} from '../../../test/support/sync-scope-controller.js';

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

describe('SyncScope controller: a SyncScope gone', () => {
  it('drops its group gauges with its other series', async () => {
    const t = testbed();
    const result = {
      plan: { actions: [], refused: [], failures: [], inScope: 2, synced: [] },
      threshold: { actions: [], staged: [], exceeded: false },
      outcomes: [],
      provisioned: 2,
      graph: { requests: 0, throttled: 0, writeRequests: 0 },
    } as unknown as GroupPassResult;
    recordGroupPass({ namespace: 'team', name: 'emea' }, result);
    const series = async () =>
      (await metricsRegistry.getSingleMetric('crosstenant_sync_groups_in_scope')?.get())?.values.filter(
        (v) => v.labels['namespace'] === 'team' && v.labels['name'] === 'emea',
      ) ?? [];
    expect(await series()).toHaveLength(1);
    await t.gone();
    expect(await series()).toEqual([]);
  });
});

describe('SyncScope controller: provision-now between cycles', () => {
  const request = (user: string) => (s: SyncScope) =>
    (s.metadata.annotations = { 'crosstenant.io/provision-now': user });

  it('answers without moving the next cycle: removing the annotation is no reason for one', async () => {
    const t = testbed();
    expect(await t.reconcile()).toEqual({ requeueAfterMs: 10_000 });
    t.at(T0 + 2_000);
    t.edit(request('adele@emea.example'));
    expect(await t.reconcile()).toEqual({ requeueAfterMs: 8_000 });
    expect(t.annotations()).toEqual({});
    expect(t.events.map((e) => e.reason)).toContain('ProvisionOnDemandFailed');
    // The removal queues the SyncScope again.
    expect(await t.reconcile()).toEqual({ requeueAfterMs: 8_000 });
    expect(t.cycles()).toBe(1);
    t.at(T0 + 10_000);
    expect(await t.reconcile()).toEqual({ requeueAfterMs: 10_000 });
    expect(t.cycles()).toBe(2);
  });

  it('still runs a cycle at once for a change made after the answer', async () => {
    const t = testbed();
    await t.reconcile();
    t.at(T0 + 2_000);
    t.edit(request('adele@emea.example'));
    await t.reconcile();
    t.edit((s) => (s.metadata.labels = { team: 'emea' }));
    await t.reconcile();
    expect(t.cycles()).toBe(2);
  });
});
