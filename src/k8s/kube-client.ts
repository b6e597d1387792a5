// A small JSON client for the Kubernetes REST API over node:https, authenticated by a KubeConfig
// (@kubernetes/client-node does the credentials and TLS). It exists because the controller needs a
// few calls the generated clients make awkward (server-side apply on the status subresource, raw
// paths, one keep-alive connection pool) and because tests count exactly the requests it makes.
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { apiErrorFrom } from './api-error.js';

export interface KubeRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
  readonly contentType?: string;
}

export interface KubeClient {
  request<T>(req: KubeRequest): Promise<T>;
}

type AuthOptions = https.RequestOptions & { agent?: http.Agent };

export class HttpKubeClient implements KubeClient {
  private agent: http.Agent | undefined;
  private readonly server: URL;

  constructor(
    private readonly kc: KubeConfig,
    private readonly timeoutMs = 30_000,
  ) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    this.server = new URL(cluster.server);
  }

  async request<T>(req: KubeRequest): Promise<T> {
    const url = new URL(this.server.href.replace(/\/$/, '') + req.path);
    for (const [key, value] of Object.entries(req.query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    const options = await this.options(req, body);
    const { status, text, json } = await send(url, options, body);
    if (status < 200 || status >= 300) throw apiErrorFrom(status, text, `${req.method} ${req.path}`);
    // Health endpoints (/readyz, /healthz) answer plain text.
    return (json && text ? JSON.parse(text) : text) as T;
  }

  /** Credentials from the KubeConfig (re-read per request: tokens rotate), one pooled agent. */
  private async options(req: KubeRequest, body: string | undefined): Promise<AuthOptions> {
    const options: AuthOptions = { method: req.method, headers: { Accept: 'application/json' }, timeout: this.timeoutMs };
    await this.kc.applyToHTTPSOptions(options);
    options.agent = this.agent ??= this.makeAgent(options);
    const headers = options.headers as Record<string, string>;
    if (body !== undefined) {
      headers['Content-Type'] = req.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    return options;
  }

  private makeAgent(options: AuthOptions): http.Agent {
    if (this.server.protocol === 'http:') return new http.Agent({ keepAlive: true });
    const { ca, cert, key, rejectUnauthorized, servername } = options;
    return new https.Agent({ keepAlive: true, ca, cert, key, ...(rejectUnauthorized === undefined ? {} : { rejectUnauthorized }), ...(servername ? { servername } : {}) });
  }

  /** Closes pooled connections so a stopped process can exit. */
  close(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }
}

interface Response {
  readonly status: number;
  readonly text: string;
  readonly json: boolean;
}

function send(url: URL, options: AuthOptions, body: string | undefined): Promise<Response> {
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const request = transport.request(url, options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      const json = (response.headers['content-type'] ?? '').includes('json');
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), json }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`${options.method} ${url.pathname}: timed out`)));
    request.on('error', reject);
    request.end(body);
  });
}
