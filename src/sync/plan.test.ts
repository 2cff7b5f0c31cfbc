import { compileMapping } from './mapping/compile.js';
import type { CompiledMapping } from './mapping/compile.js';
import { planUserChanges } from './plan.js';
import { TargetStore } from './target-index.js';
import type { PlanInput, ScopedSourceUser, SyncPlan } from './plan.js';
import type { TargetUserRecord } from './types.js';
import { targetUniqueness } from './target-uniqueness.js';
import type { AttributeMappingEntry, SyncScopeSpec } from './types.js';

const TENANT = 'aaaaaaaa-0000-0000-0000-000000000001';
const OTHER_TENANT = 'bbbbbbbb-0000-0000-0000-000000000002';
const ANCHOR = 'onPremisesExtensionAttributes.extensionAttribute15';
const NOW = new Date(Date.UTC(2026, 0, 1));

const SPEC: SyncScopeSpec = {
  scope: { allUsers: true, membership: 'Direct' },
  userType: 'Member',
  adoptExisting: false,
  anchorAttribute: ANCHOR,
  deprovision: { onOutOfScope: 'SoftDelete', onSourceDeleted: 'SoftDelete', onSourceDisabled: 'Disable' },
  safety: { deletionThreshold: 500 },
};

function compiled(mappings: AttributeMappingEntry[] = []): CompiledMapping {
  const r = compileMapping({ includeDefaults: true, mappings });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.mapping;
}

const BASE = compiled();

function source(id: string, attributes: Record<string, unknown> = {}, extra: Partial<ScopedSourceUser> = {}) {
  return {
    id,
    inScope: true,
    attributes: {
      displayName: `User ${id}`,
      mail: `${id}@emea.contoso.com`,
      accountEnabled: true,
      ...attributes,
    },
    ...extra,
  };
}

/** The target user the default mapping produces for source(id, attributes): a cycle after it is a no-op. */
function synced(id: string, attributes: Record<string, unknown> = {}, extra: Partial<TargetUserRecord> = {}) {
  return {
    id: `t-${id}`,
    attributes: {
      displayName: `User ${id}`,
      mail: `${id}@emea.contoso.com`,
      accountEnabled: true,
      userType: 'Member',
      onPremisesExtensionAttributes: { extensionAttribute15: `${TENANT}:${id}` },
      ...attributes,
    },
    ...extra,
  };
}

function plan(
  sourceUsers: ScopedSourceUser[],
  targets: TargetUserRecord[],
  overrides: Omit<Partial<PlanInput>, 'spec'> & { spec?: Partial<SyncScopeSpec> } = {},
): SyncPlan {
  return planUserChanges({
    sourceTenantId: TENANT,
    sourceUsers,
    sourceDeleted: [],
    targetIndex: new TargetStore(ANCHOR, targets).lookup(),
    mapping: BASE,
    now: NOW,
    ...overrides,
    spec: { ...SPEC, ...overrides.spec },
  });
}

