import { PassThrough } from 'node:stream';
import { createLogger, loggerFor } from './logger.js';
import { redactText, redactValue, REDACTED } from './redact.js';

const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20ifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

function capture(): { lines: () => Record<string, unknown>[]; stream: PassThrough } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('redaction', () => {
  it('redacts values under secret-looking keys at any depth', () => {
    const out = redactValue({
      clientSecret: 's3cr3t',
      nested: { password: 'p', accessToken: 'abc', client_assertion: 'x', Authorization: 'Basic zzz' },
      list: [{ refreshToken: 'r' }],
      displayName: 'Contoso',
    });
    expect(out).toEqual({
      clientSecret: REDACTED,
      nested: {
        password: REDACTED,
        accessToken: REDACTED,
        client_assertion: REDACTED,
        Authorization: REDACTED,
      },
      list: [{ refreshToken: REDACTED }],
      displayName: 'Contoso',
    });
  });

  it('redacts bearer tokens and JWTs inside free text', () => {
    expect(redactText('GET /users with Bearer abc.def-ghi failed')).toBe(
      `GET /users with Bearer ${REDACTED} failed`,
    );
    expect(redactText(`token was ${JWT} here`)).toBe(`token was ${REDACTED} here`);
    expect(redactText('user 3f2a9c1e-1111-2222-3333-444455556666 in scope')).toBe(
      'user 3f2a9c1e-1111-2222-3333-444455556666 in scope',
    );
  });

  it('survives cycles and redacts error messages and stacks', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    expect(redactValue(cyclic)).toEqual({ name: 'a', self: '[Truncated]' });
    const err = new Error(`401 for Bearer ${JWT}`);
    const out = redactValue(err) as { message: string; stack: string };
    expect(out.message).toBe(`401 for Bearer ${REDACTED}`);
    expect(out.stack).not.toContain(JWT);
  });
});

describe('logger', () => {
  it('writes JSON lines with the resource context and no secrets', () => {
    const { stream, lines } = capture();
    const log = loggerFor(
      { controller: 'tenantlink', namespace: 'ns1', name: 'contoso', tenant: 'tid-1' },
      createLogger({ stream, level: 'debug' }),
    );
    log.info(`calling graph with Bearer ${JWT}`, {
      headers: { authorization: `Bearer ${JWT}` },
      clientSecret: 'x',
    });
    log.error('token request failed', { error: new Error(`assertion ${JWT} rejected`) });
    const [first, second] = lines();
    expect(first).toMatchObject({
      level: 'info',
      controller: 'tenantlink',
      namespace: 'ns1',
      name: 'contoso',
      tenant: 'tid-1',
      message: `calling graph with Bearer ${REDACTED}`,
      headers: { authorization: REDACTED },
      clientSecret: REDACTED,
    });
    expect(typeof first?.timestamp).toBe('string');
    expect(JSON.stringify(second)).not.toContain(JWT);
    expect(second).toMatchObject({ level: 'error', message: 'token request failed' });
  });

  it('omits context fields that are not given', () => {
    const { stream, lines } = capture();
    loggerFor({ controller: 'syncscope' }, createLogger({ stream })).info('hello');
    expect(lines()[0]).not.toHaveProperty('tenant');
  });
});
