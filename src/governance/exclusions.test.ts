import type { ReviewSchedule, SyncScope } from '../api/index.js';
import {
  exclusionsFromDenials,
  formatExclusions,
  mergeExclusions,
  recordedExclusions,
  SYNC_EXCLUSIONS_ANNOTATION,
  syncExclusionsFor,
} from './exclusions.js';
import type { RecordedExclusion } from './exclusions.js';

const EMEA = '2b7d9e41-5c6a-4f3b-8d2e-1a0b9c8d7e6f';
const US = '9a3e5c7b-1d2f-4e6a-8b0c-3d4e5f6a7b8c';
const ANCHOR = 'onPremisesExtensionAttributes.extensionAttribute15';

const syncScope = {
  metadata: { name: 'emea-to-contoso', namespace: 'ns' },
  spec: { target: { tenantLinkRef: 'contoso' } },
} as unknown as SyncScope;

function review(
  name: string,
  recorded: RecordedExclusion[],
  extra: Record<string, unknown> = {},
): ReviewSchedule {
  return {
    metadata: {
      name,
      namespace: (extra.namespace as string) ?? 'ns',
      annotations: { [SYNC_EXCLUSIONS_ANNOTATION]: formatExclusions(recorded) },
      ...(extra.deletionTimestamp ? { deletionTimestamp: extra.deletionTimestamp } : {}),
    },
    spec: { tenantLinkRef: extra.tenantLinkRef ?? 'contoso', onDeny: extra.onDeny ?? 'ExcludeFromSync' },
  } as unknown as ReviewSchedule;
}

const alice = {
  syncScope: 'emea-to-contoso',
  sourceUserId: 'a',
  targetUserId: 'ta',
  since: '2026-12-02T00:00:00Z',
};
const bob = {
  syncScope: 'emea-to-contoso',
  sourceUserId: 'b',
  targetUserId: 'tb',
  since: '2026-12-03T00:00:00Z',
};
const other = {
  syncScope: 'us-to-contoso',
  sourceUserId: 'c',
  targetUserId: 'tc',
  since: '2026-12-03T00:00:00Z',
};

describe('syncExclusionsFor', () => {
  it.each([
    ['the users recorded for this SyncScope', [review('r1', [bob, alice, other])], ['a:r1', 'b:r1']],
    ['nothing while onDeny is RemoveAccess: lifted', [review('r1', [alice], { onDeny: 'RemoveAccess' })], []],
    [
      'nothing from a schedule being deleted: lifted',
      [review('r1', [alice], { deletionTimestamp: '2026-12-05T00:00:00Z' })],
      [],
    ],
    ['nothing from another namespace', [review('r1', [alice], { namespace: 'other' })], []],
    ['nothing from a review of another tenant', [review('r1', [alice], { tenantLinkRef: 'emea' })], []],
    [
      'one entry per user, the earliest',
      [review('r2', [{ ...alice, since: '2026-12-09T00:00:00Z' }]), review('r1', [alice])],
      ['a:r1'],
    ],
  ])('%s', (_, reviews, expected) => {
    expect(syncExclusionsFor(syncScope, reviews).map((e) => `${e.sourceUserId}:${e.reviewSchedule}`)).toEqual(
      expected,
    );
  });

  it('reports the time the user was excluded', () => {
    expect(syncExclusionsFor(syncScope, [review('r1', [alice])])).toEqual([
      { sourceUserId: 'a', reviewSchedule: 'r1', since: '2026-12-02T00:00:00Z' },
    ]);
  });
});

describe('recording', () => {
  it('reads what it wrote and ignores a malformed annotation', () => {
    expect(recordedExclusions(review('r', [alice, bob]))).toEqual([alice, bob]);
    const broken = {
      metadata: { annotations: { [SYNC_EXCLUSIONS_ANNOTATION]: '{not json' } },
    } as unknown as ReviewSchedule;
    expect(recordedExclusions(broken)).toEqual([]);
    expect(recordedExclusions({ metadata: {} } as ReviewSchedule)).toEqual([]);
  });

  it('finds the SyncScope of each denied user from its anchor', () => {
    const scopes = [
      { name: 'emea-to-contoso', sourceTenantId: EMEA, anchorAttribute: ANCHOR },
      { name: 'us-to-contoso', sourceTenantId: US, anchorAttribute: ANCHOR },
    ];
    const users = [
      { id: 't1', attributes: { onPremisesExtensionAttributes: { extensionAttribute15: `${EMEA}:s1` } } },
      { id: 't2', attributes: { onPremisesExtensionAttributes: { extensionAttribute15: `${US}:s2` } } },
      { id: 'native', attributes: { onPremisesExtensionAttributes: { extensionAttribute15: null } } },
    ];
    expect(exclusionsFromDenials(users, scopes, new Date('2026-12-05T10:00:00.123Z'))).toEqual([
      { syncScope: 'emea-to-contoso', sourceUserId: 's1', targetUserId: 't1', since: '2026-12-05T10:00:00Z' },
      { syncScope: 'us-to-contoso', sourceUserId: 's2', targetUserId: 't2', since: '2026-12-05T10:00:00Z' },
    ]);
  });

  it('keeps the first time of a user excluded again', () => {
    expect(mergeExclusions([alice], [{ ...alice, since: '2027-01-01T00:00:00Z' }, bob])).toEqual([
      alice,
      bob,
    ]);
  });
});

describe('lifting one exclusion', () => {
  const fromFirst = { ...alice, instance: 'i1' };
  const lifted = { ...fromFirst, lifted: true };

  it('lets the user back into sync and keeps the other exclusions', () => {
    expect(syncExclusionsFor(syncScope, [review('r1', [lifted, bob])]).map((e) => e.sourceUserId)).toEqual([
      'b',
    ]);
  });

  it('is not undone by the decision that made the exclusion', () => {
    const again = { ...alice, since: '2026-12-05T00:00:00Z', instance: 'i1' };
    expect(mergeExclusions([lifted, bob], [again, bob])).toEqual([lifted, bob]);
  });

  it('gives way to a denial in a later review instance', () => {
    const later = { ...alice, since: '2026-12-09T00:00:00Z', instance: 'i2' };
    expect(mergeExclusions([lifted], [later])).toEqual([later]);
    expect(syncExclusionsFor(syncScope, [review('r1', mergeExclusions([lifted], [later]))])).toHaveLength(1);
  });

  it('takes a lifted entry without an instance as the current decision, so the next one excludes again', () => {
    const old = { ...alice, lifted: true };
    const stamped = mergeExclusions([old], [{ ...alice, instance: 'i1' }]);
    expect(stamped).toEqual([{ ...old, instance: 'i1' }]);
    expect(mergeExclusions(stamped, [{ ...alice, instance: 'i2' }])).toEqual([{ ...alice, instance: 'i2' }]);
  });

  it('reads the instance and the lift from the annotation, and records the instance of a denial', () => {
    expect(recordedExclusions(review('r1', [lifted]))).toEqual([lifted]);
    const denied = [
      { id: 'ta', attributes: { onPremisesExtensionAttributes: { extensionAttribute15: `${EMEA}:a` } } },
    ];
    const scopes = [{ name: 'emea-to-contoso', sourceTenantId: EMEA, anchorAttribute: ANCHOR }];
    expect(exclusionsFromDenials(denied, scopes, new Date('2026-12-02T00:00:00Z'), 'i1')).toEqual([
      fromFirst,
    ]);
  });
});
