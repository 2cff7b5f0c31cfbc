import { scriptedGraph } from '../../test/graph/fakes.js';
import { readDelta } from './delta.js';
import { GraphRequestError } from './errors.js';
import { malformedPage, readAll } from './paging.js';

describe('malformedPage', () => {
  it.each([
    ['<html>Bad gateway</html>', 'the body is not JSON'],
    [undefined, 'the body is not a JSON object'],
    [[{ id: 'a' }], 'the body is not a JSON object'],
    [{ '@odata.nextLink': 'https://g/p2' }, 'the body has no value array'],
    [{ value: [{ id: 'a' }], '@odata.nextLink': 7 }, '@odata.nextLink is not a link'],
    [{ value: [null] }, 'the value array holds something other than objects'],
  ])('rejects %p', (body, problem) => {
    expect(malformedPage(body)).toBe(problem);
  });

  it('accepts a last page, a page with a nextLink and a final delta page', () => {
    expect(malformedPage({ value: [] })).toBeUndefined();
    expect(malformedPage({ value: [{ id: 'a' }], '@odata.nextLink': 'https://g/p2' })).toBeUndefined();
    expect(malformedPage({ value: [], '@odata.deltaLink': 'https://g/d' })).toBeUndefined();
  });
});

describe('reads that do not end as Graph documents', () => {
  it('fail a member listing whose second page is HTML, after fetching it again, instead of ending it there', async () => {
    const graph = scriptedGraph((_m, url) =>
      url === '/groups/g/members'
        ? { body: { value: [{ id: 'a' }], '@odata.nextLink': 'https://g/p2' } }
        : { body: '<html>upstream timed out</html>' },
    );
    const read = readAll(graph, '/groups/g/members');
    await expect(read).rejects.toBeInstanceOf(GraphRequestError);
    await expect(read).rejects.toMatchObject({ info: { code: 'MalformedResponse', status: 200 } });
    expect(graph.calls.filter((c) => c.url === 'https://g/p2')).toHaveLength(3);
  });

  it('reads on when a malformed page comes right on a second try', async () => {
    let tries = 0;
    const graph = scriptedGraph((_m, url) => {
      if (url === '/groups/g/members')
        return { body: { value: [{ id: 'a' }], '@odata.nextLink': 'https://g/p2' } };
      tries++;
      return { body: tries === 1 ? '{"value": [{"id": "b"' : { value: [{ id: 'b' }] } };
    });
    expect(await readAll(graph, '/groups/g/members')).toEqual([{ id: 'a' }, { id: 'b' }]);
  });

  it('fail a delta whose page has no value, or that ends with neither nextLink nor deltaLink', async () => {
    const noValue = scriptedGraph(() => ({ body: { '@odata.deltaLink': 'https://g/d' } }));
    await expect(readDelta(noValue, '/users/delta')).rejects.toMatchObject({
      info: { code: 'MalformedResponse' },
    });
    const noEnd = scriptedGraph(() => ({ body: { value: [{ id: 'a' }] } }));
    await expect(readDelta(noEnd, '/users/delta')).rejects.toMatchObject({
      info: { code: 'MalformedResponse' },
    });
  });
});
