import type { ReviewSchedule, ReviewScheduleStatus } from '../../api/index.js';
import { RESOURCES } from '../../api/index.js';
import { fakeOperator } from '../../../test/support/kind-controller.js';
import type { ReconciledKind } from './reconcile.js';
import { DELETE_IN_TENANT_FINALIZER, reconcileResource, suspendedReadiness } from './reconcile.js';

type Resource = ReviewSchedule;

/** A kind whose pass and cleanup only count their calls. */
function countingKind() {
  const calls = { act: 0, cleanup: 0 };
  const kind: ReconciledKind<'ReviewSchedule', ReviewScheduleStatus, Resource> = {
    resource: RESOURCES.ReviewSchedule,
    act: () => {
      calls.act += 1;
      return Promise.resolve({
        readiness: { state: 'ready', reason: 'ReconciliationSucceeded', message: 'in place' },
        requeueAfterMs: 10_000,
      });
    },
    suspended: () => ({ readiness: suspendedReadiness('the tenant is neither read nor written') }),
    cleanup: {
      run: () => {
        calls.cleanup += 1;
        return Promise.resolve('done');
      },
      inTenant: () => 'the access review definition d-1',
    },
  };
  return { kind, calls };
}

function review(spec: Partial<Resource['spec']>, metadata: Partial<Resource['metadata']> = {}): Resource {
  return {
    apiVersion: 'crosstenant.io/v1alpha1',
    kind: 'ReviewSchedule',
    metadata: { namespace: 'ns', name: 'quarterly', generation: 1, ...metadata },
    spec: { suspend: false, mode: 'Enforce', deletionPolicy: 'Orphan', ...spec } as Resource['spec'],
  };
}

const KEY = 'ns/quarterly';
const deleting = { deletionTimestamp: new Date(), finalizers: [DELETE_IN_TENANT_FINALIZER] };

describe('reconcileResource', () => {
  it('adds the finalizer with deletionPolicy Delete, acts, reports and requeues as the pass asks', async () => {
    const obj = review({ deletionPolicy: 'Delete' });
    const { ctx, log, stored, events } = fakeOperator(obj);
    const { kind, calls } = countingKind();
    await expect(reconcileResource(ctx, kind, KEY, obj, log)).resolves.toEqual({ requeueAfterMs: 10_000 });
    expect(stored().metadata.finalizers).toEqual([DELETE_IN_TENANT_FINALIZER]);
    expect(calls.act).toBe(1);
    expect(stored().status?.conditions?.[0]).toEqual(
      expect.objectContaining({ reason: 'ReconciliationSucceeded' }),
    );
    expect(events.map((e) => e.reason)).toEqual(['ReconciliationSucceeded']);
  });

  it('removes the finalizer once deletionPolicy is back to Orphan', async () => {
    const obj = review({}, { finalizers: [DELETE_IN_TENANT_FINALIZER] });
    const { ctx, log, stored } = fakeOperator(obj);
    await reconcileResource(ctx, countingKind().kind, KEY, obj, log);
    expect(stored().metadata.finalizers).toEqual([]);
  });

  it('reports a suspended resource as Suspended without acting, and does not requeue it', async () => {
    const obj = review({ suspend: true });
    const { ctx, log, stored } = fakeOperator(obj);
    const { kind, calls } = countingKind();
    await expect(reconcileResource(ctx, kind, KEY, obj, log)).resolves.toBeUndefined();
    expect(calls.act).toBe(0);
    expect(stored().status?.conditions?.[0]).toEqual(
      expect.objectContaining({ status: 'False', reason: 'Suspended' }),
    );
  });

  it('cleans up on deletion with deletionPolicy Delete, then lets the finalizer go', async () => {
    const obj = review({ deletionPolicy: 'Delete' }, deleting);
    const { ctx, log, stored, events } = fakeOperator(obj);
    const { kind, calls } = countingKind();
    await reconcileResource(ctx, kind, KEY, obj, log);
    expect(calls).toEqual({ act: 0, cleanup: 1 });
    expect(stored().metadata.finalizers).toEqual([]);
    expect(events).toEqual([]);
  });

  it('leaves the tenant alone on deletion while suspended, and says what stays there', async () => {
    const obj = review({ deletionPolicy: 'Delete', suspend: true }, deleting);
    const { ctx, log, stored, events } = fakeOperator(obj);
    const { kind, calls } = countingKind();
    await reconcileResource(ctx, kind, KEY, obj, log);
    expect(calls.cleanup).toBe(0);
    expect(stored().metadata.finalizers).toEqual([]);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'Warning',
        reason: 'LeftInTenant',
        message: expect.stringContaining('d-1'),
      }),
    ]);
  });

  it('removes nothing in the tenant on deletion in DryRun', async () => {
    const obj = review({ deletionPolicy: 'Delete', mode: 'DryRun' }, deleting);
    const { ctx, log, stored } = fakeOperator(obj);
    const { kind, calls } = countingKind();
    await reconcileResource(ctx, kind, KEY, obj, log);
    expect(calls.cleanup).toBe(0);
    expect(stored().metadata.finalizers).toEqual([]);
  });

  it('keeps the finalizer while the cleanup asks to be retried', async () => {
    const obj = review({ deletionPolicy: 'Delete' }, deleting);
    const { ctx, log, stored } = fakeOperator(obj);
    const { kind } = countingKind();
    const retrying = {
      ...kind,
      cleanup: { ...kind.cleanup!, run: () => Promise.resolve({ requeueAfterMs: 30_000 }) },
    };
    await expect(reconcileResource(ctx, retrying, KEY, obj, log)).resolves.toEqual({
      requeueAfterMs: 30_000,
    });
    expect(stored().metadata.finalizers).toEqual([DELETE_IN_TENANT_FINALIZER]);
  });

  it('forgets a resource gone from the cache', async () => {
    const forgotten: string[] = [];
    const { ctx, log } = fakeOperator(review({}));
    const kind = {
      ...countingKind().kind,
      forget: (namespace: string, name: string) => forgotten.push(`${namespace}/${name}`),
    };
    await reconcileResource(ctx, kind, KEY, undefined, log);
    expect(forgotten).toEqual([KEY]);
  });
});
