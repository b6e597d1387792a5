// One prom-client Registry per process (never the global default), with every metric named
// `murphy_<name>`, so tests can read a component's metrics and names stay consistent.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const METRIC_PREFIX = 'murphy_';

const MISNAMED_DEFAULT_GAUGES = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

export class MetricsRegistry {
  readonly registry = new Registry();

  constructor(options: { readonly processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
      // prom-client names these gauges *_total, which Prometheus reserves for counters.
      for (const name of MISNAMED_DEFAULT_GAUGES) this.registry.removeSingleMetric(METRIC_PREFIX + name);
    }
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return new Counter({ name: prefixed(name), help, labelNames, registers: [this.registry] });
  }

  /** `read`, when given, sets the gauge at each scrape (for values owned elsewhere). */
  gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = [], read?: () => number): Gauge<L> {
    return new Gauge<L>({
      name: prefixed(name),
      help,
      labelNames,
      registers: [this.registry],
      ...(read ? { collect(this: Gauge<L>) { this.set(read()); } } : {}),
    });
  }

  histogram<L extends string>(name: string, help: string, buckets: readonly number[], labelNames: readonly L[] = []): Histogram<L> {
    return new Histogram({ name: prefixed(name), help, buckets: [...buckets], labelNames, registers: [this.registry] });
  }

  /** Prometheus text exposition of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}

function prefixed(name: string): string {
  if (!/^[a-z][a-z0-9_]*$/.test(name) || name.startsWith(METRIC_PREFIX)) {
    throw new Error(`metric name "${name}": use lower_snake_case without the ${METRIC_PREFIX} prefix (it is added)`);
  }
  return METRIC_PREFIX + name;
}