describe('planUserChanges: create, no-op, update', () => {
  it('creates a new in-scope user through an invitation, with the anchor', () => {
    const { actions, failures } = plan([source('u1', { givenName: 'Ada' })], []);
    expect(failures).toEqual([]);
    expect(actions).toEqual([
      {
        kind: 'create',
        sourceUserId: 'u1',
        invitation: { email: 'u1@emea.contoso.com', displayName: 'User u1', userType: 'Member' },
        attributes: expect.objectContaining({
          displayName: 'User u1',
          givenName: 'Ada',
          accountEnabled: true,
          userType: 'Member',
          [ANCHOR]: `${TENANT}:u1`,
        }),
      },
    ]);
  });

  it.each([
    ['Guest', 'Guest'],
    ['Member', 'Member'],
  ] as const)('invites with the SyncScope userType %s', (userType, expected) => {
    const r = compileMapping({ includeDefaults: true, mappings: [] }, { userType });
    if (!r.ok) throw new Error('compile');
    const { actions } = plan([source('u1')], [], { mapping: r.mapping, spec: { userType } });
    expect(actions[0]?.kind === 'create' && actions[0].invitation.userType).toBe(expected);
  });

  it('writes nothing when nothing differs', () => {
    expect(plan([source('u1', { city: 'Paris' })], [synced('u1', { city: 'Paris' })])).toEqual({
      actions: [],
      failures: [],
      deferred: [],
    });
  });

  it('treats absent, null and empty strings as the same value', () => {
    expect(plan([source('u1', { city: '' })], [synced('u1', { city: null })]).actions).toEqual([]);
  });

  it('updates only the attributes that changed', () => {
    const { actions } = plan(
      [source('u1', { city: 'Lyon', department: 'Sales' })],
      [synced('u1', { city: 'Paris', department: 'Sales' })],
    );
    expect(actions).toEqual([
      {
        kind: 'update',
        targetUserId: 't-u1',
        sourceUserId: 'u1',
        changes: [{ attribute: 'city', from: 'Paris', to: 'Lyon' }],
      },
    ]);
  });

  it('corrects drift made by hand in the target', () => {
    const { actions } = plan([source('u1')], [synced('u1', { accountEnabled: false })]);
    expect(actions).toEqual([
      expect.objectContaining({
        kind: 'update',
        changes: [{ attribute: 'accountEnabled', from: false, to: true }],
      }),
    ]);
  });

  it('never updates an OnCreate mapping', () => {
    const mapping = compiled([{ target: 'employeeType', constant: 'Synced', apply: 'OnCreate' }]);
    const { actions } = plan([source('u1')], [synced('u1', { employeeType: 'Edited' })], { mapping });
    expect(actions).toEqual([]);
    const created = plan([source('u2')], [], { mapping }).actions[0];
    expect(created?.kind === 'create' && created.attributes['employeeType']).toBe('Synced');
  });

  it('reports a user whose mapping fails and plans the others', () => {
    const mapping = compiled([
      { target: 'country', expression: 'IIF([country]="US", "US", "Other")', apply: 'Always' },
    ]);
    const { actions, failures } = plan([source('u1'), source('u2', { country: 'US' })], [], { mapping });
    expect(failures).toEqual([
      { sourceUserId: 'u1', reason: 'MappingFailed', message: expect.stringContaining('country: IIF') },
    ]);
    expect(actions.map((a) => a.kind === 'create' && a.sourceUserId)).toEqual(['u2']);
  });

  it('reports a user it cannot invite', () => {
    const { failures } = plan([source('u1', { mail: null, userPrincipalName: undefined })], []);
    expect(failures).toEqual([expect.objectContaining({ sourceUserId: 'u1', reason: 'NoEmail' })]);
  });
});

describe('planUserChanges: creates per cycle', () => {
  it('plans at most maxCreates creates and defers the rest, while updates go on', () => {
    const users = [source('u1'), source('u2', { city: 'Lyon' }), source('u3'), source('u4')];
    const { actions, deferred } = plan(users, [synced('u2')], { maxCreates: 2 });
    expect(actions.map((a) => [a.kind, a.sourceUserId])).toEqual([
      ['create', 'u1'],
      ['update', 'u2'],
      ['create', 'u3'],
    ]);
    expect(deferred).toEqual(['u4']);
  });
});

describe('planUserChanges: SelectUniqueValue', () => {
  it('takes the first candidate no target user holds, and not one an earlier create took', () => {
    const mapping = compiled([
      {
        target: 'mailNickname',
        expression: 'SelectUniqueValue([givenName], Join(".", [givenName], [surname]))',
        apply: 'OnCreate',
      },
    ]);
    const targets = [synced('old', { mailNickname: 'adele' })];
    const users = [
      source('u1', { givenName: 'Adele', surname: 'Vance' }),
      source('u2', { givenName: 'Megan', surname: 'Bowen' }),
      source('u3', { givenName: 'Megan', surname: 'Carter' }),
    ];
    const { actions } = plan(users, targets, {
      mapping,
      context: { isUnique: targetUniqueness(() => targets) },
    });
    const nicknames = actions.map((a) => (a.kind === 'create' ? a.attributes['mailNickname'] : a.kind));
    expect(nicknames).toEqual(['Adele.Vance', 'Megan', 'Megan.Carter']);
  });
});

