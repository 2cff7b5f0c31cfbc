import type { SyncAction } from './plan.js';
import {
  isTransientFailure,
  unreachableRetryMs,
  applyDeletionThreshold,
  userRetryDelaySeconds,
  userRetryDue,
} from './safety.js';

const HOUR = 3600;

function actions(
  deprovisions: number,
  how: 'Disable' | 'SoftDelete' | 'Delete' = 'SoftDelete',
): SyncAction[] {
  const out: SyncAction[] = [{ kind: 'update', targetUserId: 't0', sourceUserId: 's0', changes: [] }];
  for (let i = 1; i <= deprovisions; i += 1) {
    out.push({
      kind: 'deprovision',
      targetUserId: `t${i}`,
      sourceUserId: `s${i}`,
      how,
      reason: 'OutOfScope',
    });
  }
  return out;
}

describe('applyDeletionThreshold with the shrink guard', () => {
  const nothingReported = { provisioned: 2000, explained: () => false };

  it('holds a sharp shrink under the threshold when Graph reported none of it', () => {
    const result = applyDeletionThreshold(actions(300), {
      threshold: 500,
      approved: false,
      guard: nothingReported,
    });
    expect(result).toMatchObject({ exceeded: true, unexplained: 300 });
    expect(result.staged).toHaveLength(300);
    expect(result.actions.map((a) => a.kind)).toEqual(['update']);
  });

  it('lets the same shrink through when delta or membership removals explain it, or when approved', () => {
    const explained = applyDeletionThreshold(actions(300), {
      threshold: 500,
      approved: false,
      guard: { provisioned: 2000, explained: () => true },
    });
    expect(explained.exceeded).toBe(false);
    expect(explained.actions).toHaveLength(301);
    const approved = applyDeletionThreshold(actions(300), {
      threshold: 500,
      approved: true,
      guard: nothingReported,
    });
    expect(approved.actions).toHaveLength(301);
  });

  it('lets a few unexplained deprovisions through: a listing may lose some users', () => {
    expect(
      applyDeletionThreshold(actions(10), { threshold: 500, approved: false, guard: nothingReported })
        .exceeded,
    ).toBe(false);
    const small = { provisioned: 40, explained: () => false };
    expect(
      applyDeletionThreshold(actions(11), { threshold: 500, approved: false, guard: small }).exceeded,
    ).toBe(true);
  });
});

describe('applyDeletionThreshold', () => {
  it.each([
    ['below the threshold', 3, 5, false, 4, 0, false],
    ['at the threshold', 5, 5, false, 6, 0, false],
    ['above the threshold: every deprovision staged', 6, 5, false, 1, 6, true],
    ['above the threshold but approved', 6, 5, true, 7, 0, true],
    ['threshold 0 holds every deprovision', 1, 0, false, 1, 1, true],
    ['threshold 0 with nothing to deprovision', 0, 0, false, 1, 0, false],
  ])('%s', (_name, count, threshold, approved, applied, staged, exceeded) => {
    const r = applyDeletionThreshold(actions(count), { threshold, approved });
    expect(r.actions).toHaveLength(applied);
    expect(r.staged).toHaveLength(staged);
    expect(r.exceeded).toBe(exceeded);
    expect(r.deprovisions).toBe(count);
  });

  it('counts disables as well as deletes', () => {
    const r = applyDeletionThreshold([...actions(2, 'Disable').slice(1), ...actions(2, 'Delete').slice(1)], {
      threshold: 3,
      approved: false,
    });
    expect(r.staged.map((a) => a.kind === 'deprovision' && a.how)).toEqual([
      'Disable',
      'Disable',
      'Delete',
      'Delete',
    ]);
  });

  it('keeps the other actions of a held cycle', () => {
    expect(applyDeletionThreshold(actions(9), { threshold: 5, approved: false }).actions).toEqual([
      { kind: 'update', targetUserId: 't0', sourceUserId: 's0', changes: [] },
    ]);
  });
});

describe('per-user retry back-off', () => {
  it.each([
    [0, 0],
    [1, 30],
    [2, 60],
    [5, 480],
    [10, 15_360],
    [11, 6 * HOUR],
    [100, 6 * HOUR],
  ])('%i failed attempts -> %i s', (attempts, seconds) => {
    expect(userRetryDelaySeconds(attempts)).toBe(seconds);
  });

  it('is due only once the back-off has passed', () => {
    const lastAttemptAt = new Date(Date.UTC(2026, 0, 1));
    const after = (s: number) => new Date(lastAttemptAt.getTime() + s * 1000);
    expect(userRetryDue({ attempts: 2, lastAttemptAt }, after(59))).toBe(false);
    expect(userRetryDue({ attempts: 2, lastAttemptAt }, after(60))).toBe(true);
  });
});

describe('isTransientFailure', () => {
  it.each([
    [{ status: 503, code: 'ServiceNotAvailable' }, true],
    [{ status: 429, code: 'TooManyRequests' }, true],
    [{ status: 0, code: 'NetworkError' }, true],
    [{ status: 0, code: 'RequestTimeout' }, true],
    [{ status: 200, code: 'MalformedResponse' }, true],
    [{ status: 0, code: 'CredentialsInvalid' }, false],
    [{ status: 403, code: 'Authorization_RequestDenied' }, false],
    [{ status: 400, code: 'Request_UnsupportedQuery' }, false],
  ])('%p is transient: %p', (error, transient) => {
    expect(isTransientFailure(error)).toBe(transient);
  });

  it('retries an outage quickly, never waiting more than one interval', () => {
    expect([1, 2, 3, 4, 10].map((n) => unreachableRetryMs(n, 10_000))).toEqual([
      2000, 4000, 8000, 10000, 10000,
    ]);
  });
});
