// Runs a real Coordinator (gRPC clients, state, logs, metrics) against scripted services.
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateMurphyRun } from '../../src/api/load.js';
import type { ResolvedSpec } from '../../src/api/resolve.js';
import { createCoordinator, STEP_LOG, TREE_LOG, type Limits } from '../../src/coordinator/create-coordinator.js';
import { connectServices, type ServiceAddresses } from '../../src/coordinator/clients/grpc/connect.js';
import type { RunState } from '../../src/coordinator/persistence/run-state.js';
import type { Problem, TestCase } from '../../src/datasets/problem.js';
import { MetricsRegistry } from '../../src/metrics/registry.js';

export function specOf(spec: Record<string, unknown>): ResolvedSpec {
  const result = validateMurphyRun({
    apiVersion: 'murphy.dev/v1alpha1',
    kind: 'MurphyRun',
    metadata: { name: 'test' },
    spec: { model: { name: 'scripted' }, dataset: { source: 'builtin:mini' }, ...spec },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.runs[0]!.spec;
}

const assertTest = (name: string): TestCase => ({ kind: 'assert', name, source: `assert ${name}()` });

/** Problems with two visible and two hidden tests; hidden test sources are easy to search for. */
export function problems(count: number): Problem[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `p${i}`,
    question: `Write solve_${i}().`,
    setup: '',
    visibleTests: [assertTest(`visible_a_${i}`), assertTest(`visible_b_${i}`)],
    hiddenTests: [assertTest(`HIDDEN_c_${i}`), assertTest(`HIDDEN_d_${i}`)],
  }));
}

export interface RunOptions {
  readonly stateDir?: string;
  readonly limits?: Partial<Limits>;
  readonly problems?: Problem[];
  readonly executorSlackMs?: number;
  readonly signal?: AbortSignal;
}

export interface RunOutput {
  readonly state: RunState;
  readonly stateDir: string;
  readonly metricsText: string;
  readonly steps: Record<string, unknown>[];
  readonly trees: TreeRecord[];
}

export interface TreeRecord {
  step: number;
  tree: string;
  problem: string;
  groups: Record<string, { seed: number; prompt: { role: string; content: string }[] }>;
  nodes: { id: string; parent: string | null; turn: number; reward: number; credited: number | null; advantage: number | null; kept: boolean; policyVersion: number; policyLag: number; feedback: { passed: number; total: number; failures: { test: string; actual: string }[] } }[];
}

export function readJsonl<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter((l) => l).map((l) => JSON.parse(l) as T);
}

/** One address for all three services (one ScriptedServices), or each its own target. */
export async function runCoordinator(address: string | ServiceAddresses, spec: ResolvedSpec, options: RunOptions = {}): Promise<RunOutput> {
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'murphy-coordinator-'));
  const addresses = typeof address === 'string' ? { inference: address, executor: address, trainer: address } : address;
  const clients = connectServices(addresses, options.executorSlackMs);
  const metrics = new MetricsRegistry({ processMetrics: false });
  try {
    const coordinator = createCoordinator({
      spec, problems: options.problems ?? problems(4), clients, stateDir, metrics, treesPerStep: 100,
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const state = await coordinator.run();
    return {
      state, stateDir, metricsText: await metrics.text(),
      steps: readJsonl(join(stateDir, STEP_LOG)), trees: readJsonl(join(stateDir, TREE_LOG)),
    };
  } finally {
    clients.close();
  }
}
