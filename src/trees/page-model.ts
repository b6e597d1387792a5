// From the records of a run (trees.jsonl, and metrics.jsonl when there is one) to what the page
// shows: one entry per tree with its outcome, and per node exactly the text and figures displayed.
// Pure: the command reads the files, trees-html.ts writes the page.
import { feedbackText } from './feedback-text.js';
import { treeOutcome, type Outcome } from './outcome.js';
import { pruningMarks, type NodeState } from './pruning-marks.js';
import type { StepFigures } from './step-figures.js';
import type { RecordedNode, TreeRecord } from './tree-record.js';

export interface NodeView {
  readonly id: string;
  readonly parent: string | null;
  readonly turn: number;
  readonly reward: number;
  readonly passed: number;
  readonly total: number;
  readonly credited: number | null;
  readonly advantage: number | null;
  readonly state: NodeState;
  readonly finishReason: string;
  readonly code: string;
  /** What this attempt's retries were told about it. */
  readonly feedback: string;
}

export interface TreeView {
  readonly step: number;
  readonly tree: string;
  readonly problem: string;
  readonly outcome: Outcome;
  /** The task as the first turn saw it: the last user message of the root group's prompt. */
  readonly question: string;
  readonly nodes: readonly NodeView[];
}

export interface StepView {
  readonly step: number;
  /** One line of the step's figures from metrics.jsonl, or "" when the run has none for it. */
  readonly summary: string;
}

export interface PageModel {
  readonly title: string;
  readonly trees: readonly TreeView[];
  readonly steps: readonly StepView[];
  readonly problems: readonly string[];
}

function nodeView(node: RecordedNode, state: NodeState): NodeView {
  const { id, parent, turn, reward, passed, total, credited, advantage, code } = node;
  return { id, parent, turn, reward, passed, total, credited, advantage, state, finishReason: node.finishReason ?? '', code, feedback: feedbackText(node.feedback) };
}

function questionOf(record: TreeRecord): string {
  const rootPrompt = record.groups[record.tree]?.prompt ?? [];
  return rootPrompt.filter((m) => m.role === 'user').at(-1)?.content ?? '';
}

export function treeView(record: TreeRecord): TreeView {
  const marks = pruningMarks(record.nodes);
  return {
    step: record.step,
    tree: record.tree,
    problem: record.problem,
    outcome: treeOutcome(record.nodes),
    question: questionOf(record),
    nodes: record.nodes.map((node) => nodeView(node, marks.get(node.id) ?? 'pruned')),
  };
}

const percent = (rate: number) => `${Math.round(rate * 100)}%`;

function stepSummary(figures: StepFigures | undefined): string {
  if (figures === undefined) return '';
  const parts = [];
  if (figures.passRates) parts.push(`pass rate per turn ${figures.passRates.map(percent).join(' → ')}`);
  const { generated, kept, pruned } = figures.nodes ?? {};
  if (generated !== undefined) parts.push(`nodes ${generated} generated, ${kept ?? '?'} kept, ${pruned ?? '?'} pruned`);
  return parts.join('; ');
}

/**
 * A step interrupted midway is redone and its lines may appear twice (docs/coordinator.md, "State
 * and resume"): the last record of a step and tree wins, as the last line of a step does.
 */
function lastOfEach(records: readonly TreeRecord[]): TreeRecord[] {
  const byKey = new Map<string, TreeRecord>();
  for (const record of records) {
    const key = JSON.stringify([record.step, record.tree]);
    byKey.delete(key);
    byKey.set(key, record);
  }
  return [...byKey.values()].sort((a, b) => a.step - b.step);
}

export function pageModel(title: string, records: readonly TreeRecord[], stepFigures: readonly StepFigures[] = []): PageModel {
  const trees = lastOfEach(records).map(treeView);
  const figures = new Map(stepFigures.map((f) => [f.step, f]));
  const steps = [...new Set(trees.map((t) => t.step))].map((step) => ({ step, summary: stepSummary(figures.get(step)) }));
  const problems = [...new Set(trees.map((t) => t.problem))].sort();
  return { title, trees, steps, problems };
}
