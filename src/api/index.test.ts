import {
  CLIENT_ID,
  GROUP_ID,
  SYNC_SCOPE_DEFAULTS,
  TENANT_ID,
  fullSpecs,
  minimalSpecs,
  withSpec,
} from '../../test/api/manifests.js';
import { applyDefaults, checkSpec, kinds } from './index.js';
import type { KindName } from './index.js';

describe('applyDefaults', () => {
  it('fills in the TenantLink defaults', () => {
    const spec = applyDefaults('TenantLink', minimalSpecs.TenantLink);
    expect(spec).toMatchObject({ cloud: 'Public', suspend: false, deletionPolicy: 'Orphan' });
    expect(spec.endpoints).toBeUndefined();
  });

  it("fills in the SyncScope defaults, including Entra's deprovisioning defaults inside absent objects", () => {
    const spec = applyDefaults('SyncScope', minimalSpecs.SyncScope);
    expect(spec).toMatchObject(SYNC_SCOPE_DEFAULTS);
  });

  it('keeps values that are set and defaults only the missing siblings', () => {
    const spec = applyDefaults(
      'SyncScope',
      withSpec('SyncScope', { deprovision: { onOutOfScope: 'Ignore' } }),
    );
    expect(spec.deprovision).toEqual({
      onOutOfScope: 'Ignore',
      onSourceDeleted: 'SoftDelete',
      onSourceDisabled: 'Disable',
    });
  });

  it('fills in the AttributeMapping defaults and the apply mode of each mapping', () => {
    const spec = applyDefaults('AttributeMapping', {
      mappings: [{ target: 'jobTitle', source: 'jobTitle' }],
    });
    expect(spec.includeDefaults).toBe(true);
    expect(spec.mappings[0]?.apply).toBe('Always');
    expect(applyDefaults('AttributeMapping', {}).mappings).toEqual([]);
  });

  it('fills in the governance defaults', () => {
    const app = applyDefaults('AccessPackagePolicy', minimalSpecs.AccessPackagePolicy);
    expect(app.policies[0]?.automatic?.removeWhenOutOfScope).toBe(true);
    expect(app.accessPackage.hidden).toBe(false);
    expect(app.resources).toEqual([]);
    const rs = applyDefaults('ReviewSchedule', minimalSpecs.ReviewSchedule);
    expect(rs.recurrence).toEqual({
      startDate: '2026-01-05',
      interval: 'Quarterly',
      every: 1,
      durationInDays: 14,
    });
    expect(rs.decisions).toEqual({
      autoApply: false,
      defaultDecision: 'None',
      justificationRequired: true,
      recommendations: true,
    });
    expect(rs.scope.principals).toBe('All');
    expect(rs.onDeny).toBe('RemoveAccess');
    const lcw = applyDefaults('LifecycleWorkflow', minimalSpecs.LifecycleWorkflow);
    expect(lcw.enabled).toBe(true);
    expect(lcw.trigger.offsetInDays).toBe(0);
    expect(lcw.tasks[0]).toMatchObject({ enabled: true, continueOnError: false });
  });

  it('does not modify its argument', () => {
    const input = structuredClone(minimalSpecs.SyncScope);
    applyDefaults('SyncScope', input);
    expect(input).toEqual(minimalSpecs.SyncScope);
  });
});

