// Which nodes pruning cut, and which only went with a cut ancestor: a pruned completion takes its
// descendants with it (README, "Pruning"), and the page marks the cut itself, not every node below.

export type NodeState = 'kept' | 'pruned' | 'pruned-with-parent';

interface MarkedNode {
  readonly id: string;
  readonly parent: string | null;
  readonly kept: boolean;
}

/** The state of every node by id; `nodes` lists parents before their children (as trees.jsonl does). */
export function pruningMarks(nodes: readonly MarkedNode[]): Map<string, NodeState> {
  const states = new Map<string, NodeState>();
  for (const node of nodes) {
    const parentState = node.parent === null ? 'kept' : states.get(node.parent);
    if (node.kept) states.set(node.id, 'kept');
    else states.set(node.id, parentState === undefined || parentState === 'kept' ? 'pruned' : 'pruned-with-parent');
  }
  return states;
}
