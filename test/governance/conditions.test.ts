// Each governance condition triggered and cleared by the real operator process against the real API server
// and the simulator: RuleInvalid, TriggerNotSupported, ReferenceNotFound, DependencyNotReady, AttributesNotSynced,
// SyncConflict.
import 'reflect-metadata';
import { jest } from '@jest/globals';
import { CONTOSO, EMEA } from '../graph-sim/sim-fixture.js';
import { useOperator } from '../support/operator.js';
import { createTenantLink, useSimulator, waitForTenantLink } from '../support/simulator.js';
import {
  conditionOf,
  create,
  deleteAndWaitGone,
  get,
  patch,
  patchStatus,
  waitUntil,
} from '../support/resources.js';

jest.setTimeout(120_000);
const sim = useSimulator();
const testbed = useOperator('gov-cond');
const GROUP_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

function readyReason(resource: {
  status?: { conditions?: { type: string; reason: string }[] };
}): string | undefined {
  return resource.status?.conditions?.find((c) => c.type === 'Ready')?.reason;
}

beforeAll(async () => {
  const { clients, namespace } = testbed();
  await createTenantLink(clients, sim(), { namespace, name: 'contoso', tenant: CONTOSO });
  await createTenantLink(clients, sim(), { namespace, name: 'emea', tenant: EMEA });
  await waitForTenantLink(clients, namespace, 'contoso', 'True/Connected');
  // Suspended: the SyncScope only declares what flows into Contoso; no sync runs in these tests.
  await create(clients, 'SyncScope', namespace, 'emea-to-contoso', {
    source: { tenantLinkRef: 'emea' },
    target: { tenantLinkRef: 'contoso' },
    scope: { groups: [GROUP_ID] },
    suspend: true,
  });
});

