import type { Condition } from './conditions.js';
import { findCondition, isValidReason, kstatusOf, setCondition, setReadiness } from './conditions.js';

const t0 = new Date('2026-01-01T00:00:00.123Z');
const t1 = new Date('2026-01-01T00:05:00Z');

describe('setCondition', () => {
  it('adds a condition with generation and a seconds-precision transition time', () => {
    const out = setCondition([], { type: 'Ready', status: 'True', reason: 'Ok', message: 'fine' }, 3, t0);
    expect(out).toEqual([
      {
        type: 'Ready',
        status: 'True',
        observedGeneration: 3,
        lastTransitionTime: '2026-01-01T00:00:00Z',
        reason: 'Ok',
        message: 'fine',
      },
    ]);
  });

  it('keeps lastTransitionTime when only reason, message or generation change', () => {
    const first = setCondition([], { type: 'Ready', status: 'False', reason: 'A', message: 'a' }, 1, t0);
    const second = setCondition(first, { type: 'Ready', status: 'False', reason: 'B', message: 'b' }, 2, t1);
    expect(second[0]).toMatchObject({
      lastTransitionTime: '2026-01-01T00:00:00Z',
      reason: 'B',
      message: 'b',
      observedGeneration: 2,
    });
  });

  it('moves lastTransitionTime when the status changes', () => {
    const first = setCondition([], { type: 'Ready', status: 'False', reason: 'A', message: '' }, 1, t0);
    const second = setCondition(first, { type: 'Ready', status: 'True', reason: 'A', message: '' }, 1, t1);
    expect(second[0]?.lastTransitionTime).toBe('2026-01-01T00:05:00Z');
  });

  it('leaves other conditions and the input list untouched', () => {
    const input: Condition[] = [
      { type: 'Synced', status: 'True', lastTransitionTime: 'x', reason: 'S', message: '' },
    ];
    const out = setCondition(input, { type: 'Ready', status: 'True', reason: 'R', message: '' }, 1, t0);
    expect(out.map((c) => c.type)).toEqual(['Synced', 'Ready']);
    expect(input).toHaveLength(1);
  });

  it('rejects reasons the API server would reject', () => {
    expect(isValidReason('ReconciliationSucceeded')).toBe(true);
    expect(isValidReason('Bad Reason')).toBe(false);
    expect(isValidReason('trailing_')).toBe(true);
    expect(isValidReason('trailing:')).toBe(false);
    expect(() =>
      setCondition([], { type: 'Ready', status: 'True', reason: '', message: '' }, 1, t0),
    ).toThrow();
  });
});

describe('setReadiness (kstatus)', () => {
  it('progressing: Ready=Unknown and Reconciling=True, no Stalled', () => {
    const out = setReadiness([], { state: 'progressing', reason: 'Progressing', message: 'creating' }, 1, t0);
    expect(findCondition(out, 'Ready')?.status).toBe('Unknown');
    expect(findCondition(out, 'Reconciling')?.status).toBe('True');
    expect(findCondition(out, 'Stalled')).toBeUndefined();
    expect(
      kstatusOf({ metadata: { generation: 1 }, status: { observedGeneration: 1, conditions: out } }),
    ).toBe('InProgress');
  });

  it('stalled: Ready=False and Stalled=True, Reconciling removed', () => {
    const progressing = setReadiness([], { state: 'progressing', reason: 'Progressing', message: '' }, 1, t0);
    const out = setReadiness(
      progressing,
      { state: 'stalled', reason: 'CredentialsInvalid', message: 'x' },
      1,
      t1,
    );
    expect(out.map((c) => [c.type, c.status])).toEqual([
      ['Ready', 'False'],
      ['Stalled', 'True'],
    ]);
    expect(kstatusOf({ status: { conditions: out } })).toBe('Failed');
  });

  it('ready: only Ready=True remains', () => {
    const stalled = setReadiness(
      [],
      { state: 'stalled', reason: 'ReconciliationFailed', message: '' },
      1,
      t0,
    );
    const out = setReadiness(
      stalled,
      { state: 'ready', reason: 'ReconciliationSucceeded', message: '' },
      2,
      t1,
    );
    expect(out).toEqual([
      {
        type: 'Ready',
        status: 'True',
        observedGeneration: 2,
        lastTransitionTime: '2026-01-01T00:05:00Z',
        reason: 'ReconciliationSucceeded',
        message: '',
      },
    ]);
    expect(
      kstatusOf({ metadata: { generation: 2 }, status: { observedGeneration: 2, conditions: out } }),
    ).toBe('Current');
  });

  it('notReady: Ready=False without Reconciling or Stalled', () => {
    const out = setReadiness([], { state: 'notReady', reason: 'DependencyNotReady', message: '' }, 1, t0);
    expect(out.map((c) => [c.type, c.status])).toEqual([['Ready', 'False']]);
  });
});

describe('kstatusOf', () => {
  it('puts Terminating first, then a generation mismatch', () => {
    expect(kstatusOf({ metadata: { deletionTimestamp: '2026-01-01T00:00:00Z' } })).toBe('Terminating');
    expect(kstatusOf({ metadata: { generation: 2 }, status: { observedGeneration: 1 } })).toBe('InProgress');
  });
});
