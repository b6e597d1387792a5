import { afterEach, describe, expect, it } from '@jest/globals';
import { startMetricsServer, type MetricsServer } from './http-server.js';
import { MetricsRegistry } from './registry.js';

let server: MetricsServer | undefined;
afterEach(async () => {
  await server?.close();
});

describe('metrics registry and HTTP server', () => {
  it('serves murphy_-prefixed metrics and health on one port', async () => {
    const metrics = new MetricsRegistry({ processMetrics: false });
    metrics.counter('things_total', 'Things.', ['kind']).inc({ kind: 'a' }, 2);
    let value = 5;
    metrics.gauge('level', 'Level.', [], () => value);
    let healthy = true;
    server = await startMetricsServer({ port: 0, host: '127.0.0.1', metrics, health: () => ({ healthy, detail: healthy ? 'ok' : 'draining' }) });
    const base = `http://127.0.0.1:${server.port}`;
    value = 7;
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('murphy_things_total{kind="a"} 2');
    expect(text).toContain('murphy_level 7');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    healthy = false;
    const down = await fetch(`${base}/healthz`);
    expect([down.status, (await down.text()).trim()]).toEqual([503, 'draining']);
    expect((await fetch(`${base}/other`)).status).toBe(404);
  });

  it('refuses names that are not snake case or already carry the prefix', () => {
    const metrics = new MetricsRegistry({ processMetrics: false });
    expect(() => metrics.counter('murphy_x_total', 'x')).toThrow('without the murphy_ prefix');
    expect(() => metrics.gauge('Bad-Name', 'x')).toThrow('lower_snake_case');
  });

  it('includes process metrics by default, prefixed', async () => {
    expect(await new MetricsRegistry().text()).toContain('murphy_process_cpu_seconds_total');
  });
});
