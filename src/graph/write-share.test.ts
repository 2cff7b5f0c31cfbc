import { WriteShareWindow } from './write-share.js';

describe('WriteShareWindow', () => {
  it('counts the writes of one flow beside all writes in the window', () => {
    const window = new WriteShareWindow(150);
    window.record('a', 20, 1_000);
    window.record('a', 20, 2_000);
    window.record('b', 5, 2_500);
    expect(window.shareOf('a', 3_000)).toEqual({ windowSeconds: 150, writes: 40, tenantWrites: 45 });
    expect(window.shareOf('c', 3_000)).toEqual({ windowSeconds: 150, writes: 0, tenantWrites: 45 });
  });

  it('drops writes older than the window', () => {
    const window = new WriteShareWindow(10);
    window.record('a', 20, 0);
    window.record('b', 1, 5_000);
    expect(window.shareOf('a', 9_999)).toEqual({ windowSeconds: 10, writes: 20, tenantWrites: 21 });
    expect(window.shareOf('a', 10_000)).toEqual({ windowSeconds: 10, writes: 0, tenantWrites: 1 });
  });
});
