// A TCP proxy in front of the test API server that a test can cut: the operator behind it is cut off from
// the API server (its connections stay open and nothing more gets through, as in a network partition),
// while every other client reaches the API server directly.
import { readFile, writeFile } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testKubeconfigPath } from '../support/cluster.js';

/** A running proxy and a kubeconfig that goes through it. */
export interface ApiProxy {
  kubeconfigPath: string;
  /** Black-holes every connection, open and new: bytes are read and dropped, nothing is answered. */
  cut(): void;
  close(): Promise<void>;
}

/** Starts a proxy to the API server of the test kubeconfig, on a free loopback port. */
export async function startApiProxy(): Promise<ApiProxy> {
  const original = await readFile(testKubeconfigPath(), 'utf8');
  const match = /server:\s*https:\/\/(127\.0\.0\.1|localhost):(\d+)/.exec(original);
  if (!match) throw new Error('the test kubeconfig names no loopback API server');
  const [host, port] = [match[1] as string, Number(match[2])];
  const sockets = new Set<Socket>();
  let cut = false;
  const blackHole = (socket: Socket) => {
    socket.removeAllListeners('data');
    socket.unpipe();
    socket.on('data', () => undefined);
  };
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (cut) return blackHole(client);
    const upstream = createConnection({ host, port });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
  const kubeconfigPath = join(tmpdir(), `crosstenant-proxy-${address.port}.kubeconfig`);
  await writeFile(kubeconfigPath, original.replace(match[0], `server: https://127.0.0.1:${address.port}`));
  return {
    kubeconfigPath,
    cut: () => {
      cut = true;
      for (const socket of sockets) blackHole(socket);
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
