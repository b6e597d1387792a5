// Coordinator overhead: steps of 8 prompts with G = [8, 8] (576 rollouts, every completion failing
// so the trees are full) against fixed-latency gRPC services in another process. Reports step wall
// time / critical-path lower bound, where the bound is
//   turns x (generation + execution latency) + train + sync,
// the time a step takes with zero coordinator overhead and unbounded parallelism, and the
// coordinator's own CPU time per rollout. Two latency profiles:
// - "paper-scale": a group of 8 long completions from vLLM, a sandboxed test run, a TRL step and a
//   weight sync of a 1.7B model; the target ratio (<= 1.03) applies here;
// - "stress": latencies 25x shorter, which exposes the fixed cost of a step's gRPC calls (72 Generate,
//   and ExecuteBatch calls: one per group of completions that arrive together).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { validateMurphyRun } from '../src/api/load.js';
import { createCoordinator } from '../src/coordinator/create-coordinator.js';
import { connectServices } from '../src/coordinator/grpc/connect.js';
import type { StepReport } from '../src/coordinator/step-runner.js';
import { loadDataset } from '../src/datasets/load-dataset.js';
import { MetricsRegistry } from '../src/metrics/registry.js';

interface Profile {
  readonly name: string;
  readonly latencyMs: { readonly generate: number; readonly execute: number; readonly train: number; readonly sync: number };
  readonly steps: number;
  readonly target?: number;
}

const PROFILES: readonly Profile[] = [
  { name: 'paper-scale', latencyMs: { generate: 5000, execute: 500, train: 8000, sync: 2000 }, steps: 4, target: 1.03 },
  { name: 'stress', latencyMs: { generate: 200, execute: 20, train: 320, sync: 80 }, steps: 6 },
];
const TOKENS = 512;
const TURNS = 2;

async function startServices(profile: Profile): Promise<{ address: string; stop: () => void }> {
  const { generate, execute, train, sync } = profile.latencyMs;
  const child = spawn(process.execPath, [join(import.meta.dirname, 'coordinator-services.js'), ...[generate, execute, train, sync, TOKENS].map(String)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const line of createInterface({ input: child.stdout })) {
    const match = /^ADDRESS (\S+)$/.exec(line);
    if (match) return { address: match[1] as string, stop: () => child.kill('SIGTERM') };
  }
  throw new Error('the benchmark services did not start');
}

function specOf(steps: number) {
  const result = validateMurphyRun({
    apiVersion: 'murphy.dev/v1alpha1',
    kind: 'MurphyRun',
    metadata: { name: 'bench' },
    spec: {
      model: { name: 'fixed-latency' },
      dataset: { source: 'builtin:mini' },
      algorithm: { turns: TURNS, generations: [8, 8], credit: { strategy: 'MARS' } },
      training: { maxSteps: steps, promptsPerStep: 8, checkpointInterval: 1000 },
    },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.runs[0]!.spec;
}

async function measure(profile: Profile): Promise<{ report: StepReport; cpuMicros: number }[]> {
  const spec = specOf(profile.steps);
  const services = await startServices(profile);
  const clients = connectServices({ inference: services.address, executor: services.address, trainer: services.address });
  const measured: { report: StepReport; cpuMicros: number }[] = [];
  let cpuMark = process.cpuUsage();
  const coordinator = createCoordinator({
    spec,
    problems: await loadDataset(spec.dataset, '.'),
    clients,
    stateDir: mkdtempSync(join(tmpdir(), 'murphy-bench-')),
    metrics: new MetricsRegistry({ processMetrics: false }),
    limits: { generate: 128, execute: 1024 },
    treesPerStep: 1,
    listener: {
      stepStarted: () => void (cpuMark = process.cpuUsage()),
      stepFinished: (report) => {
        const used = process.cpuUsage(cpuMark);
        measured.push({ report, cpuMicros: used.user + used.system });
      },
    },
  });
  await coordinator.run();
  clients.close();
  services.stop();
  return measured.slice(1); // step 1 warms up connections and the JIT
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

console.log(`load average before: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} CPUs (wall-time ratios grow with contention)`);
console.log(`coordinator step: 8 prompts, G = [8, 8], 576 rollouts of ${TOKENS} tokens per step (every completion fails: full trees)`);
for (const profile of PROFILES) {
  const { generate, execute, train, sync } = profile.latencyMs;
  const bound = (TURNS * (generate + execute) + train + sync) / 1000;
  const steps = await measure(profile);
  const stepSeconds = mean(steps.map((m) => m.report.seconds.step));
  const ratio = stepSeconds / bound;
  const cpuPerRollout = mean(steps.map((m) => m.cpuMicros / m.report.counters.rollouts));
  const verdict = profile.target === undefined ? '' : ` (target <= ${profile.target}) ${ratio <= profile.target ? 'OK' : 'ABOVE TARGET'}`;
  console.log(`  ${profile.name}: generate ${generate} ms, execute ${execute} ms, train ${train} ms, sync ${sync} ms; ${steps.length} steps measured`);
  console.log(`    step wall time ${(stepSeconds * 1000).toFixed(0)} ms / critical-path lower bound ${(bound * 1000).toFixed(0)} ms = ratio ${ratio.toFixed(3)}${verdict}`);
  const phase = (key: 'rollout' | 'score' | 'train' | 'sync') => (mean(steps.map((m) => m.report.seconds[key])) * 1000).toFixed(0);
  console.log(`    phases: rollout ${phase('rollout')} ms (bound ${TURNS * (generate + execute)}), score ${phase('score')} ms, train ${phase('train')} ms (bound ${train}), sync ${phase('sync')} ms (bound ${sync})`);
  console.log(`    coordinator CPU time per rollout ${(cpuPerRollout / 1000).toFixed(3)} ms (${(mean(steps.map((m) => m.cpuMicros)) / 1000).toFixed(0)} ms per step)`);
}
