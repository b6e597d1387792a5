// End to end: `murphy run` with real processes (executor, inference and trainer on the tiny CPU
// model, the coordinator), as a user runs it: the local example for 2 steps, and a run that is
// killed after its first step and started again.
import { describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { algorithmConfigOf } from '../../src/api/algorithm-config.js';
import { loadMurphyRuns } from '../../src/api/load.js';
import type { ResolvedSpec } from '../../src/api/resolve.js';
import { loadDataset } from '../../src/datasets/load-dataset.js';
import { ProblemSampler } from '../../src/datasets/problem-sampler.js';
import { allTests, testDisplay } from '../../src/datasets/problem.js';
import { killGroup, killProcessesOf, waitFor } from './processes.js';
import { rescore, runFiles, type LoggedTree } from './run-output.js';

const MURPHY = join(process.cwd(), 'dist', 'src', 'cli', 'main.js');
const TEN_MINUTES = 10 * 60_000;

const specOf = (file: string): ResolvedSpec => {
  const result = loadMurphyRuns(readFileSync(file, 'utf8'));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.runs[0]!.spec;
};

/** Checks every logged tree against the spec's shape and the algorithm module's scores. */
async function checkTrees(trees: LoggedTree[], spec: ResolvedSpec, baseDir: string): Promise<void> {
  const [g1, g2] = spec.algorithm.generations as [number, number];
  const problems = new Map((await loadDataset(spec.dataset, baseDir)).map((p) => [p.id, p]));
  for (const tree of trees) {
    const roots = tree.nodes.filter((n) => n.turn === 1);
    expect(roots).toHaveLength(g1);
    for (const root of roots) {
      const children = tree.nodes.filter((n) => n.parent === root.id);
      expect(children).toHaveLength(root.reward < spec.algorithm.maxReward ? g2 : 0);
    }
    expect(tree.nodes.every((n) => n.turn <= 2)).toBe(true);
    // Retries are told about the whole suite (dataset.feedbackTests: all), or only the visible tests.
    const problem = problems.get(tree.problem)!;
    const visibleOnly = spec.dataset.feedbackTests === 'visible';
    const reported = visibleOnly ? problem.visibleTests.length : allTests(problem).length;
    const prompts = Object.values(tree.groups).flatMap((g) => g.prompt.map((m) => m.content));
    for (const retry of prompts.filter((p) => p.includes('## Attempt 1'))) expect(retry).toMatch(new RegExp(`Passed: \\d+/${reported} tests`));
    if (visibleOnly) for (const test of problem.hiddenTests.map(testDisplay)) expect(prompts.join('\n')).not.toContain(test);
  }
  for (const step of new Set(trees.map((t) => t.step))) {
    const ofStep = trees.filter((t) => t.step === step);
    const expected = rescore(ofStep, algorithmConfigOf(spec));
    for (const node of ofStep.flatMap((t) => t.nodes)) {
      const verdict = expected.get(node.id)!;
      expect([node.id, node.kept, node.credited]).toEqual([node.id, verdict.kept, verdict.credited]);
      if (node.kept) expect(node.advantage).toBeCloseTo(verdict.advantage!, 9);
    }
  }
}

const keptOf = (trees: LoggedTree[]) => trees.flatMap((t) => t.nodes).filter((n) => n.kept);

describe('murphy run', () => {
  it('runs the local example for 2 steps with real services', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'murphy-run-'));
    const result = spawnSync(process.execPath, [MURPHY, 'run', 'examples/tiny.yaml', '--runs-dir', runsDir], { encoding: 'utf8', timeout: TEN_MINUTES });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^step 1\/2: pass rate per turn/m);
    expect(result.stdout).toMatch(/local-tiny: finished 2\/2 steps/);

    const spec = specOf('examples/tiny.yaml');
    const out = runFiles(runsDir, 'local-tiny');
    const trees = out.trees();
    expect(trees.map((t) => t.step)).toEqual([1, 1, 2, 2]);
    await checkTrees(trees, spec, 'examples');
    // Step 2 was sampled by the weights trained in step 1, as inference itself reported.
    expect(new Set(trees.flatMap((t) => t.nodes.map((n) => `${t.step}:${n.policyVersion}`)))).toEqual(new Set(['1:0', '2:1']));
    expect(out.steps().map((s) => [s.step, s.policyVersion])).toEqual([[1, 1], [2, 2]]);
    expect(out.state()).toMatchObject({ step: 2, cursor: 4, policyVersion: 2 });
    // `murphy trees` on the finished run: a page of its 4 trees (test/trees/ opens such a page in chromium).
    const page = spawnSync(process.execPath, [MURPHY, 'trees', out.dir], { encoding: 'utf8' });
    expect([page.status, page.stderr, page.stdout]).toEqual([0, '', `${join(out.dir, 'trees.html')}: 4 trees of 2 steps\n`]);

    // The trainer got exactly the kept samples: their count and their completion tokens.
    const trainer = out.prom('trainer');
    const kept = keptOf(trees);
    expect(out.steps().map((s) => s.samples)).toEqual([1, 2].map((step) => keptOf(trees.filter((t) => t.step === step)).length));
    // Each record's credit and advantage statistics are those of the kept nodes its trees logged.
    for (const record of out.steps()) {
      const kept = keptOf(trees.filter((t) => t.step === record.step));
      const { credit, advantage } = record as unknown as Record<'credit' | 'advantage', { mean: number; min: number; max: number }>;
      expect(credit.mean).toBeCloseTo(kept.reduce((sum, n) => sum + n.credited!, 0) / kept.length, 9);
      expect([advantage.min, advantage.max]).toEqual([Math.min(...kept.map((n) => n.advantage!)), Math.max(...kept.map((n) => n.advantage!))]);
    }
    expect(trainer.get('murphy_trainer_samples_total')).toBe(kept.length);
    expect(trainer.get('murphy_trainer_tokens_total')).toBe(kept.reduce((sum, n) => sum + n.completionTokens, 0));
    expect(trainer.get('murphy_trainer_policy_version')).toBe(2);
    expect(out.prom('inference').get('murphy_inference_policy_version')).toBe(2);

    const coordinator = out.prom('coordinator');
    expect(coordinator.get('murphy_coordinator_step')).toBe(2);
    expect(coordinator.get('murphy_coordinator_policy_version')).toBe(2);
    expect(coordinator.get('murphy_coordinator_rollouts_total')).toBe(trees.flatMap((t) => t.nodes).length);
    expect(coordinator.get('murphy_coordinator_tree_nodes_total{state="kept",strategy="inter"}')).toBe(kept.length);
    expect(coordinator.get('murphy_coordinator_pass_rate{turn="1"}')).toBeGreaterThanOrEqual(0);
    expect(existsSync(join(out.dir, 'checkpoints'))).toBe(true);
  }, TEN_MINUTES);

  it('resumes a killed run at the step after the last one it finished', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'murphy-resume-'));
    const runFile = join(dir, 'run.yaml');
    writeFileSync(join(dir, 'always.jsonl'), tinyProblems());
    writeFileSync(runFile, RESUME_RUN);
    const runsDir = join(dir, 'runs');
    const out = runFiles(runsDir, 'resume-tiny');

    const first = spawn(process.execPath, [MURPHY, 'run', runFile, '--runs-dir', runsDir], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let firstOut = '';
    first.stdout.on('data', (chunk: Buffer) => (firstOut += chunk.toString()));
    await waitFor(() => existsSync(join(out.dir, 'state.json')) && out.state().step === 1, TEN_MINUTES / 2);
    process.kill(-first.pid!, 'SIGKILL'); // no clean-up of any kind: as if the machine lost the process
    // Clean up the orphans: the services' process groups, and torchrun's worker (a session of its own).
    for (const pid of [...firstOut.matchAll(/\(pid (\d+)\)/g)].map((m) => Number(m[1]))) killGroup(pid);
    killProcessesOf(dir);

    const second = spawnSync(process.execPath, [MURPHY, 'run', runFile, '--runs-dir', runsDir], { encoding: 'utf8', timeout: TEN_MINUTES });
    expect(second.stderr).toBe('');
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/resuming after step 1\/2/);
    expect(second.stdout).not.toMatch(/^step 1\/2/m);

    const spec = specOf(runFile);
    const trees = out.trees();
    expect(trees.map((t) => t.step)).toEqual([1, 1, 2, 2]);
    await checkTrees(trees, spec, dir);
    const sampler = new ProblemSampler(await loadDataset(spec.dataset, dir), spec.dataset.seed);
    expect(trees.map((t) => t.problem)).toEqual(sampler.draw(0, 4).map((p) => p.id));
    expect(out.steps().map((s) => s.step)).toEqual([1, 2]);
    expect(out.state()).toMatchObject({ step: 2, cursor: 4, policyVersion: 2 });
    // The restarted trainer resumed from step 1's checkpoint and trained step 2 only.
    const trainer = out.prom('trainer');
    expect(trainer.get('murphy_trainer_steps_total')).toBe(1);
    expect(trainer.get('murphy_trainer_samples_total')).toBe(keptOf(trees.filter((t) => t.step === 2)).length);
    expect(trainer.get('murphy_trainer_policy_version')).toBe(2);
  }, TEN_MINUTES);

  it('resumes a pipelined run (maxPolicyLag 1) stopped with a step in flight: every step trained once, no sample more than one version behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'murphy-lag-'));
    const runFile = join(dir, 'run.yaml');
    writeFileSync(join(dir, 'always.jsonl'), tinyProblems());
    writeFileSync(runFile, PIPELINED_RUN);
    const runsDir = join(dir, 'runs');
    const out = runFiles(runsDir, 'lag-tiny');

    const first = spawn(process.execPath, [MURPHY, 'run', runFile, '--runs-dir', runsDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let firstOut = '';
    first.stdout.on('data', (chunk: Buffer) => (firstOut += chunk.toString()));
    const firstExit = new Promise<number | null>((resolve) => first.on('exit', (code) => resolve(code)));
    // Step 1 is recorded: step 2 is training (or was) and step 3's trees are growing with step 1's weights.
    await waitFor(() => existsSync(join(out.dir, 'state.json')) && out.state().step >= 1, TEN_MINUTES / 2);
    first.kill('SIGTERM');
    expect(await firstExit).toBe(130);
    expect(firstOut).toMatch(/SIGTERM: stopping all services/);
    const stoppedAt = out.state().step;
    expect(stoppedAt).toBeLessThan(3);
    const firstTrainer = out.prom('trainer');
    killProcessesOf(dir);

    const second = spawnSync(process.execPath, [MURPHY, 'run', runFile, '--runs-dir', runsDir], { encoding: 'utf8', timeout: TEN_MINUTES });
    expect(second.stderr).toBe('');
    expect(second.status).toBe(0);
    const resumedAt = Number(/resuming after step (\d+)\/3/.exec(second.stdout)?.[1]);
    // The stop lets the trainer finish the Train call in flight: if it did, that step counts as done
    // (the resume plan's "applied": never trained twice), and the records its coordinator saved
    // before training it are written by the next one, marked recovered.
    const applied = resumedAt - stoppedAt;
    expect([0, 1]).toContain(applied);
    if (applied === 1) expect(second.stdout).toMatch(new RegExp(`step ${resumedAt} was trained before the coordinator stopped; continuing after it\\)`));
    const recorded = [1, 2, 3];

    // Each step recorded once, in order. Its trees grew with the served policy when the lag allowed the
    // rollout to start: step s with version s-2 (step s-2's weights), or the version the run began at.
    const sampledBy = (step: number) => Math.max(step <= resumedAt ? 0 : resumedAt, step - 2);
    expect(out.steps().map((s) => [s.step, s.sampledBy, s.policyVersion])).toEqual(recorded.map((step) => [step, sampledBy(step), step]));
    expect(out.steps().map((s) => s.recovered !== undefined)).toEqual(recorded.map((step) => applied === 1 && step === resumedAt));
    expect(out.state()).toMatchObject({ step: 3, cursor: 6, policyVersion: 3 });
    const trees = out.trees();
    expect(trees.map((t) => t.step)).toEqual(recorded.flatMap((step) => [step, step]));
    await checkTrees(trees, specOf(runFile), dir);
    // One policy per tree, and each node at most one version behind the trainer that used it.
    for (const tree of trees) {
      const lag = tree.step - 1 - sampledBy(tree.step);
      expect(lag === 0 || lag === 1).toBe(true);
      expect(tree.nodes.map((n) => [n.policyVersion, n.policyLag])).toEqual(tree.nodes.map(() => [sampledBy(tree.step), lag]));
    }
    expect(out.steps().map((s) => s.policyLag)).toEqual(out.steps().map((s) => (s.samples > 0 ? { [s.step - 1 - sampledBy(s.step)]: s.samples } : {})));

    // The first trainer applied the recorded steps (its metrics, read before its drain, may miss the
    // step it finished while stopping); the restarted one resumed from the last checkpoint and
    // trained the remaining steps' kept samples only.
    expect(firstTrainer.get('murphy_trainer_steps_total')).toBeGreaterThanOrEqual(stoppedAt);
    const trainer = out.prom('trainer');
    expect(trainer.get('murphy_trainer_steps_total')).toBe(3 - resumedAt);
    expect(trainer.get('murphy_trainer_samples_total')).toBe(keptOf(trees.filter((t) => t.step > resumedAt)).length);
    expect(trainer.get('murphy_trainer_policy_version')).toBe(3);
  }, TEN_MINUTES);
});

