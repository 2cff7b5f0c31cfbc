import type { SyncScopeStatus } from '../../api/index.js';
import { cycleStartedStatus, provisioningStatus } from './progress.js';

const now = new Date('2026-11-28T12:00:00Z');

describe('cycleStartedStatus', () => {
  const condition = (status: string, reason: string) => ({
    type: 'Ready',
    status,
    reason,
    message: 'before',
    lastTransitionTime: '2026-11-28T11:00:00Z',
    observedGeneration: 1,
  });

  it('replaces what a scope not yet Ready said with a cycle in progress', () => {
    const current = { conditions: [condition('False', 'TenantLinkNotReady')] } as unknown as SyncScopeStatus;
    const status = cycleStartedStatus(current, 1, now);
    expect(status?.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Ready', status: 'Unknown', reason: 'Syncing' }),
        expect.objectContaining({ type: 'Reconciling', status: 'True', reason: 'Syncing' }),
      ]),
    );
    expect(cycleStartedStatus(undefined, 1, now)?.conditions).toHaveLength(2);
  });

  it('leaves a Ready scope alone, so a converged scope writes once per cycle', () => {
    const current = { conditions: [condition('True', 'Synced')] } as unknown as SyncScopeStatus;
    expect(cycleStartedStatus(current, 1, now)).toBeUndefined();
  });
});

describe('provisioningStatus', () => {
  it('marks the SyncScope progressing with the creates done, keeping the rest of its status', () => {
    const current = {
      counts: { inScope: 5, provisioned: 3 },
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'Synced',
          message: 'old',
          lastTransitionTime: '2026-11-28T11:00:00Z',
          observedGeneration: 1,
        },
      ],
    } as unknown as SyncScopeStatus;
    const progress = { done: 2000, planned: 4100, inScope: 9000, provisioned: 3, deferred: 4000 };
    const status = provisioningStatus(current, progress, 2, now);
    expect(status.counts).toEqual({
      inScope: 9000,
      provisioned: 3,
      pendingCreate: 6100,
      pendingUpdate: 0,
      pendingDeprovision: 0,
      failed: 0,
    });
    const message = 'creating 4100 users: 2000 done, the cycle goes on';
    expect(status.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Ready', status: 'Unknown', reason: 'Provisioning', message }),
        expect.objectContaining({ type: 'Reconciling', status: 'True', reason: 'Provisioning', message }),
      ]),
    );
  });
});

describe('provisioningStatus after a restart cut the first cycle short', () => {
  it('gives counts rather than none, and the creates of this process', () => {
    const left = {
      conditions: [
        {
          type: 'Ready',
          status: 'Unknown',
          reason: 'Provisioning',
          message: 'creating 2140 users: 0 done, the cycle goes on',
          lastTransitionTime: '2026-11-28T11:00:00Z',
          observedGeneration: 1,
        },
      ],
    } as unknown as SyncScopeStatus;
    const progress = { done: 0, planned: 1, inScope: 2140, provisioned: 2139, deferred: 0 };
    const status = provisioningStatus(left, progress, 1, now);
    expect(status.counts).toMatchObject({ inScope: 2140, provisioned: 2139, pendingCreate: 1 });
    expect(status.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Ready', message: 'creating 1 user: 0 done, the cycle goes on' }),
      ]),
    );
  });
});
