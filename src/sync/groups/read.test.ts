import { scriptedGraph } from '../../../test/graph/fakes.js';
import { groupsDeltaIdFilter } from '../../graph/index.js';
import { MAX_FILTERED_SOURCE_READS, readSourceGroups, sourceReadPlan } from './read.js';

const ids = (count: number, prefix = 'g') => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

function fresh(filter: string): string {
  return `/groups/delta?$select=${encodeURIComponent('displayName,members')}&$filter=${encodeURIComponent(filter)}`;
}

describe('sourceReadPlan', () => {
  it('reads nothing for no scoped group, and one filtered query per 50 groups', () => {
    expect(sourceReadPlan([])).toEqual([]);
    expect(sourceReadPlan(['a', 'b'])).toEqual([['a', 'b']]);
    const plan = sourceReadPlan(ids(120));
    expect(plan.map((chunk) => chunk?.length)).toEqual([50, 50, 20]);
    expect(plan.flat()).toEqual(ids(120));
  });

  it(`reads the whole tenant once past ${MAX_FILTERED_SOURCE_READS} filtered queries`, () => {
    expect(sourceReadPlan(ids(50 * MAX_FILTERED_SOURCE_READS))).toHaveLength(MAX_FILTERED_SOURCE_READS);
    expect(sourceReadPlan(ids(50 * MAX_FILTERED_SOURCE_READS + 1))).toEqual([undefined]);
  });
});

describe('groupsDeltaIdFilter', () => {
  it("names each group as `id eq '…'` joined by `or`, for 1 to 50 groups", () => {
    expect(groupsDeltaIdFilter(['a', "b'c"])).toBe("id eq 'a' or id eq 'b''c'");
    expect(() => groupsDeltaIdFilter([])).toThrow(RangeError);
    expect(() => groupsDeltaIdFilter(ids(51))).toThrow(RangeError);
  });
});

describe('readSourceGroups', () => {
  it('reads the scoped groups with filtered queries, then follows each deltaLink', async () => {
    const scoped = ids(60);
    const first = groupsDeltaIdFilter(scoped.slice(0, 50));
    const second = groupsDeltaIdFilter(scoped.slice(50));
    const pages: Record<string, unknown> = {
      [fresh(first)]: { value: [{ id: 'g1', displayName: 'One' }], '@odata.deltaLink': 'link-1' },
      [fresh(second)]: { value: [{ id: 'g55' }], '@odata.deltaLink': 'link-2' },
      'link-1': { value: [], '@odata.deltaLink': 'link-3' },
      'link-2': { value: [{ id: 'g55', '@removed': { reason: 'deleted' } }], '@odata.deltaLink': 'link-4' },
    };
    const graph = scriptedGraph((_method, url) => ({ body: pages[url] }));
    const initial = await readSourceGroups(graph, ['displayName'], scoped, undefined);
    expect(initial).toEqual({
      full: true,
      items: [{ id: 'g1', displayName: 'One' }, { id: 'g55' }],
      removed: [],
      deltaLinks: ['link-1', 'link-2'],
    });
    const next = await readSourceGroups(graph, ['displayName'], scoped, initial.deltaLinks);
    expect(next).toEqual({
      full: false,
      items: [],
      removed: [{ id: 'g55', reason: 'deleted' }],
      deltaLinks: ['link-3', 'link-4'],
    });
    expect(graph.calls.map((c) => c.url)).toEqual([fresh(first), fresh(second), 'link-1', 'link-2']);
  });

  it('reads every query afresh when one deltaLink expired', async () => {
    const scoped = ids(60);
    const pages: Record<string, { status?: number; body: unknown }> = {
      [fresh(groupsDeltaIdFilter(scoped.slice(0, 50)))]: { body: { value: [], '@odata.deltaLink': 'new-1' } },
      [fresh(groupsDeltaIdFilter(scoped.slice(50)))]: { body: { value: [], '@odata.deltaLink': 'new-2' } },
      'old-1': { body: { value: [{ id: 'g1' }], '@odata.deltaLink': 'next-1' } },
      'old-2': { status: 410, body: { error: { code: 'syncStateNotFound', message: 'expired' } } },
    };
    const graph = scriptedGraph((_method, url) => pages[url] ?? { status: 404, body: {} });
    const read = await readSourceGroups(graph, ['displayName'], scoped, ['old-1', 'old-2']);
    expect(read).toMatchObject({ full: true, items: [], deltaLinks: ['new-1', 'new-2'] });
  });

  it('reads the whole tenant unfiltered past the filtered queries, and nothing for no group', async () => {
    const graph = scriptedGraph(() => ({ body: { value: [], '@odata.deltaLink': 'all' } }));
    await readSourceGroups(graph, ['displayName'], ids(50 * MAX_FILTERED_SOURCE_READS + 1), undefined);
    await readSourceGroups(graph, ['displayName'], [], undefined);
    expect(graph.calls.map((c) => c.url)).toEqual([
      `/groups/delta?$select=${encodeURIComponent('displayName,members')}`,
    ]);
  });
});
