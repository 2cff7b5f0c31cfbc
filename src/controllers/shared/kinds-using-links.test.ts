import { trackLinkUses } from './kinds-using-links.js';

const scope = (source: string, target: string, status?: unknown) => ({
  metadata: { namespace: 'ns', name: 'emea-to-contoso' },
  spec: { source: { tenantLinkRef: source }, target: { tenantLinkRef: target }, scope: { allUsers: true } },
  status,
});

describe('trackLinkUses', () => {
  it('requeues both links of a new SyncScope', () => {
    expect(trackLinkUses()('SyncScope', scope('emea', 'contoso'))).toEqual(['ns/emea', 'ns/contoso']);
  });

  it('ignores a status write that leaves the links and needs unchanged', () => {
    const track = trackLinkUses();
    track('SyncScope', scope('emea', 'contoso'));
    expect(track('SyncScope', scope('emea', 'contoso', { inScope: 3 }))).toEqual([]);
  });

  it('requeues the link a resource stopped using as well as the one it uses now', () => {
    const track = trackLinkUses();
    track('SyncScope', scope('emea', 'contoso'));
    expect(track('SyncScope', scope('us', 'contoso'))).toEqual(['ns/emea', 'ns/contoso', 'ns/us']);
  });

  it('reads tenantLinkRef of the governance kinds and tells resources of different kinds apart', () => {
    const track = trackLinkUses();
    const review = {
      metadata: { namespace: 'ns', name: 'emea-to-contoso' },
      spec: { tenantLinkRef: 'contoso' },
    };
    track('SyncScope', scope('emea', 'contoso'));
    expect(track('ReviewSchedule', review)).toEqual(['ns/contoso']);
  });
});
