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
  it.each([
    ['https://graph.microsoft.com', 'https://graph.microsoft.com/.default'],
    ['https://graph.microsoft.us/', 'https://graph.microsoft.us/.default'],
    ['https://microsoftgraph.chinacloudapi.cn', 'https://microsoftgraph.chinacloudapi.cn/.default'],
    ['https://localhost:8443', 'https://graph.microsoft.com/.default'],
  ])('asks %s for every application permission as %s', (graph, scope) => {
    expect(graphScope(graph)).toBe(scope);
  });
});
