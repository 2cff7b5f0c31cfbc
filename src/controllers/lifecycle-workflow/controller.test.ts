import {
  connectedThrough,
  governanceOperator,
  graphAnswering,
  resource,
  type FakeOperatorOptions,
  type FakeResource,
} from '../../../test/support/kind-controller.js';
import { workflowKind } from './controller.js';

const DEFAULTS = {
  tenantLinkRef: 'contoso',
  category: 'joiner',
  trigger: { attribute: 'createdDateTime' },
  scope: { rule: "(userType eq 'Member')" },
  tasks: [{ kind: 'RequestAccessPackage', accessPackagePolicyRef: 'jit' }],
};

/** The AccessPackagePolicy jit, with the ids its status has so far. */
function jit(status: object): FakeResource {
  return {
    metadata: { namespace: 'team', name: 'jit' },
    spec: { tenantLinkRef: 'contoso', policies: [{ name: 'on-request' }] },
    status,
  };
}
const JIT_READY = { accessPackageId: 'pkg-jit', policies: [{ name: 'on-request', id: 'policy-jit' }] };

function operator(spec: Record<string, unknown>, options: FakeOperatorOptions = {}) {
  const obj = resource('LifecycleWorkflow', 'joiner', { ...DEFAULTS, ...spec });
  return governanceOperator(obj, workflowKind, {
    cache: { AccessPackagePolicy: [jit(JIT_READY)] },
    ...options,
  });
}

describe('LifecycleWorkflow act', () => {
  it('stalls on a mover workflow, whose trigger a date cannot express, without reaching the tenant', async () => {
    const t = operator({ category: 'mover', tasks: [{ kind: 'NotifyManagerOfMove' }] });
    await t.run();
    expect(t.condition('Ready')).toMatchObject({ status: 'False', reason: 'TriggerNotSupported' });
    expect(t.condition('Stalled')?.status).toBe('True');
    expect(t.connects).toEqual([]);
  });

  it('stalls on a scope rule that does not parse', async () => {
    const t = operator({ scope: { rule: "(userType eq 'Member'" } });
    await t.run();
    expect(t.condition('Ready')).toMatchObject({ status: 'False', reason: 'RuleInvalid' });
    expect(t.condition('Ready')?.message).toMatch(/^scope\.rule: /);
    expect(t.connects).toEqual([]);
  });

  it('stalls on a task naming an AccessPackagePolicy that does not exist', async () => {
    const t = operator({}, { cache: {} });
    await t.run();
    expect(t.condition('Ready')).toMatchObject({ status: 'False', reason: 'ReferenceNotFound' });
    expect(t.condition('Ready')?.message).toContain('task 1: AccessPackagePolicy jit does not exist');
    expect(t.connects).toEqual([]);
  });

  it('waits, without stalling, until the AccessPackagePolicy has its package and policy ids', async () => {
    const t = operator({}, { cache: { AccessPackagePolicy: [jit({ accessPackageId: 'pkg-jit' })] } });
    await expect(t.run()).resolves.toEqual({ requeueAfterMs: 10_000 });
    expect(t.condition('Ready')).toMatchObject({ status: 'False', reason: 'DependencyNotReady' });
    expect(t.condition('Stalled')).toBeUndefined();
    expect(t.connects).toEqual([]);
  });

  it('warns about scope attributes no SyncScope into the tenant maps, while the link is not ready', async () => {
    const scope: FakeResource = {
      metadata: { namespace: 'team', name: 'emea' },
      spec: {
        source: { tenantLinkRef: 'emea' },
        target: { tenantLinkRef: 'contoso' },
        scope: { allUsers: true },
      },
    };
    const t = operator(
      { scope: { rule: "(jobTitle eq 'Seller')" } },
      { cache: { AccessPackagePolicy: [jit(JIT_READY)], SyncScope: [scope] } },
    );
    await expect(t.run()).resolves.toEqual({ requeueAfterMs: 30_000 });
    expect(t.connects).toEqual(['contoso']);
    expect(t.condition('Ready')).toMatchObject({ status: 'False', reason: 'TenantLinkNotReady' });
    expect(t.condition('AttributesNotSynced')).toMatchObject({
      status: 'True',
      reason: 'NoSyncScopeMapsAttribute',
    });
    expect(t.condition('AttributesNotSynced')?.message).toContain('jobTitle');
  });

  it('stalls with PermissionsMissing when Graph answers 403', async () => {
    const t = operator({}, { connect: () => connectedThrough(graphAnswering(403)) });
    await t.run();
    expect(t.condition('Ready')).toMatchObject({ status: 'False', reason: 'PermissionsMissing' });
    expect(t.events).toEqual([expect.objectContaining({ type: 'Warning', reason: 'PermissionsMissing' })]);
  });
});
