import { freePort } from '../../test/support/ports.js';
import { Counter, Registry } from 'prom-client';
import type { HealthServers } from './health-server.js';
import { parseBindAddress, startHealthServers } from './health-server.js';

async function get(port: number | undefined, path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.text() };
}

describe('parseBindAddress', () => {
  it('reads kubebuilder-style addresses', () => {
    expect(parseBindAddress(':8080')).toEqual({ host: undefined, port: 8080 });
    expect(parseBindAddress('127.0.0.1:0')).toEqual({ host: '127.0.0.1', port: 0 });
    expect(parseBindAddress('[::1]:9090')).toEqual({ host: '::1', port: 9090 });
    expect(parseBindAddress('0')).toBeUndefined();
    expect(() => parseBindAddress('8080')).toThrow('invalid bind address');
  });
});

describe('startHealthServers', () => {
  let servers: HealthServers | undefined;
  afterEach(async () => {
    await servers?.close();
    servers = undefined;
  });

  it('serves /metrics on one port and the probes on another', async () => {
    const registry = new Registry();
    new Counter({ name: 'crosstenant_test_total', help: 'test', registers: [registry] }).inc(2);
    let ready = false;
    servers = await startHealthServers({
      metricsBindAddress: '127.0.0.1:0',
      probeBindAddress: '127.0.0.1:0',
      registry,
      readyChecks: { caches: () => ready },
    });
    const metricsPort = servers.metricsAddress?.port;
    const probePort = servers.probeAddress?.port;
    expect(metricsPort).not.toBe(probePort);
    expect((await get(metricsPort, '/metrics')).body).toContain('crosstenant_test_total 2');
    expect((await get(metricsPort, '/healthz')).status).toBe(404);
    expect(await get(probePort, '/healthz')).toEqual({ status: 200, body: 'ok' });
    expect(await get(probePort, '/readyz')).toEqual({ status: 500, body: '[-]caches failed\n' });
    ready = true;
    expect(await get(probePort, '/readyz')).toEqual({ status: 200, body: 'ok' });
  });

  it('serves everything from one server when both addresses match', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    servers = await startHealthServers({ metricsBindAddress: address, probeBindAddress: address });
    const port = servers.metricsAddress?.port;
    expect(servers.probeAddress?.port).toBe(port);
    expect((await get(port, '/metrics')).body).toContain('process_cpu_user_seconds_total');
    expect((await get(port, '/readyz')).status).toBe(200);
  });

  it('turns an endpoint off with address 0 and reports failing checks', async () => {
    servers = await startHealthServers({
      metricsBindAddress: '127.0.0.1:0',
      probeBindAddress: '0',
    });
    expect(servers.probeAddress).toBeUndefined();
    expect((await get(servers.metricsAddress?.port, '/metrics')).status).toBe(200);
    await servers.close();
    servers = await startHealthServers({
      metricsBindAddress: '0',
      probeBindAddress: '127.0.0.1:0',
      healthChecks: { broken: () => Promise.reject(new Error('x')) },
    });
    expect(servers.metricsAddress).toBeUndefined();
    expect(await get(servers.probeAddress?.port, '/healthz')).toEqual({
      status: 500,
      body: '[-]broken failed\n',
    });
    await servers.close();
    servers = undefined;
    const probe = await startHealthServers({ metricsBindAddress: '0', probeBindAddress: '127.0.0.1:0' });
    servers = probe;
    expect(await get(probe.probeAddress?.port, '/readyz')).toEqual({ status: 200, body: 'ok' });
  });
});
