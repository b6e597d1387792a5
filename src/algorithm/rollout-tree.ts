// The rollout tree of one training prompt. The prompt itself is not a node: its completions at
// turn 1 form the root group, and the children of any completion form one group at the next turn.

/** A tree as given by callers (the coordinator, `murphy credit`): ids, rewards, nesting. */
export interface TreeInput {
  readonly id: string;
  readonly children: readonly NodeInput[];
}

export interface NodeInput {
  readonly id: string;
  readonly reward: number;
  readonly children?: readonly NodeInput[] | undefined;
}

/** A completion in the tree, with the algorithm's working state. */
export interface RolloutNode {
  readonly id: string;
  readonly turn: number;
  readonly reward: number;
  readonly parent: RolloutNode | null;
  readonly children: RolloutNode[];
  /** Generation order within the tree (breadth-first); breaks every tie. */
  readonly order: number;
  credited: number;
  kept: boolean;
  advantage: number;
}

/** One group: siblings sampled for the same prompt. `parent` is null for the root group. */
export interface Group {
  readonly parent: RolloutNode | null;
  readonly members: RolloutNode[];
}

export interface RolloutTree {
  readonly id: string;
  readonly rootGroup: RolloutNode[];
  /** levels[k] holds the nodes at turn k+1, in generation order. */
  readonly levels: RolloutNode[][];
}

/** Shared by every leaf; never pushed to (only nodes whose input has children get their own). */
const NO_CHILDREN: RolloutNode[] = Object.freeze([]) as unknown as RolloutNode[];

/** Builds a tree breadth-first: creation order is generation order, and levels come for free. */
export function buildTree(input: TreeInput): RolloutTree {
  let order = 0;
  const levels: RolloutNode[][] = [];
  let sources: readonly NodeInput[] = input.children;
  let parents: (RolloutNode | null)[] = input.children.map(() => null);
  while (sources.length > 0) {
    const level: RolloutNode[] = new Array(sources.length);
    const nextSources: NodeInput[] = [];
    const nextParents: RolloutNode[] = [];
    for (let i = 0; i < sources.length; i++) {
      const source = sources[i] as NodeInput;
      const parent = parents[i] ?? null;
      const node: RolloutNode = {
        id: source.id, turn: parent ? parent.turn + 1 : 1, reward: source.reward, parent,
        children: source.children?.length ? [] : NO_CHILDREN,
        order: order++, credited: source.reward, kept: true, advantage: 0,
      };
      parent?.children.push(node);
      level[i] = node;
      for (const child of source.children ?? []) {
        nextSources.push(child);
        nextParents.push(node);
      }
    }
    levels.push(level);
    sources = nextSources;
    parents = nextParents;
  }
  return { id: input.id, rootGroup: levels[0] ?? [], levels };
}

/** The groups whose members sit at `turn`, restricted to kept members, in generation order. */
export function groupsAtTurn(tree: RolloutTree, turn: number): Group[] {
  if (turn === 1) return tree.rootGroup.length > 0 ? [{ parent: null, members: tree.rootGroup.filter((n) => n.kept) }] : [];
  const parents = tree.levels[turn - 2] ?? [];
  return parents
    .filter((p) => p.kept && p.children.length > 0)
    .map((p) => ({ parent: p, members: p.children.filter((c) => c.kept) }));
}

/** Drops a node and, with it, its whole subtree. */
export function dropSubtree(node: RolloutNode): void {
  node.kept = false;
  for (const child of node.children) dropSubtree(child);
}
