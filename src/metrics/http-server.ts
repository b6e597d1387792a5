// The HTTP side every murphy process exposes: Prometheus text on /metrics, health on /healthz,
// and, for processes that can be alive but not ready (the operator), readiness on /readyz.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricsRegistry } from './registry.js';

export interface HealthReport {
  readonly healthy: boolean;
  readonly detail: string;
}

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

export interface MetricsServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly metrics: MetricsRegistry;
  readonly health: () => HealthReport;
  /** Serves /readyz when given. */
  readonly ready?: () => HealthReport;
}

function sendReport(response: ServerResponse, report: HealthReport): void {
  response.writeHead(report.healthy ? 200 : 503, { 'content-type': 'text/plain' }).end(`${report.detail}\n`);
}

export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      options.metrics.text().then(
        (text) => response.writeHead(200, { 'content-type': options.metrics.registry.contentType }).end(text),
        (error: unknown) => response.writeHead(500).end(`metrics failed: ${String(error)}\n`),
      );
    } else if (path === '/healthz') {
      sendReport(response, options.health());
    } else if (path === '/readyz' && options.ready) {
      sendReport(response, options.ready());
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics or /healthz\n');
    }
  });
  await listen(server, options.port, options.host ?? '0.0.0.0');
  return { port: (server.address() as AddressInfo).port, close: () => close(server) };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
