import { GRAPH_CONTRACT } from '../../graph/contract/index.js';
import { LINK_REQUESTS } from './link-requests.js';

describe('LINK_REQUESTS', () => {
  it('names only requests of the contract, and every request of the contract is used by something', () => {
    const named = new Set<string>(Object.values(LINK_REQUESTS).flat());
    const ids = new Set(GRAPH_CONTRACT.map((e) => e.id));
    expect([...named].filter((id) => !ids.has(id))).toEqual([]);
    expect([...ids].filter((id) => !named.has(id))).toEqual([]);
  });
});