describe('planUserChanges: deprovisioning', () => {
  const out = (id: string) => source(id, {}, { inScope: false });

  it.each([
    ['SoftDelete', synced('u1'), [{ how: 'SoftDelete' }]],
    ['Disable', synced('u1'), [{ how: 'Disable' }]],
    ['Delete', synced('u1'), [{ how: 'Delete' }]],
    ['Ignore', synced('u1'), []],
    ['Disable', synced('u1', { accountEnabled: false }), []],
    ['SoftDelete', synced('u1', {}, { deleted: true }), []],
    ['Delete', synced('u1', {}, { deleted: true }), [{ how: 'Delete' }]],
  ] as const)('out of scope with %s', (policy, target, expected) => {
    const { actions } = plan([out('u1')], [target], {
      spec: { deprovision: { ...SPEC.deprovision, onOutOfScope: policy } },
    });
    expect(actions).toEqual(
      expected.map((e) => ({
        kind: 'deprovision',
        targetUserId: 't-u1',
        sourceUserId: 'u1',
        reason: 'OutOfScope',
        ...e,
      })),
    );
  });

  it('does nothing for an out-of-scope user that was never provisioned', () => {
    expect(plan([out('u1')], []).actions).toEqual([]);
  });

  it.each([
    ['Disable', [{ kind: 'deprovision', how: 'Disable', reason: 'SourceDisabled' }]],
    ['SoftDelete', [{ kind: 'deprovision', how: 'SoftDelete', reason: 'SourceDisabled' }]],
    ['Ignore', []],
  ] as const)('disabled in the source with %s: no accountEnabled update', (policy, expected) => {
    const { actions } = plan([source('u1', { accountEnabled: false })], [synced('u1')], {
      spec: { deprovision: { ...SPEC.deprovision, onSourceDisabled: policy } },
    });
    expect(actions).toEqual(expected.map((e) => ({ targetUserId: 't-u1', sourceUserId: 'u1', ...e })));
  });

  it('disables and updates other changes in the same cycle', () => {
    const { actions } = plan([source('u1', { accountEnabled: false, city: 'Lyon' })], [synced('u1')]);
    expect(actions.map((a) => a.kind)).toEqual(['update', 'deprovision']);
    expect(actions[0]?.kind === 'update' && actions[0].changes).toEqual([
      { attribute: 'city', from: null, to: 'Lyon' },
    ]);
  });

  it('leaves an already disabled target alone, and re-enables it when the source is enabled again', () => {
    expect(
      plan([source('u1', { accountEnabled: false })], [synced('u1', { accountEnabled: false })]).actions,
    ).toEqual([]);
    const { actions } = plan([source('u1')], [synced('u1', { accountEnabled: false })]);
    expect(actions).toEqual([
      expect.objectContaining({
        kind: 'update',
        changes: [{ attribute: 'accountEnabled', from: false, to: true }],
      }),
    ]);
  });

  it('creates a user disabled in the source as disabled', () => {
    const created = plan([source('u1', { accountEnabled: false })], []).actions[0];
    expect(created?.kind === 'create' && created.attributes['accountEnabled']).toBe(false);
  });

  it.each([
    ['SoftDelete', synced('u1'), [{ how: 'SoftDelete' }]],
    ['Delete', synced('u1'), [{ how: 'Delete' }]],
    ['Ignore', synced('u1'), []],
    ['SoftDelete', synced('u1', {}, { deleted: true }), []],
  ] as const)('deleted in the source with %s', (policy, target, expected) => {
    const { actions } = plan([], [target], {
      sourceDeleted: ['u1', 'never-synced'],
      spec: { deprovision: { ...SPEC.deprovision, onSourceDeleted: policy } },
    });
    expect(actions).toEqual(
      expected.map((e) => ({
        kind: 'deprovision',
        targetUserId: 't-u1',
        sourceUserId: 'u1',
        reason: 'SourceDeleted',
        ...e,
      })),
    );
  });

  it('on a complete read, deprovisions anchored users whose source is gone, only for this source tenant', () => {
    const foreign = synced('x', {
      onPremisesExtensionAttributes: { extensionAttribute15: `${OTHER_TENANT}:x` },
    });
    const { actions } = plan([source('u1')], [synced('u1'), synced('gone'), foreign], { complete: true });
    expect(actions).toEqual([
      {
        kind: 'deprovision',
        targetUserId: 't-gone',
        sourceUserId: 'gone',
        how: 'SoftDelete',
        reason: 'SourceDeleted',
      },
    ]);
    expect(plan([source('u1')], [synced('u1'), synced('gone')]).actions).toEqual([]);
  });

  it('puts deprovisions after the other actions', () => {
    const { actions } = plan([source('a', {}, { inScope: false }), source('b')], [synced('a')]);
    expect(actions.map((a) => a.kind)).toEqual(['create', 'deprovision']);
  });
});

