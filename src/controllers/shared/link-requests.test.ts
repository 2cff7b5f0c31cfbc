import { GRAPH_CONTRACT } from '../../graph/contract/index.js';
import { LINK_REQUESTS } from './link-requests.js';
import type { LinkUse } from './permissions.js';
import { capabilitiesOf } from './permissions.js';

describe('capabilitiesOf', () => {
  it('gives a SyncScope whose source and target are the same link both sides', () => {
    const use: LinkUse = {
      kind: 'SyncScope',
      name: 'a-to-a',
      spec: {
        source: { tenantLinkRef: 'a' },
        target: { tenantLinkRef: 'a' },
        scope: { groups: ['0b5f1b7e-2a3c-4d5e-8f90-1a2b3c4d5e6f'], membership: 'Direct' },
      },
    };
    expect(capabilitiesOf(use, 'a')).toEqual([
      'syncSource',
      'syncPreflightSource',
      'syncSourceGroups',
      'syncTarget',
      'syncPreflightTarget',
    ]);
  });

  it('asks only entitlement management of an access package with no resources', () => {
    const use: LinkUse = {
      kind: 'AccessPackagePolicy',
      name: 'a',
      spec: { tenantLinkRef: 'a', resources: [] },
    };
    expect(capabilitiesOf(use, 'a')).toEqual(['accessPackages']);
  });
});

describe('LINK_REQUESTS', () => {
  it('names only requests of the contract, and every request of the contract is used by something', () => {
    const named = new Set<string>(Object.values(LINK_REQUESTS).flat());
    const ids = new Set(GRAPH_CONTRACT.map((e) => e.id));
    expect([...named].filter((id) => !ids.has(id))).toEqual([]);
    expect([...ids].filter((id) => !named.has(id))).toEqual([]);
  });
});
