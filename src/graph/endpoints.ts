// Microsoft's national clouds each have their own sign-in authority and Graph host:
// https://learn.microsoft.com/graph/deployments#microsoft-graph-and-graph-explorer-service-root-endpoints

/** The clouds a TenantLink may name instead of explicit endpoints. */
export type GraphCloud = 'Public' | 'USGovernment' | 'China';

/** Where a tenant signs in and where its Graph lives, both as https origins without a trailing slash. */
export interface GraphEndpoints {
  authorityHost: string;
  graph: string;
}

const CLOUD_ENDPOINTS: Readonly<Record<GraphCloud, GraphEndpoints>> = {
  Public: { authorityHost: 'https://login.microsoftonline.com', graph: 'https://graph.microsoft.com' },
  USGovernment: { authorityHost: 'https://login.microsoftonline.us', graph: 'https://graph.microsoft.us' },
  China: {
    authorityHost: 'https://login.chinacloudapi.cn',
    graph: 'https://microsoftgraph.chinacloudapi.cn',
  },
};

function trimTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The endpoints of a cloud, or the explicit ones (sovereign clouds, the simulator) when given. */
export function resolveEndpoints(
  target: { cloud: GraphCloud } | { endpoints: GraphEndpoints },
): GraphEndpoints {
  const chosen = 'endpoints' in target ? target.endpoints : CLOUD_ENDPOINTS[target.cloud];
  return { authorityHost: trimTrailingSlash(chosen.authorityHost), graph: trimTrailingSlash(chosen.graph) };
}

const GRAPH_HOSTS = new Set([
  ...Object.values(CLOUD_ENDPOINTS).map((e) => new URL(e.graph).host),
  'dod-graph.microsoft.us',
]);

/**
 * The client-credentials scope (every application permission granted to the app) for a Graph host.
 * Each cloud's Graph has its own resource URI; any other host (a proxy, the simulator) stands in for
 * Microsoft Graph, whose resource URI is the public one.
 */
export function graphScope(graphBaseUrl: string): string {
  const url = new URL(graphBaseUrl);
  const resource = GRAPH_HOSTS.has(url.host) ? url.origin : CLOUD_ENDPOINTS.Public.graph;
  return `${resource}/.default`;
}