describe('governance conditions', () => {
  it('RuleInvalid with the position, cleared when the rule parses', async () => {
    const { clients, namespace } = testbed();
    await create(clients, 'AccessPackagePolicy', namespace, 'broken-rule', {
      tenantLinkRef: 'contoso',
      catalog: { displayName: 'Conditions' },
      accessPackage: { displayName: 'Broken rule' },
      policies: [{ name: 'birthright', automatic: { rule: '(user.department -eq "Sales"' } }],
    });
    const broken = await waitUntil(
      clients,
      'AccessPackagePolicy',
      namespace,
      'broken-rule',
      'RuleInvalid',
      (r) => conditionOf(r, 'Ready') === 'False/RuleInvalid',
    );
    const ready = broken.status?.conditions?.find((c) => c.type === 'Ready');
    expect(ready?.message).toMatch(/^policy birthright: .*at position \d+/);
    expect(conditionOf(broken, 'Stalled')).toBe('True/RuleInvalid');
    await patch(clients, 'AccessPackagePolicy', namespace, 'broken-rule', {
      spec: { policies: [{ name: 'birthright', automatic: { rule: '(user.department -eq "Sales")' } }] },
    });
    const fixed = await waitUntil(
      clients,
      'AccessPackagePolicy',
      namespace,
      'broken-rule',
      'past RuleInvalid',
      (r) => readyReason(r) !== 'RuleInvalid',
    );
    expect(conditionOf(fixed, 'Stalled')).toBeUndefined();
  });

  it('RuleInvalid for a lifecycle workflow scope in the OData syntax', async () => {
    const { clients, namespace } = testbed();
    await create(clients, 'LifecycleWorkflow', namespace, 'bad-scope', {
      tenantLinkRef: 'contoso',
      category: 'joiner',
      trigger: { attribute: 'createdDateTime' },
      scope: { rule: "(userType eq 'Member'" },
      tasks: [{ kind: 'EnableAccount' }],
    });
    const bad = await waitUntil(
      clients,
      'LifecycleWorkflow',
      namespace,
      'bad-scope',
      'RuleInvalid',
      (r) => conditionOf(r, 'Ready') === 'False/RuleInvalid',
    );
    expect(bad.status?.conditions?.find((c) => c.type === 'Ready')?.message).toMatch(
      /^scope.rule: .*position/,
    );
  });

  it('TriggerNotSupported for a mover workflow, which Graph triggers on changes rather than on a date', async () => {
    const { clients, namespace } = testbed();
    await create(clients, 'LifecycleWorkflow', namespace, 'mover', {
      tenantLinkRef: 'contoso',
      category: 'mover',
      trigger: { attribute: 'employeeHireDate' },
      scope: { rule: "(department eq 'Sales')" },
      tasks: [{ kind: 'NotifyManagerOfMove' }],
    });
    const mover = await waitUntil(
      clients,
      'LifecycleWorkflow',
      namespace,
      'mover',
      'TriggerNotSupported',
      (r) => conditionOf(r, 'Ready') === 'False/TriggerNotSupported',
    );
    expect(mover.status?.conditions?.find((c) => c.type === 'Ready')?.message).toMatch(
      /attribute or group membership/,
    );
  });

  it('AttributesNotSynced while no SyncScope maps jobTitle, cleared when a mapping adds it', async () => {
    const { clients, namespace } = testbed();
    await create(clients, 'AccessPackagePolicy', namespace, 'sellers', {
      tenantLinkRef: 'contoso',
      catalog: { displayName: 'Conditions' },
      accessPackage: { displayName: 'Sellers' },
      policies: [
        {
          name: 'birthright',
          automatic: { rule: '(user.jobTitle -eq "Seller") -and (user.department -eq "Sales")' },
        },
      ],
    });
    const warned = await waitUntil(
      clients,
      'AccessPackagePolicy',
      namespace,
      'sellers',
      'AttributesNotSynced',
      (r) => conditionOf(r, 'AttributesNotSynced') === 'True/NoSyncScopeMapsAttribute',
    );
    const message = warned.status?.conditions?.find((c) => c.type === 'AttributesNotSynced')?.message ?? '';
    expect(message).toContain('jobTitle');
    expect(message).not.toContain('department');
    await create(clients, 'AttributeMapping', namespace, 'with-job-title', {
      mappings: [{ target: 'jobTitle', source: 'jobTitle' }],
    });
    await patch(clients, 'SyncScope', namespace, 'emea-to-contoso', {
      spec: { attributeMappingRef: 'with-job-title' },
    });
    await waitUntil(
      clients,
      'AccessPackagePolicy',
      namespace,
      'sellers',
      'AttributesNotSynced cleared',
      (r) => conditionOf(r, 'AttributesNotSynced') === undefined,
    );
  });

  it('ReferenceNotFound, then DependencyNotReady until the package and policy ids exist', async () => {
    const { clients, namespace } = testbed();
    await create(clients, 'LifecycleWorkflow', namespace, 'joiner', {
      tenantLinkRef: 'contoso',
      category: 'joiner',
      trigger: { attribute: 'createdDateTime' },
      scope: { rule: "(userType eq 'Member')" },
      tasks: [{ kind: 'RequestAccessPackage', accessPackagePolicyRef: 'jit' }],
    });
    await waitUntil(
      clients,
      'LifecycleWorkflow',
      namespace,
      'joiner',
      'ReferenceNotFound',
      (r) => conditionOf(r, 'Ready') === 'False/ReferenceNotFound',
    );
    // Suspended, so that only this test writes the ids its status reports.
    await create(clients, 'AccessPackagePolicy', namespace, 'jit', {
      tenantLinkRef: 'contoso',
      catalog: { displayName: 'Conditions' },
      accessPackage: { displayName: 'Just in time' },
      policies: [{ name: 'on-request', requests: { allowedRequestors: { syncedFrom: ['emea'] } } }],
      suspend: true,
    });
    const waiting = await waitUntil(
      clients,
      'LifecycleWorkflow',
      namespace,
      'joiner',
      'DependencyNotReady',
      (r) => conditionOf(r, 'Ready') === 'False/DependencyNotReady',
    );
    expect(conditionOf(waiting, 'Stalled')).toBeUndefined();
    await patchStatus(clients, 'AccessPackagePolicy', namespace, 'jit', {
      accessPackageId: 'pkg-jit',
      policies: [{ name: 'on-request', id: 'policy-jit' }],
    });
    await waitUntil(clients, 'LifecycleWorkflow', namespace, 'joiner', 'past DependencyNotReady', (r) => {
      const reason = readyReason(r);
      return reason !== undefined && reason !== 'DependencyNotReady' && reason !== 'ReferenceNotFound';
    });
  });

  it('ReferenceNotFound for a review of a missing AccessPackagePolicy', async () => {
    const { clients, namespace } = testbed();
    await create(clients, 'ReviewSchedule', namespace, 'package-review', {
      tenantLinkRef: 'contoso',
      scope: { accessPackagePolicyRef: 'nowhere' },
      recurrence: { startDate: '2026-12-01' },
    });
    const review = await waitUntil(
      clients,
      'ReviewSchedule',
      namespace,
      'package-review',
      'ReferenceNotFound',
      (r) => conditionOf(r, 'Ready') === 'False/ReferenceNotFound',
    );
    expect(review.status?.conditions?.find((c) => c.type === 'Ready')?.message).toContain('nowhere');
  });

  it('SyncConflict while denied synced users are removed automatically, cleared by ExcludeFromSync', async () => {
    const { clients, namespace } = testbed();
    await create(clients, 'ReviewSchedule', namespace, 'target-review', {
      tenantLinkRef: 'contoso',
      scope: { group: GROUP_ID },
      recurrence: { startDate: '2026-12-01' },
      decisions: { autoApply: true },
      onDeny: 'RemoveAccess',
    });
    const conflict = await waitUntil(
      clients,
      'ReviewSchedule',
      namespace,
      'target-review',
      'SyncConflict',
      (r) => conditionOf(r, 'SyncConflict') === 'True/SyncReprovisionsDeniedUsers',
    );
    expect(conflict.status?.conditions?.find((c) => c.type === 'SyncConflict')?.message).toContain(
      'emea-to-contoso',
    );
    await patch(clients, 'ReviewSchedule', namespace, 'target-review', {
      spec: { onDeny: 'ExcludeFromSync' },
    });
    await waitUntil(
      clients,
      'ReviewSchedule',
      namespace,
      'target-review',
      'SyncConflict cleared',
      (r) => conditionOf(r, 'SyncConflict') === undefined,
    );
    expect(
      conditionOf(await get(clients, 'ReviewSchedule', namespace, 'target-review'), 'Ready'),
    ).toBeDefined();
  });
});

