import { CREATES_PER_SHARED_CYCLE, createsThisCycle, quotaStatus } from './quota.js';

describe('quotaStatus', () => {
  it.each([
    [{ windowSeconds: 150, writes: 2_700, tenantWrites: 3_000 }, 90],
    [{ windowSeconds: 150, writes: 1, tenantWrites: 3 }, 33],
    [{ windowSeconds: 150, writes: 0, tenantWrites: 0 }, 0],
  ])('reports %j as %d percent', (share, sharePercent) => {
    expect(quotaStatus(share)).toEqual({ ...share, sharePercent });
  });
});

describe('createsThisCycle', () => {
  it('keeps the default while the SyncScope writes alone into its target', () => {
    expect(createsThisCycle({ windowSeconds: 150, writes: 3_000, tenantWrites: 3_000 })).toBeUndefined();
    expect(createsThisCycle(undefined)).toBeUndefined();
  });

  it('ends the cycle after a short turn while others write there too', () => {
    const share = { windowSeconds: 150, writes: 2_990, tenantWrites: 3_000 };
    expect(createsThisCycle(share)).toBe(CREATES_PER_SHARED_CYCLE);
  });
});
