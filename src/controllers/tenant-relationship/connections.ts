// Every TenantLink a TenantRelationship names, connected at once, or why one cannot be used.
import type { Readiness } from '../../kube/conditions.js';
import type { OperatorContext } from '../context.js';
import { unusableLink } from '../governance/template.js';
import type { TenantConnectFailure, TenantConnection } from '../shared/tenant-clients.js';

/** Connections by TenantLink name, or the readiness that says why not. */
export type LinkConnections =
  | { ok: true; links: Map<string, TenantConnection> }
  | { ok: false; readiness: Readiness<TenantConnectFailure['reason']> };

/** Connects each TenantLink; the first that fails decides (a link not ready yet is retried, the rest stall). */
export async function connectLinks(
  ctx: OperatorContext,
  namespace: string,
  names: Iterable<string>,
): Promise<LinkConnections> {
  const links = new Map<string, TenantConnection>();
  for (const name of new Set(names)) {
    const connected = await ctx.tenants.connect(namespace, name);
    if (!connected.ok) {
      return { ok: false, readiness: unusableLink(connected) };
    }
    links.set(name, connected.connection);
  }
  return { ok: true, links };
}

/** The connection of a link `connectLinks` connected. */
export function linkOf(links: Map<string, TenantConnection>, name: string): TenantConnection {
  const connection = links.get(name);
  if (!connection) throw new Error(`TenantLink ${name} was not connected`);
  return connection;
}