describe('suspend and deletionPolicy', () => {
  it('reports Suspended without touching the tenant', async () => {
    const { clients, namespace } = testbed();
    await create(clients, 'ReviewSchedule', namespace, 'paused', {
      tenantLinkRef: 'contoso',
      scope: { group: GROUP_ID },
      recurrence: { startDate: '2026-12-01' },
      suspend: true,
    });
    const paused = await waitUntil(
      clients,
      'ReviewSchedule',
      namespace,
      'paused',
      'Suspended',
      (r) => conditionOf(r, 'Ready') === 'False/Suspended',
    );
    expect(paused.status?.definitionId).toBeUndefined();
  });

  it('holds a finalizer only with deletionPolicy Delete, and lets the resource go once cleaned up', async () => {
    const { clients, namespace } = testbed();
    await create(clients, 'LifecycleWorkflow', namespace, 'leaver', {
      tenantLinkRef: 'contoso',
      category: 'leaver',
      trigger: { attribute: 'employeeLeaveDateTime' },
      scope: { rule: "(userType eq 'Member')" },
      tasks: [{ kind: 'DisableAccount' }],
      deletionPolicy: 'Delete',
    });
    await waitUntil(clients, 'LifecycleWorkflow', namespace, 'leaver', 'with the finalizer', (r) =>
      (r.metadata.finalizers ?? []).includes('crosstenant.io/delete-in-tenant'),
    );
    await patch(clients, 'LifecycleWorkflow', namespace, 'leaver', { spec: { deletionPolicy: 'Orphan' } });
    await waitUntil(
      clients,
      'LifecycleWorkflow',
      namespace,
      'leaver',
      'without the finalizer',
      (r) => (r.metadata.finalizers ?? []).length === 0,
    );
    await patch(clients, 'LifecycleWorkflow', namespace, 'leaver', { spec: { deletionPolicy: 'Delete' } });
    await waitUntil(clients, 'LifecycleWorkflow', namespace, 'leaver', 'with the finalizer again', (r) =>
      (r.metadata.finalizers ?? []).includes('crosstenant.io/delete-in-tenant'),
    );
    await deleteAndWaitGone(clients, 'LifecycleWorkflow', namespace, 'leaver');
  });
});
