import { scriptedGraph } from '../../test/graph/fakes.js';
import { groupsDeltaIdFilter } from '../graph/index.js';
import { applyMemberChanges, followGroups } from './group-membership.js';
import { MAX_FILTERED_SOURCE_READS } from './groups/read.js';

const USER = '#microsoft.graph.user';
const user = (id: string) => ({ '@odata.type': USER, id });
const left = (id: string) => ({ '@odata.type': USER, id, '@removed': { reason: 'deleted' } });
const same = (id: string) => id;

function fresh(ids: readonly string[]): string {
  return `/groups/delta?$select=members&$filter=${encodeURIComponent(groupsDeltaIdFilter(ids))}`;
}

type Page = { status?: number; body: unknown };

describe('applyMemberChanges', () => {
  it('adds users, drops members marked removed or of a group gone, and ignores other groups', () => {
    const membership = new Map([
      ['a', new Set(['u1', 'u2'])],
      ['b', new Set(['u3'])],
    ]);
    const items = [
      {
        id: 'a',
        'members@delta': [user('u4'), left('u1'), { '@odata.type': '#microsoft.graph.group', id: 'g9' }],
      },
      { id: 'other', 'members@delta': [user('u5')] },
    ];
    const removed = applyMemberChanges(membership, items, [{ id: 'b', reason: 'deleted' }], same);
    expect(membership).toEqual(
      new Map([
        ['a', new Set(['u2', 'u4'])],
        ['b', new Set()],
      ]),
    );
    expect(removed).toEqual(new Set(['u1', 'u3']));
  });

  it('matches the groups Graph names in lower case to the ids the spec gave in capitals', () => {
    const membership = new Map([['A1', new Set<string>()]]);
    applyMemberChanges(membership, [{ id: 'a1', 'members@delta': [user('u1')] }], [], same);
    expect(membership).toEqual(new Map([['A1', new Set(['u1'])]]));
  });
});

describe('followGroups', () => {
  it('reads the filtered initial round for members, over several pages, then follows its deltaLink', async () => {
    const pages: Record<string, Page> = {
      [fresh(['a', 'b'])]: {
        body: { value: [{ id: 'a', 'members@delta': [user('u1')] }], '@odata.nextLink': 'page-2' },
      },
      'page-2': {
        body: {
          value: [
            { id: 'a', 'members@delta': [user('u2')] },
            { id: 'b', 'members@delta': [] },
          ],
          '@odata.deltaLink': 'link-1',
        },
      },
      'link-1': {
        body: {
          value: [{ id: 'b', 'members@delta': [user('u1'), left('u9')] }],
          '@odata.deltaLink': 'link-2',
        },
      },
    };
    const graph = scriptedGraph((_method, url) => pages[url] ?? { status: 404, body: {} });
    const first = await followGroups(graph, ['b', 'a'], { internId: same });
    expect(first).toEqual({
      membership: new Map([
        ['a', new Set(['u1', 'u2'])],
        ['b', new Set()],
      ]),
      deltaLinks: ['link-1'],
    });
    const next = await followGroups(graph, ['a', 'b'], {
      groupMembership: first.membership,
      groupsDeltaLinks: first.deltaLinks,
      internId: same,
    });
    expect(next.membership.get('b')).toEqual(new Set(['u1']));
    expect(next).toMatchObject({ deltaLinks: ['link-2'], removed: new Set(['u9']) });
    expect(graph.calls.map((c) => c.url)).toEqual([fresh(['a', 'b']), 'page-2', 'link-1']);
  });

  it('reads afresh when the assigned groups changed or the deltaLink expired', async () => {
    const pages: Record<string, Page> = {
      [fresh(['a', 'c'])]: {
        body: { value: [{ id: 'c', 'members@delta': [user('u3')] }], '@odata.deltaLink': 'link-ac' },
      },
      [fresh(['a'])]: { body: { value: [{ id: 'a', 'members@delta': [] }], '@odata.deltaLink': 'link-a' } },
      expired: { status: 410, body: { error: { code: 'syncStateNotFound', message: 'expired' } } },
    };
    const graph = scriptedGraph((_method, url) => pages[url] ?? { status: 404, body: {} });
    const kept = { groupMembership: new Map([['a', new Set(['u1'])]]), internId: same };
    const widened = await followGroups(graph, ['a', 'c'], { ...kept, groupsDeltaLinks: ['link-a0'] });
    expect(widened).toEqual({
      membership: new Map([
        ['a', new Set()],
        ['c', new Set(['u3'])],
      ]),
      deltaLinks: ['link-ac'],
    });
    const expired = await followGroups(graph, ['a'], { ...kept, groupsDeltaLinks: ['expired'] });
    expect(expired).toEqual({ membership: new Map([['a', new Set()]]), deltaLinks: ['link-a'] });
    expect(graph.calls.map((c) => c.url)).toEqual([fresh(['a', 'c']), 'expired', fresh(['a'])]);
  });

  it(`lists the members under one tenant-wide link past ${MAX_FILTERED_SOURCE_READS} filtered queries`, async () => {
    const many = Array.from({ length: 50 * MAX_FILTERED_SOURCE_READS + 1 }, (_, i) => `g${i}`);
    const graph = scriptedGraph((_method, url) =>
      url.includes('/members?')
        ? { body: { value: url.startsWith('/groups/g0/') ? [user('u1')] : [] } }
        : { body: { value: [], '@odata.deltaLink': 'tenant-link' } },
    );
    const read = await followGroups(graph, many, { internId: same });
    expect(read.deltaLinks).toEqual(['tenant-link']);
    expect(read.membership.get('g0')).toEqual(new Set(['u1']));
    const deltas = graph.calls.map((c) => c.url).filter((u) => u.startsWith('/groups/delta'));
    expect(deltas).toEqual([`/groups/delta?$select=members&$deltatoken=latest`]);
  });
});
