// The Reflexion loop for one problem in one run. Iteration 1 is plain generation; each later
// iteration shows the model its earlier attempts with feedback from the VISIBLE tests only, and the
// loop stops as soon as the visible tests pass or the iteration limit is reached. With
// selfReflection, a failed attempt that gets another iteration is first reflected on by the same
// model (self-reflection.ts) and the next prompt shows that reflection. Every attempt is run against
// the full suite (visible and hidden tests, in one executor call), and the final program is scored
// on all of it, as Reflexion and the paper do; hidden tests are recorded but never shown.
import { extractCode } from '../algorithm/extract-code.js';
import type { Attempt } from '../algorithm/feedback.js';
import { buildPrompt } from '../algorithm/prompts.js';
import type { PromptTemplates } from '../algorithm/templates.js';
import type { Completion, ExecutorClient, InferenceClient } from '../coordinator/clients/service-clients.js';
import { scoreExecution } from '../coordinator/rollout/execution-score.js';
import { hashSeed } from '../datasets/hash-seed.js';
import { allTests, type Problem } from '../datasets/problem.js';
import type { SamplingSettings } from './eval-settings.js';
import type { AttemptRecord, ProblemRecord, ReflectionRecord } from './problem-record.js';
import { reflectionPrompt, reflectionText } from './self-reflection.js';

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
  /** Reflexion's self-reflection step between a failed attempt and the next (App. C). */
  readonly selfReflection: boolean;
}

/** The seed of one generation: a function of what it is for, never of scheduling order. */
export function attemptSeed(settings: Pick<LoopSettings, 'seed' | 'dataset' | 'run'>, problemId: string, iteration: number, purpose: 'attempt' | 'reflection' = 'attempt'): number {
  const key = `${settings.dataset}\u0000${settings.run}\u0000${problemId}\u0000${iteration}`;
  return hashSeed(settings.seed, purpose === 'attempt' ? key : `${key}\u0000${purpose}`);
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
  const { feedback, passed, total } = scoreExecution(problem, outcomes, 'visible');
  return { iteration, seed, prompt, completion: completion.text, finishReason: completion.finishReason, code, feedback, suite: { passed, total } };
}

async function reflect(services: LoopServices, problem: Problem, record: AttemptRecord, settings: LoopSettings): Promise<ReflectionRecord> {
  const seed = attemptSeed(settings, problem.id, record.iteration, 'reflection');
  const prompt = reflectionPrompt(problem.question, toAttempt(record), record.iteration, settings.templates);
  const completion = await sampleOne(services, prompt, seed, settings.sampling);
  return { seed, prompt, completion: completion.text, reflection: reflectionText(completion.text) };
}

function toAttempt({ completion, code, feedback, reflection }: AttemptRecord): Attempt {
  return { completion, code, feedback, ...(reflection ? { reflection: reflection.reflection } : {}) };
}

export async function solveProblem(services: LoopServices, problem: Problem, settings: LoopSettings): Promise<ProblemRecord> {
  const attempts: AttemptRecord[] = [];
  let visiblePassed = false;
  while (!visiblePassed && attempts.length < settings.maxIterations) {
    let record = await attempt(services, problem, attempts.map(toAttempt), settings);
    visiblePassed = record.feedback.passed === record.feedback.total;
    if (!visiblePassed && settings.selfReflection && attempts.length + 1 < settings.maxIterations) {
      record = { ...record, reflection: await reflect(services, problem, record, settings) };
    }
    attempts.push(record);
  }
  return {
    dataset: settings.dataset,
    run: settings.run,
    problem: problem.id,
    visibleTests: problem.visibleTests.map((t) => t.name),
    hiddenTests: problem.hiddenTests.map((t) => t.name),
    attempts,
    stopped: visiblePassed ? 'visible-passed' : 'iteration-limit',
  };
}
