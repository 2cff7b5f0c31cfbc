import type { CycleEnd, QuarantineReason, Running, Standing, VerdictInput } from './quarantine.js';
import { DISABLED_AFTER_MS, gateCycle, HEALTHY, judgeCycle } from './quarantine.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 1);
const INTERVAL = 10_000;
const at = (nowMs: number, change = 'c1', generation = 1): VerdictInput => ({
  nowMs,
  intervalMs: INTERVAL,
  change,
  generation,
});
const FAILED: CycleEnd = { outcome: 'failed' };
const UNREACHABLE: CycleEnd = { outcome: 'unreachable' };
const ok = (tried = 10, failed = 0, dryRun = false): CycleEnd => ({
  outcome: 'succeeded',
  tried,
  failed,
  dryRun,
});
const quarantined = (sinceMs: number, untilMs: number, change = 'c1') => ({
  state: 'Quarantined' as const,
  reason: 'EncounteredQuarantineException' as QuarantineReason,
  sinceMs,
  untilMs,
  change,
  unreachable: 0,
});

describe('judgeCycle', () => {
  it('retries the first two persistent failures after two and four intervals, and quarantines the third', () => {
    const first = judgeCycle(HEALTHY, FAILED, at(T0));
    expect(first.verdict).toEqual({ kind: 'Failed', retryAfterMs: 2 * INTERVAL, failures: 1 });
    const second = judgeCycle(first.standing as Running, FAILED, at(T0 + 1));
    expect(second.verdict).toEqual({ kind: 'Failed', retryAfterMs: 4 * INTERVAL, failures: 2 });
    const third = judgeCycle(second.standing as Running, FAILED, at(T0 + 2));
    expect(third.verdict).toEqual({
      kind: 'Quarantined',
      reason: 'EncounteredQuarantineException',
      retryAfterMs: 6 * HOUR,
      sinceMs: T0 + 2,
      first: true,
    });
    expect(third.standing).toEqual(quarantined(T0 + 2, T0 + 2 + 6 * HOUR));
  });

  it('quarantines at once for a cycle whose failed users pass the escrow threshold', () => {
    const { standing, verdict } = judgeCycle(HEALTHY, ok(10_000, 5_000), at(T0));
    expect(verdict).toMatchObject({ kind: 'Quarantined', reason: 'EncounteredEscrowProportionThreshold' });
    expect(standing).toMatchObject({ state: 'Quarantined', sinceMs: T0, untilMs: T0 + 6 * HOUR });
  });

  it('never quarantines a DryRun for its failed users', () => {
    expect(judgeCycle(HEALTHY, ok(10_000, 9_000, true), at(T0)).verdict.kind).toBe('Healthy');
  });

  it('waits out an outage with short retries that never count toward quarantine', () => {
    const failing: Running = { state: 'Healthy', failures: 2, unreachable: 0 };
    let standing: Running = failing;
    const retries: number[] = [];
    for (let i = 0; i < 5; i++) {
      const judged = judgeCycle(standing, UNREACHABLE, at(T0 + i));
      expect(judged.verdict).toMatchObject({ kind: 'Unreachable', first: i === 0 });
      if (judged.verdict.kind === 'Unreachable') retries.push(judged.verdict.retryAfterMs);
      standing = judged.standing as Running;
    }
    expect(retries).toEqual([2_000, 4_000, 8_000, INTERVAL, INTERVAL]);
    expect(standing).toEqual({ ...failing, unreachable: 5 });
    expect(judgeCycle(standing, ok(), at(T0 + 9)).verdict).toEqual({
      kind: 'Healthy',
      recovered: true,
      leftQuarantine: false,
    });
  });

  it('keeps a quarantine through an outage at its try', () => {
    const held = quarantined(T0, T0 + 6 * HOUR);
    const judged = judgeCycle(held, UNREACHABLE, at(T0 + 6 * HOUR));
    expect(judged.standing).toEqual({ ...held, unreachable: 1 });
    expect(
      gateCycle(judged.standing, { ...at(T0 + 6 * HOUR + 2_000), restart: false, approved: false }).run,
    ).toBe(true);
  });

  it('lifts a quarantine with a successful cycle', () => {
    const judged = judgeCycle(quarantined(T0, T0 + 6 * HOUR), ok(), at(T0 + 6 * HOUR));
    expect(judged).toEqual({
      standing: HEALTHY,
      verdict: { kind: 'Healthy', recovered: false, leftQuarantine: true },
    });
  });

  it('counts a failed try from the start of the quarantine, whatever its reason', () => {
    const escrowed: Running = {
      ...quarantined(T0, T0 + 6 * HOUR),
      reason: 'EncounteredEscrowProportionThreshold',
    };
    const judged = judgeCycle(escrowed, FAILED, at(T0 + 6 * HOUR));
    expect(judged.verdict).toEqual({
      kind: 'Quarantined',
      reason: 'EncounteredQuarantineException',
      retryAfterMs: 6 * HOUR,
      sinceMs: T0,
      first: false,
    });
  });

  it('tries 6 h, 12 h, 24 h after the quarantine began, then daily, and disables it after four weeks', () => {
    let standing: Standing = judgeCycle(
      { state: 'Healthy', failures: 2, unreachable: 0 },
      FAILED,
      at(T0),
    ).standing;
    const tries: number[] = [];
    let nowMs = T0;
    // A year of tries at the most: a quarantine that never ends fails the test rather than hanging it.
    while (nowMs < T0 + 365 * DAY) {
      const gate = gateCycle(standing, { ...at(nowMs), restart: false, approved: false });
      if (gate.run) {
        tries.push((nowMs - T0) / HOUR);
        const judged = judgeCycle(gate.standing, FAILED, at(nowMs));
        standing = judged.standing;
        if (judged.verdict.kind === 'Disabled') {
          expect(judged.verdict).toEqual({
            kind: 'Disabled',
            reason: 'EncounteredQuarantineException',
            sinceMs: T0,
          });
          break;
        }
        if (judged.verdict.kind !== 'Quarantined') throw new Error(judged.verdict.kind);
        nowMs += judged.verdict.retryAfterMs;
      } else if (gate.state === 'Quarantined') {
        nowMs = gate.untilMs;
      } else throw new Error('disabled without a verdict');
    }
    expect(tries.slice(0, 5)).toEqual([6, 12, 24, 48, 72]);
    expect(tries.at(-1)).toBe(DISABLED_AFTER_MS / HOUR);
    expect(tries).toHaveLength(3 + 27);
    expect(standing).toEqual({
      state: 'Disabled',
      reason: 'EncounteredQuarantineException',
      sinceMs: T0,
      generation: 1,
    });
  });

  it('disables on the first failed try after four weeks, escrow included', () => {
    const judged = judgeCycle(quarantined(T0, T0 + 28 * DAY), ok(10_000, 6_000), at(T0 + 28 * DAY + 5));
    expect(judged.verdict).toEqual({
      kind: 'Disabled',
      reason: 'EncounteredEscrowProportionThreshold',
      sinceMs: T0,
    });
  });
});

