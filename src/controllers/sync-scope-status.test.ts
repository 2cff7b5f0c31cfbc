import type { SyncScopeStatus } from '../api/index.js';
import { provisioningStatus } from './sync-scope-status.js';

const now = new Date('2026-11-28T12:00:00Z');

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
    const status = provisioningStatus(current, { done: 2000, planned: 4100 }, 2, now);
    expect(status.counts).toEqual(current.counts);
    const message = 'creating 4100 users: 2000 done, the cycle goes on';
    expect(status.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Ready', status: 'Unknown', reason: 'Provisioning', message }),
        expect.objectContaining({ type: 'Reconciling', status: 'True', reason: 'Provisioning', message }),
      ]),
    );
  });
});
