// `murphy executor`: the engine behind gRPC, with /metrics and /healthz on the metrics port.
// stop() drains: health turns NOT_SERVING, new calls get UNAVAILABLE, admitted calls finish.
import { startGrpcServer, type RunningServer } from '../grpc/server.js';
import { ExecutorService } from '../gen/murphy/v1/executor.js';
import { startMetricsServer, type MetricsServer } from '../metrics/http-server.js';
import { MetricsRegistry } from '../metrics/registry.js';
import { Engine, type EngineOptions } from './engine.js';
import { ExecutorMetrics } from './metrics.js';
import { executorService } from './service.js';

export interface ExecutorServerOptions extends EngineOptions {
  readonly port: number;
  readonly metricsPort: number;
  readonly host?: string;
}

export interface RunningExecutor {
  readonly engine: Engine;
  readonly port: number;
  readonly metricsPort: number;
  readonly metrics: MetricsRegistry;
  /** Graceful: waits for admitted work (up to graceMs), then closes everything. */
  stop(graceMs?: number): Promise<void>;
}

const DEFAULT_GRACE_MS = 60_000;

export async function startExecutor(options: ExecutorServerOptions): Promise<RunningExecutor> {
  const engine = await Engine.start(options);
  const metrics = new MetricsRegistry();
  let grpc: RunningServer | undefined;
  let http: MetricsServer | undefined;
  try {
    const executorMetrics = new ExecutorMetrics(metrics, () => engine.stats(), { mode: engine.sandbox, landlock: engine.confinement.landlock });
    grpc = await startGrpcServer(options.port, [{ definition: ExecutorService, implementation: executorService(engine, executorMetrics) }], options.host);
    http = await startMetricsServer({
      port: options.metricsPort,
      ...(options.host ? { host: options.host } : {}),
      metrics,
      health: () => {
        const stats = engine.stats();
        return { healthy: !stats.draining, detail: `${stats.draining ? 'draining' : 'ok'} sandbox=${engine.sandbox} running=${stats.running} queued=${stats.queued}` };
      },
    });
  } catch (error) {
    await grpc?.shutdown(0);
    await engine.close();
    throw error;
  }
  const servers = { grpc, http };
  return {
    engine,
    port: servers.grpc.port,
    metricsPort: servers.http.port,
    metrics,
    async stop(graceMs = DEFAULT_GRACE_MS) {
      const drained = engine.drain();
      await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
      await servers.grpc.shutdown(1_000);
      await servers.http.close();
      await engine.close();
    },
  };
}
