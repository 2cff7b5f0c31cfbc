import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { metricsRegistry } from './registry.js';

/** A named check; it passes when it returns true (or resolves true). */
export type Check = () => boolean | Promise<boolean>;

/** Where the endpoints listen; addresses are kubebuilder-style (`:8080`, `127.0.0.1:0`, `[::1]:9090`, `0` = off). */
export interface HealthServerOptions {
  metricsBindAddress?: string;
  probeBindAddress?: string;
  /** Checks behind /readyz, e.g. `{ caches: () => manager.hasSynced() }`. */
  readyChecks?: Record<string, Check>;
  /** Checks behind /healthz; a live process passes when empty. */
  healthChecks?: Record<string, Check>;
  registry?: Registry;
}

/** The running servers and the addresses they actually bound (port 0 picks a free one). */
export interface HealthServers {
  metricsAddress: AddressInfo | undefined;
  probeAddress: AddressInfo | undefined;
  close(): Promise<void>;
}

/** Splits a bind address into host (undefined = every interface) and port; `0` alone disables. */
export function parseBindAddress(address: string): { host: string | undefined; port: number } | undefined {
  if (address === '0' || address === '') return undefined;
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(address);
  if (!match) throw new Error(`invalid bind address ${JSON.stringify(address)}: want host:port or :port`);
  const host = match[1] ?? match[2];
  return { host: host === '' ? undefined : host, port: Number(match[3]) };
}

/** Starts /metrics (default :8080) and /healthz + /readyz (default :8081); one server if the addresses match. */
export async function startHealthServers(options: HealthServerOptions = {}): Promise<HealthServers> {
  const registry = options.registry ?? metricsRegistry;
  const metricsBind = parseBindAddress(options.metricsBindAddress ?? ':8080');
  const probeBind = parseBindAddress(options.probeBindAddress ?? ':8081');
  const routes: Record<string, (res: ServerResponse) => Promise<void>> = {};
  const metricsRoutes = {
    '/metrics': async (res: ServerResponse) => {
      const body = await registry.metrics();
      res.writeHead(200, { 'Content-Type': registry.contentType }).end(body);
    },
  };
  const probeRoutes = {
    '/healthz': (res: ServerResponse) => runChecks(res, options.healthChecks ?? {}),
    '/readyz': (res: ServerResponse) => runChecks(res, options.readyChecks ?? {}),
  };
  const servers: Server[] = [];
  // Port 0 asks for two distinct free ports, never one shared server.
  const shared =
    metricsBind &&
    probeBind &&
    metricsBind.port !== 0 &&
    metricsBind.host === probeBind.host &&
    metricsBind.port === probeBind.port;
  let metricsAddress: AddressInfo | undefined;
  let probeAddress: AddressInfo | undefined;
  if (shared) {
    Object.assign(routes, metricsRoutes, probeRoutes);
    metricsAddress = probeAddress = await listen(servers, routes, metricsBind);
  } else {
    if (metricsBind) metricsAddress = await listen(servers, metricsRoutes, metricsBind);
    if (probeBind) probeAddress = await listen(servers, probeRoutes, probeBind);
  }
  return {
    metricsAddress,
    probeAddress,
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}

async function listen(
  servers: Server[],
  routes: Record<string, (res: ServerResponse) => Promise<void>>,
  bind: { host: string | undefined; port: number },
): Promise<AddressInfo> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = req.method === 'GET' || req.method === 'HEAD' ? routes[path] : undefined;
    if (!route) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    route(res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(err instanceof Error ? `${err.message}\n` : 'internal error\n');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(bind.port, bind.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server.address() as AddressInfo;
}

/** Answers like controller-runtime's healthz handler: 200 "ok", or 500 naming the failed checks. */
async function runChecks(res: ServerResponse, checks: Record<string, Check>): Promise<void> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        return [name, await check()] as const;
      } catch {
        return [name, false] as const;
      }
    }),
  );
  const failed = results.filter(([, ok]) => !ok).map(([name]) => name);
  if (failed.length === 0) {
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    return;
  }
  res
    .writeHead(500, { 'Content-Type': 'text/plain' })
    .end(failed.map((name) => `[-]${name} failed\n`).join(''));
}
