// The kept nodes of scored trees as training samples: each completion with the prompt it was
// sampled from (carrying the feedback history of its ancestors) and its advantage.
import type { ChatMessage } from './prompts.js';
import type { NodeResult } from './score-trees.js';

export interface SampleSource {
  readonly prompt: readonly ChatMessage[];
  readonly completion: string;
}

export interface TrainingSample extends SampleSource {
  readonly id: string;
  readonly treeId: string;
  readonly groupId: string;
  readonly turn: number;
  readonly advantage: number;
}

/** Kept nodes in order, joined with their prompt and completion (looked up by node id). */
export function trainingSamples(nodes: readonly NodeResult[], sourceOf: (id: string) => SampleSource): TrainingSample[] {
  return nodes
    .filter((node) => node.kept)
    .map((node) => ({
      ...sourceOf(node.id),
      id: node.id,
      treeId: node.treeId,
      groupId: node.groupId,
      turn: node.turn,
      advantage: node.advantage ?? 0,
    }));
}
