// The evaluation loop's own cost: builtin:mini (30 problems, iterations up to 3) answered by the
// oracle inference backend (wrong at iteration 1, right at 2, so 60 attempts) against a real
// executor, in attempts per second, against the rate of the same 60 executions sent straight to
// the executor at the same concurrency, measured in the same run. The loop adds prompts, a
// Generate call, code extraction and bookkeeping per attempt. Target: ratio >= 0.8.
import { DEFAULT_TEMPLATES } from '../src/algorithm/templates.js';
import { extractCode } from '../src/algorithm/extract-code.js';
import { Limiter } from '../src/coordinator/rollout/limiter.js';
import { allTests } from '../src/datasets/problem.js';
import { startExecutor } from '../src/executor/server.js';
import { connectEvalServices } from '../src/eval/connect-eval-services.js';
import { loadEvalDatasets } from '../src/eval/evaluate.js';
import { runEvaluation } from '../src/eval/run-evaluation.js';
import { asCompletion, OracleInference } from '../test/eval/oracle-inference.js';
import { MINI_SOLUTIONS } from '../test/eval/fixtures/mini-solutions.js';

const CONCURRENCY = 4;
const BROKEN = 'def solution():\n    return None';
const script = (id: string, iteration: number) => (iteration === 1 ? BROKEN : (MINI_SOLUTIONS[id] ?? ''));

const executor = await startExecutor({ port: 0, metricsPort: 0, host: '127.0.0.1', sandbox: 'auto', concurrency: 2 });
const settings = {
  datasets: [{ name: 'builtin:mini', spec: { source: 'builtin:mini', format: 'auto' as const, seed: 0, visibleTests: 2 } }],
  iterations: [1, 3], runs: 1, sampling: { temperature: 0.6, topP: 0.95, maxNewTokens: 64 }, seed: 0, timeoutSeconds: 10, concurrency: CONCURRENCY, selfReflection: false,
};
const datasets = await loadEvalDatasets(settings, process.cwd());
const problems = datasets.flatMap((d) => d.problems);
const oracle = await new OracleInference(problems, script).start();
const services = connectEvalServices({ inference: oracle.address, executor: `127.0.0.1:${executor.port}` });

async function timed(task: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await task();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** The same executions without the loop: each program of each iteration, straight to the executor. */
async function bare(): Promise<number> {
  const limiter = new Limiter(CONCURRENCY);
  const jobs = problems.flatMap((problem) => [1, 2].map((iteration) => ({ problem, code: extractCode(asCompletion(script(problem.id, iteration))) })));
  await Promise.all(jobs.map(({ problem, code }) => limiter.run(0, () => services.executor.execute({ code, setup: problem.setup, tests: allTests(problem), timeoutSeconds: 10 }))));
  return jobs.length;
}

/** Best of ROUNDS, the two paths alternating, so that load from elsewhere on the machine hits both alike. */
const ROUNDS = 3;

try {
  await bare(); // warm both paths once
  let best = { loop: Infinity, bare: Infinity };
  let attempts = 0;
  let executions = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const loop = await timed(async () => {
      const result = await runEvaluation(services, { settings, datasets, templates: DEFAULT_TEMPLATES });
      attempts = result.records.reduce((sum, r) => sum + r.attempts.length, 0);
    });
    const direct = await timed(async () => (executions = await bare()));
    best = { loop: Math.min(best.loop, loop), bare: Math.min(best.bare, direct) };
  }
  const loopRate = attempts / best.loop;
  const bareRate = executions / best.bare;
  console.log(`eval loop: ${attempts} attempts in ${best.loop.toFixed(2)} s = ${loopRate.toFixed(1)} attempts/s (concurrency ${CONCURRENCY}, best of ${ROUNDS})`);
  console.log(`bare executor: ${executions} executions in ${best.bare.toFixed(2)} s = ${bareRate.toFixed(1)} executions/s (best of ${ROUNDS})`);
  console.log(`ratio eval-loop/bare-executor: ${(loopRate / bareRate).toFixed(2)} (target >= 0.8)`);
} finally {
  services.close();
  await oracle.stop();
  await executor.stop(1_000);
}
