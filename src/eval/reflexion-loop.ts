// The Reflexion loop for one problem in one run. Iteration 1 is plain generation; each later
// iteration shows the model its earlier attempts with feedback from the VISIBLE tests only, and the
// loop stops as soon as the visible tests pass or the iteration limit is reached. Every attempt is
// also run against the hidden tests (in the same executor call), which are recorded but never shown.
import { extractCode } from '../algorithm/extract-code.js';
import type { Attempt } from '../algorithm/feedback.js';
import { buildPrompt } from '../algorithm/prompts.js';
import type { PromptTemplates } from '../algorithm/templates.js';
import type { Completion, ExecutorClient, InferenceClient } from '../coordinator/clients/service-clients.js';
import { scoreExecution } from '../coordinator/rollout/execution-score.js';
import { hashSeed } from '../datasets/hash-seed.js';
import { allTests, type Problem } from '../datasets/problem.js';
import type { SamplingSettings } from './eval-settings.js';
import type { AttemptRecord, HiddenOutcome, ProblemRecord } from './problem-record.js';

export interface LoopServices {
  readonly inference: Pick<InferenceClient, 'generate'>;
  readonly executor: ExecutorClient;
}

export interface LoopSettings {
  readonly dataset: string;
  readonly run: number;
  readonly maxIterations: number;
  readonly sampling: SamplingSettings;
  readonly seed: number;
  readonly timeoutSeconds: number;
  readonly templates: PromptTemplates;
}

/** The seed of one generation: a function of what it is for, never of scheduling order. */
export function attemptSeed(settings: Pick<LoopSettings, 'seed' | 'dataset' | 'run'>, problemId: string, iteration: number): number {
  return hashSeed(settings.seed, `${settings.dataset}\u0000${settings.run}\u0000${problemId}\u0000${iteration}`);
}

async function sampleOne(services: LoopServices, messages: AttemptRecord['prompt'], seed: number, sampling: SamplingSettings): Promise<Completion> {
  let completion: Completion | undefined;
  await services.inference.generate({ messages, n: 1, seed, ...sampling }, (c) => (completion = c));
  if (completion === undefined) throw new Error('inference answered without a completion');
  return completion;
}

async function attempt(services: LoopServices, problem: Problem, history: readonly Attempt[], settings: LoopSettings): Promise<AttemptRecord> {
  const iteration = history.length + 1;
  const seed = attemptSeed(settings, problem.id, iteration);
  const prompt = buildPrompt(problem.question, history, settings.templates);
  const completion = await sampleOne(services, prompt, seed, settings.sampling);
  const code = extractCode(completion.text);
  const outcomes = await services.executor.execute({ code, setup: problem.setup, tests: allTests(problem), timeoutSeconds: settings.timeoutSeconds });
  const { feedback } = scoreExecution(problem, outcomes);
  const scored = problem.hiddenTests.length > 0 ? outcomes.slice(problem.visibleTests.length) : outcomes;
  const hidden: HiddenOutcome = { passed: scored.filter((o) => o.status === 'passed').length, total: scored.length };
  return { iteration, seed, prompt, completion: completion.text, finishReason: completion.finishReason, code, feedback, hidden };
}

export async function solveProblem(services: LoopServices, problem: Problem, settings: LoopSettings): Promise<ProblemRecord> {
  const attempts: AttemptRecord[] = [];
  let visiblePassed = false;
  while (!visiblePassed && attempts.length < settings.maxIterations) {
    const history = attempts.map(({ completion, code, feedback }) => ({ completion, code, feedback }));
    const record = await attempt(services, problem, history, settings);
    attempts.push(record);
    visiblePassed = record.feedback.passed === record.feedback.total;
  }
  return {
    dataset: settings.dataset,
    run: settings.run,
    problem: problem.id,
    visibleTests: problem.visibleTests.map((t) => t.name),
    hiddenTests: problem.hiddenTests.map((t) => t.name),
    scoredOn: problem.hiddenTests.length > 0 ? 'hidden' : 'all',
    attempts,
    stopped: visiblePassed ? 'visible-passed' : 'iteration-limit',
  };
}