/** Problems whose tests pass whenever the program runs at all: with 2-token programs from the tiny model, rewards vary. */
function tinyProblems(): string {
  return Array.from({ length: 6 }, (_, i) =>
    JSON.stringify({ id: `runs-${i}`, question: `Write any Python program (${i}).`, visible: [{ kind: 'assert', source: 'assert True' }], hidden: [{ kind: 'assert', source: `assert ${i} == ${i}` }] }),
  ).join('\n');
}

const RESUME_RUN = `apiVersion: murphy.dev/v1alpha1
kind: MurphyRun
metadata: {name: resume-tiny}
spec:
  model: {name: murphy-tiny, source: "builtin:tiny"}
  dataset: {source: always.jsonl, seed: 3, feedbackTests: visible}
  algorithm: {turns: 2, generations: [4, 2], pruning: {strategy: intra, budgets: [3, null]}}
  training: {maxSteps: 2, promptsPerStep: 2, maxNewTokens: 2, temperature: 1.0, learningRate: 1.0e-3, checkpointInterval: 1}
  inference: {backend: hf, gpus: 0}
  trainer: {gpusPerNode: 0}
`;

const PIPELINED_RUN = RESUME_RUN.replace('name: resume-tiny', 'name: lag-tiny').replace('maxSteps: 2,', 'maxSteps: 3, maxPolicyLag: 1,');
