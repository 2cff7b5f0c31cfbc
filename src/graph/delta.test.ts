import { scriptedGraph } from '../../test/graph/fakes.js';
import { readDelta } from './delta.js';
import type { GraphGroup } from './types.js';

function pagesOf(script: Record<string, unknown>) {
  return scriptedGraph((_method, url) => {
    const body = script[url];
    if (body === undefined) throw new Error(`unexpected ${url}`);
    return typeof body === 'object' && body !== null && 'status' in body
      ? (body as { status: number; body: unknown })
      : { body };
  });
}

describe('readDelta', () => {
  it('follows nextLinks through empty pages to the deltaLink', async () => {
    const graph = pagesOf({
      '/users/delta': { value: [{ id: 'a', displayName: 'A' }], '@odata.nextLink': 'https://g/v1.0/p2' },
      'https://g/v1.0/p2': { value: [], '@odata.nextLink': 'https://g/v1.0/p3' },
      'https://g/v1.0/p3': { value: [{ id: 'b' }], '@odata.deltaLink': 'https://g/v1.0/d1' },
    });
    const result = await readDelta(graph, '/users/delta');
    expect(result).toEqual({
      kind: 'changes',
      items: [{ id: 'a', displayName: 'A' }, { id: 'b' }],
      removed: [],
      deltaLink: 'https://g/v1.0/d1',
    });
  });

  it('folds replays of one object, keeping the last word and removals apart', async () => {
    const graph = pagesOf({
      d0: {
        value: [
          { id: 'a', displayName: 'A', jobTitle: 'x' },
          { id: 'gone', '@removed': { reason: 'deleted' } },
          { id: 'soft', '@removed': { reason: 'changed' } },
          { id: 'a', jobTitle: 'y' },
          { id: 'back', '@removed': { reason: 'changed' } },
          { id: 'back', displayName: 'Back' },
        ],
        '@odata.deltaLink': 'd1',
      },
    });
    const result = await readDelta(graph, 'd0');
    expect(result).toEqual({
      kind: 'changes',
      items: [
        { id: 'a', displayName: 'A', jobTitle: 'y' },
        { id: 'back', displayName: 'Back' },
      ],
      removed: [
        { id: 'gone', reason: 'deleted' },
        { id: 'soft', reason: 'changed' },
      ],
      deltaLink: 'd1',
    });
  });

  it('adds up members@delta of one group across pages', async () => {
    const graph = pagesOf({
      d0: { value: [{ id: 'g', 'members@delta': [{ id: 'u1' }] }], '@odata.nextLink': 'p2' },
      p2: {
        value: [{ id: 'g', 'members@delta': [{ id: 'u2', '@removed': { reason: 'deleted' } }] }],
        '@odata.deltaLink': 'd1',
      },
    });
    const result = await readDelta<GraphGroup>(graph, 'd0');
    expect(result.kind === 'changes' && result.items[0]?.['members@delta']).toEqual([
      { id: 'u1' },
      { id: 'u2', '@removed': { reason: 'deleted' } },
    ]);
  });

  it.each([
    [410, { error: { code: 'Gone', message: 'Resync required' } }],
    [400, { error: { code: 'syncStateNotFound', message: 'The sync state cannot be found' } }],
  ])(
    'reports an expired token (%p) as a value so the caller reads everything again',
    async (status, body) => {
      const graph = pagesOf({ d0: { status, body } });
      const result = await readDelta(graph, 'd0');
      expect(result).toMatchObject({ kind: 'expired', error: { status } });
    },
  );

  it('throws other failures', async () => {
    const graph = pagesOf({
      d0: { status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'no' } } },
    });
    await expect(readDelta(graph, 'd0')).rejects.toThrow('Authorization_RequestDenied');
  });
});
