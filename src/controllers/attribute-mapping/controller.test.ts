import { invalidMappingsMessage } from './controller.js';

describe('invalidMappingsMessage', () => {
  it('counts mappings, not errors', () => {
    const errors = Array.from({ length: 300 }, (_, i) => ({
      target: 'jobTitle',
      line: 1,
      column: i + 1,
      message: `error ${i}`,
    }));
    const message = invalidMappingsMessage(errors);
    expect(message).toMatch(/^1 invalid mapping: jobTitle at line 1, column 1: error 0; /);
    expect(message).toContain('and 295 more errors');
  });

  it('names each faulty mapping up to five', () => {
    const message = invalidMappingsMessage([
      { target: 'id', line: 1, column: 1, message: 'read-only' },
      { target: 'city', line: 2, column: 3, message: 'unknown function Frob' },
    ]);
    expect(message).toBe(
      '2 invalid mappings: id at line 1, column 1: read-only; city at line 2, column 3: unknown function Frob',
    );
  });
});
