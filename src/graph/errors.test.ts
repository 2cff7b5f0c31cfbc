import { GraphError } from '@microsoft/microsoft-graph-client';
import { parseGraphError, toGraphErrorInfo } from './errors.js';

describe('parseGraphError', () => {
  it("reads Graph's error body", () => {
    const body = {
      error: {
        code: 'Authorization_RequestDenied',
        message: 'Insufficient privileges to complete the operation.',
        innerError: { date: '2026-11-28T05:00:00', 'request-id': 'r-1', 'client-request-id': 'c-1' },
      },
    };
    expect(parseGraphError(403, body)).toEqual({
      status: 403,
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
      requestId: 'r-1',
    });
  });

  it('reads a body given as text', () => {
    const body = JSON.stringify({ error: { code: 'Request_ResourceNotFound', message: 'gone' } });
    expect(parseGraphError(404, body)).toMatchObject({ code: 'Request_ResourceNotFound', message: 'gone' });
  });

  it('still reports status and request id for a body that is not Graph JSON', () => {
    expect(parseGraphError(502, '<html>Bad gateway</html>', 'r-2')).toEqual({
      status: 502,
      code: 'Http502',
      message: 'Graph answered HTTP 502',
      requestId: 'r-2',
    });
  });
});

describe('toGraphErrorInfo', () => {
  it('maps a sign-in failure wrapped by the SDK to CredentialsInvalid with the AADSTS code', () => {
    const wrapped = new GraphError(
      -1,
      'invalid_client: Description: AADSTS7000215: Invalid client secret provided. Trace ID: 1',
    );
    wrapped.code = 'AuthenticationRequiredError';
    expect(toGraphErrorInfo(wrapped)).toEqual({
      status: 0,
      code: 'CredentialsInvalid',
      aadsts: 'AADSTS7000215',
      message: 'AADSTS7000215: Invalid client secret provided.',
    });
  });

  it('maps a failed connection to NetworkError', () => {
    const wrapped = new GraphError(-1, 'fetch failed');
    wrapped.code = 'TypeError';
    expect(toGraphErrorInfo(wrapped)).toEqual({ status: 0, code: 'NetworkError', message: 'fetch failed' });
  });
});
