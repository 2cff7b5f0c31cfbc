import type { ActionOutcome } from '../apply.js';
import { emptySyncState } from '../cycle.js';
import { counterpartOf, counterpartsMadeLive } from './counterparts.js';

const TENANT = 'e1e1e1e1-0000-4000-8000-000000000001';
const ANCHOR = 'onPremisesExtensionAttributes.extensionAttribute15';

function create(sourceUserId: string): ActionOutcome['action'] {
  return {
    kind: 'create',
    sourceUserId,
    invitation: { email: `${sourceUserId}@emea.test`, displayName: sourceUserId, userType: 'Member' },
    attributes: {},
  };
}

describe('counterpartsMadeLive', () => {
  it('takes the users created, adopted or restored this cycle, not the failed, held or other actions', () => {
    const outcomes: ActionOutcome[] = [
      { action: create('new'), ok: true, targetUserId: 't-new' },
      { action: create('refused'), ok: false, error: 'Request_BadRequest' },
      { action: create('held'), ok: false, held: true, unknown: true },
      { action: create('unanchored'), ok: false, targetUserId: 't-unanchored', error: 'PATCH failed' },
      {
        action: { kind: 'adopt', sourceUserId: 'adopted', targetUserId: 't-adopted', attributes: {} },
        ok: true,
        targetUserId: 't-adopted',
      },
      {
        action: { kind: 'restore', sourceUserId: 'back', targetUserId: 't-back' },
        ok: true,
        targetUserId: 't-back',
      },
      {
        action: { kind: 'update', sourceUserId: 'known', targetUserId: 't-known', changes: [] },
        ok: true,
        targetUserId: 't-known',
      },
    ];
    expect(Object.fromEntries(counterpartsMadeLive(outcomes))).toEqual({
      new: 't-new',
      adopted: 't-adopted',
      back: 't-back',
    });
  });
});

describe('counterpartOf', () => {
  const state = emptySyncState(ANCHOR);
  for (const [id, inScope] of [
    ['known', true],
    ['new', true],
    ['gone', false],
    ['deleted', true],
  ] as const)
    state.source.set(id, { id, attributes: {}, inScope });
  const anchored = (id: string, sourceId: string, deleted = false) => ({
    id,
    attributes: { onPremisesExtensionAttributes: { extensionAttribute15: `${TENANT}:${sourceId}` } },
    ...(deleted ? { deleted } : {}),
  });
  state.target.set(anchored('t-known', 'known'));
  state.target.set(anchored('t-gone', 'gone'));
  state.target.set(anchored('t-deleted', 'deleted', true));

  it('finds a user created this cycle, which the target index read before the writes does not hold', () => {
    const before = counterpartOf(state, TENANT);
    expect(before('new')).toBeUndefined();
    const after = counterpartOf(state, TENANT, new Map([['new', 't-new']]));
    expect(after('new')).toBe('t-new');
    expect(after('known')).toBe('t-known');
  });

  it('gives no counterpart for a user out of scope, or soft-deleted and not restored', () => {
    const lookup = counterpartOf(state, TENANT, new Map([['gone', 't-gone']]));
    expect(lookup('gone')).toBeUndefined();
    expect(lookup('deleted')).toBeUndefined();
    expect(counterpartOf(state, TENANT, new Map([['deleted', 't-deleted']]))('deleted')).toBe('t-deleted');
  });
});
