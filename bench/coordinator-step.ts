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
// Each profile runs on-policy (training.maxPolicyLag 0) and pipelined (maxPolicyLag 1: the next
// step's trees grow while the trainer trains), in the same run. The pipelined step's lower bound is
//   max(turns x (generation + execution latency), train + sync),
// its target (paper-scale) a ratio <= 1.05, and the speed-up over maxPolicyLag 0 is printed (>= 1.8x
// expected). The services load weights as murphy's inference does: never while Generate runs; with
// maxPolicyLag 1 an export made while a rollout generates is staged beside it (90% of the load's
// latency, see coordinator-services.ts), so the load between two rollouts is a short swap. A
// per-step timeline of the service calls (paper-scale) shows where each step's time went.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { validateMurphyRun } from '../src/api/load.js';
import { createCoordinator } from '../src/coordinator/create-coordinator.js';
import { connectServices } from '../src/coordinator/clients/grpc/connect.js';
import type { StepReport } from '../src/coordinator/step/step-report.js';
import { loadDataset } from '../src/datasets/load-dataset.js';
import { MetricsRegistry } from '../src/metrics/registry.js';
import { ServiceTimeline, type StepTimeline } from './service-timeline.js';

interface Profile {
  readonly name: string;
  readonly latencyMs: { readonly generate: number; readonly execute: number; readonly train: number; readonly sync: number };
  /** Steps measured per maxPolicyLag (after the warm-up steps: 1 on-policy, 2 pipelined). */
  readonly measured: number;
  /** Target ratios to the lower bound, on-policy and pipelined. */
  readonly targets?: readonly [number, number];
  /** Target speed-up of the pipeline over the on-policy loop. */
  readonly speedUp?: number;
}

const PROFILES: readonly Profile[] = [
  { name: 'paper-scale', latencyMs: { generate: 5000, execute: 500, train: 8000, sync: 2000 }, measured: 3, targets: [1.03, 1.05], speedUp: 1.8 },
  { name: 'stress', latencyMs: { generate: 200, execute: 20, train: 320, sync: 80 }, measured: 5 },
];
const LAGS = [0, 1] as const;
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

