import type { KindName } from '../index.js';
import { kinds } from '../index.js';
import { isConditionReason, REASONS } from './index.js';

// metav1.Condition's reason pattern; the API server rejects a status with any other.
const REASON_PATTERN = /^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/;

describe('reason catalogue', () => {
  it('covers every kind', () => {
    expect(Object.keys(REASONS).sort()).toEqual(kinds.map((k) => k.kind).sort());
  });

  it.each(Object.keys(REASONS) as KindName[])('%s: every reason is one the API server accepts', (kind) => {
    const { conditions, events } = REASONS[kind];
    const reasons = [...conditions.flatMap((c) => c.reasons), ...events.map((e) => e.reason)];
    expect(reasons.filter((reason) => !REASON_PATTERN.test(reason))).toEqual([]);
    expect([...conditions, ...events].filter((entry) => entry.meaning.trim() === '')).toEqual([]);
  });

  it('says whether a reason belongs to a condition of a kind', () => {
    expect(isConditionReason('SyncScope', 'Quarantined', 'QuarantinedOnDemand')).toBe(true);
    expect(isConditionReason('SyncScope', 'Ready', 'QuarantinedOnDemand')).toBe(false);
    expect(isConditionReason('TenantLink', 'Ready', 'Synced')).toBe(false);
  });
});