describe('planUserChanges: restore and adopt', () => {
  it('restores a soft-deleted target user back in scope, then updates it', () => {
    const { actions } = plan([source('u1', { city: 'Lyon' })], [synced('u1', {}, { deleted: true })]);
    expect(actions).toEqual([
      { kind: 'restore', targetUserId: 't-u1', sourceUserId: 'u1' },
      {
        kind: 'update',
        targetUserId: 't-u1',
        sourceUserId: 'u1',
        changes: [{ attribute: 'city', from: null, to: 'Lyon' }],
      },
    ]);
  });

  it('restores before any other action, so references to restored users resolve', () => {
    const { actions } = plan(
      [source('u1', {}, { managerId: 'boss' }), source('boss')],
      [synced('u1'), synced('boss', {}, { deleted: true })],
    );
    expect(actions).toEqual([
      { kind: 'restore', targetUserId: 't-boss', sourceUserId: 'boss' },
      expect.objectContaining({
        kind: 'update',
        sourceUserId: 'u1',
        manager: { sourceUserId: 'boss', targetUserId: 't-boss' },
      }),
    ]);
  });

  it('prefers a live target user over a soft-deleted duplicate with the same anchor', () => {
    const { actions } = plan([source('u1')], [synced('u1', {}, { id: 'old', deleted: true }), synced('u1')]);
    expect(actions).toEqual([]);
  });

  const b2b = (attributes: Record<string, unknown> = {}) => ({
    id: 't-existing',
    attributes: {
      mail: 'U1@emea.contoso.com',
      displayName: 'Old Name',
      userType: 'Guest',
      creationType: 'Invitation',
      accountEnabled: true,
      ...attributes,
    },
  });

  it('adopts an existing B2B user with the same mail when adoptExisting, writing the anchor and differences', () => {
    const { actions, failures } = plan([source('u1')], [b2b()], { spec: { adoptExisting: true } });
    expect(failures).toEqual([]);
    expect(actions).toEqual([
      {
        kind: 'adopt',
        targetUserId: 't-existing',
        sourceUserId: 'u1',
        attributes: {
          displayName: 'User u1',
          mail: 'u1@emea.contoso.com',
          [ANCHOR]: `${TENANT}:u1`,
        },
      },
    ]);
  });

  it('reports a conflict instead of adopting when adoptExisting is off', () => {
    const { actions, failures } = plan([source('u1')], [b2b()]);
    expect(actions).toEqual([]);
    expect(failures).toEqual([expect.objectContaining({ sourceUserId: 'u1', reason: 'TargetUserExists' })]);
  });

  it.each([false, true])(
    'finishes the create of a user its own recorded invitation made (adoptExisting %s)',
    (adoptExisting) => {
      const inFlight = new Map([['u1', { email: 'u1@EMEA.contoso.com', since: NOW.toISOString() }]]);
      const { actions, failures } = plan([source('u1')], [b2b()], { inFlight, spec: { adoptExisting } });
      expect(failures).toEqual([]);
      expect(actions.map((a) => a.kind)).toEqual(['create']);
    },
  );

  it('reports a conflict for a user at an address recorded for another source user', () => {
    const inFlight = new Map([['u2', { email: 'u1@emea.contoso.com', since: NOW.toISOString() }]]);
    const { failures } = plan([source('u1')], [b2b()], { inFlight });
    expect(failures).toEqual([expect.objectContaining({ sourceUserId: 'u1', reason: 'TargetUserExists' })]);
  });

  it('never matches an internal user of the target tenant', () => {
    const internal = { id: 't-internal', attributes: { mail: 'u1@emea.contoso.com', userType: 'Member' } };
    const { actions } = plan([source('u1')], [internal], { spec: { adoptExisting: true } });
    expect(actions.map((a) => a.kind)).toEqual(['create']);
  });

  it('does not flip an existing Guest to Member unless the userType mapping is Always', () => {
    const guest = synced('u1', { userType: 'Guest' });
    expect(plan([source('u1')], [guest]).actions).toEqual([]);
    const always = compiled([{ target: 'userType', constant: 'Member', apply: 'Always' }]);
    expect(plan([source('u1')], [guest], { mapping: always }).actions).toEqual([
      expect.objectContaining({ changes: [{ attribute: 'userType', from: 'Guest', to: 'Member' }] }),
    ]);
  });
});