function specOf(steps: number, maxPolicyLag: number) {
  const result = validateMurphyRun({
    apiVersion: 'murphy.dev/v1alpha1',
    kind: 'MurphyRun',
    metadata: { name: 'bench' },
    spec: {
      model: { name: 'fixed-latency' },
      dataset: { source: 'builtin:mini' },
      algorithm: { turns: TURNS, generations: [8, 8], credit: { strategy: 'MARS' } },
      training: { maxSteps: steps, promptsPerStep: 8, checkpointInterval: 1000, maxPolicyLag },
    },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.runs[0]!.spec;
}

/** The steps after the warm-up: the first warms up connections and the JIT; a pipeline fills in two. */
interface Measured {
  readonly report: StepReport;
  readonly cpuMicros: number;
  readonly timeline: StepTimeline;
}

async function measure(profile: Profile, maxPolicyLag: number): Promise<Measured[]> {
  const warmUp = 1 + maxPolicyLag;
  const spec = specOf(warmUp + profile.measured, maxPolicyLag);
  const services = await startServices(profile);
  const timeline = new ServiceTimeline();
  const clients = connectServices({ inference: services.address, executor: services.address, trainer: services.address });
  const measured: { report: StepReport; cpuMicros: number }[] = [];
  // CPU time between step ends (with a pipeline, the next step's rollout overlaps the current one).
  let cpuMark = process.cpuUsage();
  const coordinator = createCoordinator({
    spec,
    problems: await loadDataset(spec.dataset, '.'),
    clients: timeline.wrap(clients),
    stateDir: mkdtempSync(join(tmpdir(), 'murphy-bench-')),
    metrics: new MetricsRegistry({ processMetrics: false }),
    limits: { generate: 128, execute: 1024 },
    treesPerStep: 1,
    listener: {
      stepStarted: (step) => timeline.rolloutStarted(step),
      stepFinished: (report) => {
        const used = process.cpuUsage(cpuMark);
        cpuMark = process.cpuUsage();
        measured.push({ report, cpuMicros: used.user + used.system });
      },
    },
  });
  await coordinator.run();
  clients.close();
  services.stop();
  return measured.slice(warmUp).map((m) => ({ ...m, timeline: timeline.step(m.report.step) }));
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const ms = (seconds: number) => (seconds * 1000).toFixed(0);

/** The step time with no coordinator overhead and unbounded parallelism. */
function lowerBound(profile: Profile, maxPolicyLag: number): number {
  const { generate, execute, train, sync } = profile.latencyMs;
  const rollout = TURNS * (generate + execute);
  return (maxPolicyLag === 0 ? rollout + train + sync : Math.max(rollout, train + sync)) / 1000;
}

/** One line per step: its service calls in ms since its rollout began. */
function printTimeline(steps: readonly Measured[]): void {
  const span = ([start, end]: readonly [number, number]) => `${ms(start / 1000)}-${ms(end / 1000)}`;
  for (const { timeline: t } of steps) {
    console.log(
      `        step ${t.step} (ms since its rollout began): generate until ${ms(t.generated / 1000)}, execute until ${ms(t.executed / 1000)}; ` +
        `train ${span(t.train)}, export ${span(t.export)}, stage ${t.stage ? span(t.stage) : 'none'}, load ${t.load ? span(t.load) : 'none'}; next rollout at ${ms(t.nextRollout / 1000)}`,
    );
  }
}

function report(profile: Profile, maxPolicyLag: number, steps: readonly Measured[]): number {
  const bound = lowerBound(profile, maxPolicyLag);
  const stepSeconds = mean(steps.map((m) => m.report.seconds.step));
  const ratio = stepSeconds / bound;
  const target = profile.targets?.[maxPolicyLag];
  const verdict = target === undefined ? '' : ` (target <= ${target}) ${ratio <= target ? 'OK' : 'ABOVE TARGET'}`;
  const formula = maxPolicyLag === 0 ? 'turns x (generate + execute) + train + sync' : 'max(turns x (generate + execute), train + sync)';
  console.log(`    maxPolicyLag ${maxPolicyLag}: ${steps.length} steps measured; lower bound ${formula} = ${ms(bound)} ms`);
  console.log(`      step wall time ${ms(stepSeconds)} ms / lower bound ${ms(bound)} ms = ratio ${ratio.toFixed(3)}${verdict}`);
  const phase = (key: 'rollout' | 'score' | 'train' | 'sync') => ms(mean(steps.map((m) => m.report.seconds[key])));
  const idle = (service: 'inference' | 'trainer') => ms(mean(steps.map((m) => m.report.seconds.idle[service])));
  console.log(`      phases: rollout ${phase('rollout')} ms, score ${phase('score')} ms, train ${phase('train')} ms, sync ${phase('sync')} ms; idle per step: inference ${idle('inference')} ms, trainer ${idle('trainer')} ms`);
  const cpuPerRollout = mean(steps.map((m) => m.cpuMicros / m.report.counters.rollouts));
  if (profile.targets) printTimeline(steps);
  console.log(`      coordinator CPU time per rollout ${(cpuPerRollout / 1000).toFixed(3)} ms (${(mean(steps.map((m) => m.cpuMicros)) / 1000).toFixed(0)} ms per step)`);
  return stepSeconds;
}

console.log(`load average before: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} CPUs (wall-time ratios grow with contention)`);
console.log(`coordinator step: 8 prompts, G = [8, 8], 576 rollouts of ${TOKENS} tokens per step (every completion fails: full trees)`);
for (const profile of PROFILES) {
  const { generate, execute, train, sync } = profile.latencyMs;
  console.log(`  ${profile.name}: generate ${generate} ms, execute ${execute} ms, train ${train} ms, sync ${sync} ms (export ${sync / 2}, load ${sync / 2}: staged ${(sync / 2) * 0.9} beside Generate calls + swap ${(sync / 2) * 0.1})`);
  const stepSeconds: number[] = [];
  for (const lag of LAGS) stepSeconds.push(report(profile, lag, await measure(profile, lag)));
  const speedUp = (stepSeconds[0] as number) / (stepSeconds[1] as number);
  const verdict = profile.speedUp === undefined ? '' : ` (expected >= ${profile.speedUp}) ${speedUp >= profile.speedUp ? 'OK' : 'BELOW'}`;
  console.log(`    speed-up of maxPolicyLag 1 over 0: ${speedUp.toFixed(2)}x${verdict}`);
}
console.log(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
