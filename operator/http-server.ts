// /metrics (Prometheus text), /healthz (the process is alive) and /readyz (caches synced and, with
// leader election, either leading or standing by) on one port.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface HttpEndpoints {
  readonly registry: Registry;
  readonly ready: () => boolean;
}

export async function startHttpServer(port: number, endpoints: HttpEndpoints, host = '0.0.0.0'): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    void handle(req.url ?? '/', endpoints).then(({ code, type, body }) => {
      res.writeHead(code, { 'Content-Type': type });
      res.end(body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return server;
}

async function handle(url: string, endpoints: HttpEndpoints): Promise<{ code: number; type: string; body: string }> {
  const path = url.split('?')[0];
  if (path === '/metrics') return { code: 200, type: endpoints.registry.contentType, body: await endpoints.registry.metrics() };
  if (path === '/healthz') return { code: 200, type: 'text/plain', body: 'ok\n' };
  if (path === '/readyz') return endpoints.ready() ? { code: 200, type: 'text/plain', body: 'ok\n' } : { code: 503, type: 'text/plain', body: 'not ready\n' };
  return { code: 404, type: 'text/plain', body: 'not found\n' };
}

export const serverPort = (server: http.Server): number => (server.address() as AddressInfo).port;