describe('gateCycle', () => {
  const gate = (
    nowMs: number,
    over: Partial<{ change: string; generation: number; restart: boolean; approved: boolean }> = {},
  ) => ({
    nowMs,
    change: 'c1',
    generation: 1,
    restart: false,
    approved: false,
    ...over,
  });
  const held = quarantined(T0, T0 + 6 * HOUR);
  const disabled: Standing = {
    state: 'Disabled',
    reason: 'EncounteredQuarantineException',
    sinceMs: T0,
    generation: 1,
  };

  it('runs a healthy scope', () => {
    expect(gateCycle(HEALTHY, gate(T0))).toEqual({ run: true, standing: HEALTHY });
  });

  it('holds a quarantine until its next try', () => {
    expect(gateCycle(held, gate(T0 + 6 * HOUR - 1))).toEqual({
      run: false,
      state: 'Quarantined',
      untilMs: T0 + 6 * HOUR,
    });
    expect(gateCycle(held, gate(T0 + 6 * HOUR))).toEqual({ run: true, standing: held });
  });

  it.each([
    ['a change to the SyncScope', { change: 'c2' }],
    ['an approval of held deletions', { approved: true }],
  ])('tries a quarantined scope at once on %s, keeping the quarantine', (_what, over) => {
    expect(gateCycle(held, gate(T0 + 1, over))).toEqual({ run: true, standing: held });
  });

  it('clears any standing on a restart request', () => {
    expect(gateCycle(held, gate(T0 + 1, { restart: true }))).toEqual({ run: true, standing: HEALTHY });
    expect(gateCycle(disabled, gate(T0 + 1, { restart: true }))).toEqual({ run: true, standing: HEALTHY });
  });

  it('keeps a disabled scope disabled through time, label and annotation changes and approvals', () => {
    const stop = { run: false, state: 'Disabled', reason: 'EncounteredQuarantineException', sinceMs: T0 };
    expect(gateCycle(disabled, gate(T0 + 365 * DAY))).toEqual(stop);
    expect(gateCycle(disabled, gate(T0 + 1, { change: 'c2', approved: true }))).toEqual(stop);
  });

  it('enables a disabled scope again with a new spec (generation)', () => {
    expect(gateCycle(disabled, gate(T0 + 1, { generation: 2 }))).toEqual({ run: true, standing: HEALTHY });
  });
});
