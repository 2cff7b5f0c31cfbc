import type { Condition } from '../../kube/conditions.js';
import { exceedsEscrowThreshold, HEALTHY, nextTryMs, standingFromStatus } from './quarantine.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 1);

describe('exceedsEscrowThreshold', () => {
  it.each([
    [100, 99, false],
    [10_000, 4_999, false],
    [10_000, 5_000, true],
    [20_000, 8_000, false],
    [20_000, 8_001, true],
    [200_000, 40_000, false],
    [200_000, 40_001, true],
    [10_000_000, 59_999, true],
    [10_000_000, 60_000, true],
  ])('%i tried, %i failed -> %p', (tried, failed, exceeded) => {
    expect(exceedsEscrowThreshold(tried, failed)).toBe(exceeded);
  });
});

describe('nextTryMs: 6 h, 12 h, 24 h after the quarantine began, then daily, until four weeks', () => {
  it.each([
    [0, 6 * HOUR],
    [6 * HOUR - 1, 6 * HOUR],
    [6 * HOUR, 12 * HOUR],
    [12 * HOUR + 5, DAY],
    [DAY, 2 * DAY],
    [2 * DAY + 1, 3 * DAY],
    [27 * DAY + 1, 28 * DAY],
    [28 * DAY, 28 * DAY],
    [40 * DAY, 28 * DAY],
  ])('%i ms into the quarantine -> at %i ms', (elapsed, offset) => {
    expect(nextTryMs(T0, T0 + elapsed)).toBe(T0 + offset);
  });
});

describe('standingFromStatus', () => {
  const since = '2026-01-01T00:00:00Z';
  const condition = (
    type: string,
    status: Condition['status'],
    reason: string,
    observedGeneration = 1,
  ): Condition => ({
    type,
    status,
    reason,
    message: '',
    lastTransitionTime: since,
    observedGeneration,
  });
  const input = { nowMs: T0 + 7 * HOUR, change: 'c1', generation: 1 };

  it('keeps a recorded quarantine, holding until its next try', () => {
    const conditions = [
      condition('Ready', 'False', 'Quarantined'),
      condition('Quarantined', 'True', 'EncounteredEscrowProportionThreshold'),
    ];
    expect(standingFromStatus(conditions, input)).toEqual({
      state: 'Quarantined',
      reason: 'EncounteredEscrowProportionThreshold',
      sinceMs: T0,
      untilMs: T0 + 12 * HOUR,
      change: 'c1',
      unreachable: 0,
    });
  });

  it('keeps a recorded Disabled', () => {
    const conditions = [
      condition('Ready', 'False', 'Disabled'),
      condition('Quarantined', 'True', 'EncounteredQuarantineException'),
    ];
    expect(standingFromStatus(conditions, input)).toEqual({
      state: 'Disabled',
      reason: 'EncounteredQuarantineException',
      sinceMs: T0,
      generation: 1,
    });
  });

  it.each([
    ['no conditions', undefined],
    ['a healthy scope', [condition('Quarantined', 'False', 'Healthy')]],
    [
      'a quarantine of an earlier generation',
      [
        condition('Ready', 'False', 'Disabled'),
        condition('Quarantined', 'True', 'EncounteredQuarantineException', 0),
      ],
    ],
    ["Entra's own quarantine reasons", [condition('Quarantined', 'True', 'QuarantinedOnDemand')]],
  ])('starts healthy from %s', (_what, conditions) => {
    expect(standingFromStatus(conditions, input)).toEqual(HEALTHY);
  });
});
