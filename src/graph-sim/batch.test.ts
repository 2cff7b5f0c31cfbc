import { GraphError } from './http/errors.js';
import { parseBatch } from './batch.js';

function step(id: string, dependsOn?: string[]): Record<string, unknown> {
  return { id, method: 'GET', url: '/organization', ...(dependsOn ? { dependsOn } : {}) };
}

describe('parseBatch', () => {
  it('orders steps after their dependencies', () => {
    const steps = parseBatch({ requests: [step('b', ['a']), step('a'), step('c', ['b'])] });
    expect(steps.map((s) => s.id)).toEqual(['a', 'b', 'c']);
  });

  it.each([
    ['more than 20 steps', { requests: Array.from({ length: 21 }, (_, i) => step(String(i))) }],
    ['duplicate ids', { requests: [step('1'), step('1')] }],
    ['an unknown dependency', { requests: [step('1', ['9'])] }],
    ['a dependency cycle', { requests: [step('1', ['2']), step('2', ['1'])] }],
    ['a body without Content-Type', { requests: [{ ...step('1'), method: 'PATCH', body: {} }] }],
    ['no requests array', { steps: [] }],
  ])('rejects %s with 400', (_name, body) => {
    expect(() => parseBatch(body)).toThrow(GraphError);
    try {
      parseBatch(body);
    } catch (err) {
      expect((err as GraphError).status).toBe(400);
    }
  });
});