describe('planUserChanges: manager', () => {
  const withManager = (id: string, managerId: string | null, inScope = true) =>
    source(id, {}, { managerId, inScope });

  it('creates with the counterpart of the source manager', () => {
    const created = plan([withManager('u1', 'boss')], [synced('boss')]).actions[0];
    expect(created?.kind === 'create' && created.manager).toEqual({
      sourceUserId: 'boss',
      targetUserId: 't-boss',
    });
  });

  it('leaves the manager for apply to resolve when it is created in the same cycle', () => {
    const { actions } = plan([withManager('u1', 'boss'), source('boss')], []);
    expect(actions[0]?.kind === 'create' && actions[0].manager).toEqual({ sourceUserId: 'boss' });
  });

  it.each([
    [
      'the manager is out of scope this cycle',
      [withManager('u1', 'boss'), source('boss', {}, { inScope: false })],
      [synced('u1')],
    ],
    ['the manager was never synced', [withManager('u1', 'boss')], [synced('u1')]],
    [
      'the manager was removed in the source',
      [withManager('u1', null)],
      [synced('u1', {}, { managerId: 't-boss' }), synced('boss')],
    ],
    [
      'the manager is already set',
      [withManager('u1', 'boss')],
      [synced('u1', {}, { managerId: 't-boss' }), synced('boss')],
    ],
  ])('no manager change when %s', (_name, sources, targets) => {
    const { actions } = plan(sources, targets);
    expect(actions.filter((a) => a.kind === 'update' || a.kind === 'create')).toEqual([]);
  });

  it('updates the manager when the source manager changes', () => {
    const { actions } = plan(
      [withManager('u1', 'boss2')],
      [synced('u1', {}, { managerId: 't-boss' }), synced('boss'), synced('boss2')],
    );
    expect(actions).toEqual([
      {
        kind: 'update',
        targetUserId: 't-u1',
        sourceUserId: 'u1',
        changes: [],
        manager: { sourceUserId: 'boss2', targetUserId: 't-boss2' },
      },
    ]);
  });

  it('does not sync the manager when the mapping leaves it out', () => {
    const r = compileMapping({
      includeDefaults: false,
      mappings: [{ target: 'displayName', source: 'displayName', apply: 'Always' }],
    });
    if (!r.ok) throw new Error('compile');
    const created = plan([withManager('u1', 'boss')], [synced('boss')], { mapping: r.mapping }).actions[0];
    expect(created?.kind === 'create' && created.manager).toBeUndefined();
  });
});
