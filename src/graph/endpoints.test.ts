import { graphScope, resolveEndpoints } from './endpoints.js';

describe('resolveEndpoints', () => {
  it.each([
    ['Public', 'https://login.microsoftonline.com', 'https://graph.microsoft.com'],
    ['USGovernment', 'https://login.microsoftonline.us', 'https://graph.microsoft.us'],
    ['China', 'https://login.chinacloudapi.cn', 'https://microsoftgraph.chinacloudapi.cn'],
  ] as const)('maps %s to its authority and Graph host', (cloud, authorityHost, graph) => {
    expect(resolveEndpoints({ cloud })).toEqual({ authorityHost, graph });
  });

  it('uses explicit endpoints without their trailing slashes', () => {
    const endpoints = { authorityHost: 'https://localhost:8443/', graph: 'https://localhost:8443//' };
    expect(resolveEndpoints({ endpoints })).toEqual({
      authorityHost: 'https://localhost:8443',
      graph: 'https://localhost:8443',
    });
  });
});

describe('graphScope', () => {
  it('asks for every application permission of the Graph host', () => {
    expect(graphScope('https://graph.microsoft.us/')).toBe('https://graph.microsoft.us/.default');
  });
});
