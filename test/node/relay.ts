// Relays that let pods reach services the tests run on loopback (the API server, the Graph simulator):
// they listen on the node's address on the pod network and pass each connection on to 127.0.0.1.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { connect as tlsConnect, createServer as createTlsServer } from 'node:tls';
import type { AddressInfo } from 'node:net';

/** A listening relay. */
export interface Relay {
  host: string;
  port: number;
  close(): Promise<void>;
}

function pipeBoth(a: Socket, b: Socket): void {
  a.pipe(b);
  b.pipe(a);
  a.on('error', () => b.destroy());
  b.on('error', () => a.destroy());
  a.on('close', () => b.destroy());
  b.on('close', () => a.destroy());
}

async function listen(server: Server, host: string, sockets: Set<Socket>): Promise<Relay> {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Passes TCP connections on `host` to 127.0.0.1:`targetPort` unchanged (TLS stays end to end). */
export function tcpRelay(host: string, targetPort: number): Promise<Relay> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => pipeBoth(client, connect(targetPort, '127.0.0.1')));
  return listen(server, host, sockets);
}

/** What a TLS relay presents to clients and trusts of its target. */
export interface TlsRelayOptions {
  cert: string;
  key: string;
  /** CA the target's certificate is checked against. */
  targetCa: string;
  /** Name the target's certificate is issued for. */
  targetName: string;
}

/**
 * Ends TLS on `host` with a certificate for that address and opens a new TLS connection to
 * 127.0.0.1:`targetPort`: for a server whose certificate names only localhost. The bytes in between,
 * HTTP Host headers included, pass unchanged.
 */
export function tlsRelay(host: string, targetPort: number, options: TlsRelayOptions): Promise<Relay> {
  const sockets = new Set<Socket>();
  const server = createTlsServer({ cert: options.cert, key: options.key }, (client) =>
    pipeBoth(
      client,
      tlsConnect({
        port: targetPort,
        host: '127.0.0.1',
        ca: options.targetCa,
        servername: options.targetName,
      }),
    ),
  );
  return listen(server, host, sockets);
}
