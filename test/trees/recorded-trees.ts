// trees.jsonl lines as the coordinator writes them, for the tests of `murphy trees`: trees grown by
// hand (a problem, completions, their test feedback) and turned into records by the coordinator's
// own functions (scoreTrees for pruning, credit and advantages; treeRecord for the line).
import type { ExecutionFeedback } from '../../src/algorithm/feedback.js';
import { buildPrompt } from '../../src/algorithm/prompts.js';
import { scoreTrees } from '../../src/algorithm/score-trees.js';
import { DEFAULT_TEMPLATES } from '../../src/algorithm/templates.js';
import type { AlgorithmConfig } from '../../src/algorithm/config.js';
import { toTreeInput, type ExpandedNode, type ExpandedTree } from '../../src/coordinator/rollout/expanded-tree.js';
import { treeRecord } from '../../src/coordinator/step/step-records.js';
import type { Problem } from '../../src/datasets/problem.js';

/** Two turns, MARS, inter pruning keeping one retry group per tree: a tree with two retried attempts loses one. */
export const PRUNING_CONFIG: AlgorithmConfig = {
  turns: 2,
  maxReward: 1,
  credit: { strategy: 'MARS', gamma: 1 },
  pruning: { strategy: 'inter', budgets: [null, 1], alpha: [0, 1] },
};

/** One attempt of a hand-grown tree: its program, the tests it passed (of `total`), its retries. */
export interface AttemptSpec {
  readonly code: string;
  readonly passed: number;
  readonly failures?: readonly { test: string; actual: string }[];
  readonly retries?: readonly AttemptSpec[];
}

export interface TreeSpec {
  readonly step: number;
  readonly problem: string;
  readonly question: string;
  /** Tests in all (visible and hidden): the reward is passed / total. */
  readonly total: number;
  readonly attempts: readonly AttemptSpec[];
}

function problemOf(spec: TreeSpec): Problem {
  return { id: spec.problem, question: spec.question, setup: '', visibleTests: [], hiddenTests: [] };
}

/** Where an attempt sits in its tree: its id, its turn and the attempts before it (its prompt's history). */
interface Place {
  readonly id: string;
  readonly turn: number;
  readonly history: ExpandedNode['history'];
}

function grow(spec: TreeSpec, attempt: AttemptSpec, { id, turn, history }: Place): ExpandedNode {
  const feedback: ExecutionFeedback = { passed: attempt.passed, total: spec.total, failures: attempt.failures ?? [] };
  const completion = { index: Number(id.split('.').at(-1)), text: `\`\`\`python\n${attempt.code}\n\`\`\``, promptTokenIds: [], tokenIds: [1, 2, 3], logprobs: [0, 0, 0], finishReason: 'stop', policyVersion: spec.step - 1 };
  const own = [...history, { completion: completion.text, code: attempt.code, feedback }];
  const node: ExpandedNode = {
    id,
    turn,
    prompt: buildPrompt(spec.question, history, DEFAULT_TEMPLATES),
    seed: 7,
    completion,
    code: attempt.code,
    score: { reward: attempt.passed / spec.total, passed: attempt.passed, total: spec.total, feedback, statuses: {} },
    history: own,
    children: [],
  };
  node.children = (attempt.retries ?? []).map((retry, i) => grow(spec, retry, { id: `${id}.${i}`, turn: turn + 1, history: own }));
  return node;
}

export function expandedTree(spec: TreeSpec, id: string): ExpandedTree {
  return { id, problem: problemOf(spec), rootGroup: spec.attempts.map((attempt, i) => grow(spec, attempt, { id: `${id}.${i}`, turn: 1, history: [] })) };
}

/** The trees.jsonl text of `specs`, one step at a time as the coordinator scores and records them. */
export function treesJsonl(specs: readonly TreeSpec[], config: AlgorithmConfig = PRUNING_CONFIG): string {
  const lines: string[] = [];
  for (const step of [...new Set(specs.map((s) => s.step))]) {
    const ofStep = specs.filter((s) => s.step === step);
    const trees = ofStep.map((spec, i) => expandedTree(spec, `s${step}.p${i}`));
    const results = new Map(scoreTrees(trees.map(toTreeInput), config).nodes.map((n) => [n.id, n]));
    for (const tree of trees) lines.push(JSON.stringify(treeRecord(tree, { step, trainerVersion: step - 1 }, results)));
  }
  return `${lines.join('\n')}\n`;
}