describe('checkSpec', () => {
  it.each(kinds.map((k) => k.kind as KindName))('accepts the minimal %s', (kind) => {
    expect(checkSpec(kind, minimalSpecs[kind])).toMatchObject({ ok: true });
  });

  it.each(kinds.map((k) => k.kind as KindName))('accepts a full %s', (kind) => {
    expect(checkSpec(kind, fullSpecs[kind])).toMatchObject({ ok: true });
  });

  it('accepts a full TenantLink with simulator endpoints and a certificate', () => {
    const spec = {
      tenantId: TENANT_ID,
      endpoints: { authorityHost: 'https://localhost:8443', graph: 'https://localhost:8443/graph' },
      credentials: { clientId: CLIENT_ID, certificateRef: { name: 'app-cert', key: 'tls.pem' } },
    };
    expect(checkSpec('TenantLink', spec)).toMatchObject({ ok: true });
  });

  const bad: [KindName, Record<string, unknown>, string][] = [
    [
      'TenantLink',
      withSpec('TenantLink', { tenantId: 'contoso.onmicrosoft.com' }),
      "spec.tenantId: Expected string to match 'uuid' format",
    ],
    [
      'TenantLink',
      withSpec('TenantLink', { cloud: 'Germany' }),
      'spec.cloud: must be one of Public, USGovernment, China',
    ],
    [
      'TenantLink',
      withSpec('TenantLink', { endpoints: { authorityHost: 'http://login', graph: 'https://g' } }),
      'spec.endpoints.authorityHost: Expected string to match',
    ],
    [
      'TenantLink',
      withSpec('TenantLink', { credentials: { clientSecretRef: { name: 'a', key: 'b' } } }),
      'spec.credentials.clientId: Expected required property',
    ],
    [
      'SyncScope',
      withSpec('SyncScope', { scope: { groups: ['not-a-guid'] } }),
      "spec.scope.groups.0: Expected string to match 'uuid' format",
    ],
    [
      'SyncScope',
      withSpec('SyncScope', { interval: '10 seconds' }),
      'spec.interval: Expected string to match',
    ],
    [
      'SyncScope',
      withSpec('SyncScope', { safety: { deletionThreshold: -1 } }),
      'spec.safety.deletionThreshold: Expected integer to be greater or equal to 0',
    ],
    [
      'SyncScope',
      withSpec('SyncScope', { deprovision: { onOutOfScope: 'HardDelete' } }),
      'spec.deprovision.onOutOfScope: must be one of Disable, SoftDelete, Delete, Ignore',
    ],
    [
      'SyncScope',
      withSpec('SyncScope', {
        scope: { allUsers: true, filters: [{ clauses: [{ attribute: 'dept', operator: 'Contains' }] }] },
      }),
      'spec.scope.filters.0.clauses.0.operator: must be one of Equals',
    ],
    [
      'SyncScope',
      withSpec('SyncScope', { anchorAttribute: 'extensionAttribute16' }),
      'spec.anchorAttribute: Expected string to match',
    ],
    ['SyncScope', withSpec('SyncScope', { sourceTenant: 'emea' }), 'spec.sourceTenant: Unexpected property'],
    [
      'AttributeMapping',
      { mappings: [{ target: 'job title', source: 'jobTitle' }] },
      'spec.mappings.0.target: Expected string to match',
    ],
    [
      'AttributeMapping',
      { mappings: [{ target: 'jobTitle', source: 'jobTitle', apply: 'OnUpdate' }] },
      'spec.mappings.0.apply: must be one of Always, OnCreate',
    ],
    [
      'LifecycleWorkflow',
      withSpec('LifecycleWorkflow', { trigger: { attribute: 'employeeLeaveDateTime', offsetInDays: 181 } }),
      'spec.trigger.offsetInDays: Expected integer to be less or equal to 180',
    ],
    [
      'LifecycleWorkflow',
      withSpec('LifecycleWorkflow', {
        tasks: Array.from({ length: 26 }, () => ({ kind: 'DisableAccount' })),
      }),
      'spec.tasks: Expected array length to be less or equal to 25',
    ],
    [
      'LifecycleWorkflow',
      withSpec('LifecycleWorkflow', { category: 'Leaver' }),
      'spec.category: must be one of joiner, mover, leaver',
    ],
    [
      'ReviewSchedule',
      withSpec('ReviewSchedule', { recurrence: { startDate: '5 Jan 2026' } }),
      "spec.recurrence.startDate: Expected string to match 'date' format",
    ],
    [
      'ReviewSchedule',
      withSpec('ReviewSchedule', { recurrence: { startDate: '2026-01-05', every: 0 } }),
      'spec.recurrence.every: Expected integer to be greater or equal to 1',
    ],
    [
      'AccessPackagePolicy',
      withSpec('AccessPackagePolicy', { policies: [] }),
      'spec.policies: Expected array length to be greater or equal to 1',
    ],
    [
      'AccessPackagePolicy',
      withSpec('AccessPackagePolicy', { resources: [{ group: { id: GROUP_ID }, role: 'Reader' }] }),
      'spec.resources.0.role: must be one of Member, Owner',
    ],
  ];

  it.each(bad.map(([kind, spec, message]) => [kind, message, spec] as const))(
    'rejects a bad %s: %s',
    (kind, message, spec) => {
      const result = checkSpec(kind, spec);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.join('\n')).toContain(message);
    },
  );
});
