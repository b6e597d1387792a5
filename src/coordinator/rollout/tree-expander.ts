// Grows rollout trees with no barrier between turns: each completion is executed as soon as it
// arrives (the completions that arrive together in one batch), and a failing completion's child
// group is requested as soon as its feedback exists. Calls toward inference and the executor go
// through limiters shared by all trees of a step. A group sampled by another policy version than
// the step's (a replica that restarted or missed a load) is refused, counted and generated again
// once every replica serves the step's version: no stale completion reaches a tree. A
// GenerationWatch learns when no more Generate calls can come; an aborted signal stops the
// expansion from starting new calls (the caller discards the trees).
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { Attempt } from '../../algorithm/feedback.js';
import type { ChatMessage } from '../../algorithm/prompts.js';
import { buildPrompt } from '../../algorithm/prompts.js';
import { extractCode } from '../../algorithm/extract-code.js';
import type { PromptTemplates } from '../../algorithm/templates.js';
import { hashSeed } from '../../datasets/hash-seed.js';
import type { Problem } from '../../datasets/problem.js';
import type { Completion, ExecutorClient, InferenceClient } from '../clients/service-clients.js';
import { ExecutionBatcher } from './execution-batcher.js';
import { failedExecution, scoreExecution, type ExecutionScore, type FeedbackTests } from './execution-score.js';
import type { ExpandedNode, ExpandedTree } from './expanded-tree.js';
import type { GenerationWatch } from './generation-watch.js';
import type { Limiter } from './limiter.js';

export interface ExpansionSettings {
  readonly generations: readonly number[];
  readonly maxReward: number;
  readonly temperature: number;
  readonly topP: number;
  readonly maxNewTokens: number;
  readonly timeoutSeconds: number;
  /** Base of every group's sampling seed (training.seed). */
  readonly seed: number;
  readonly templates: PromptTemplates;
  /** Which tests a retry's feedback reports (spec.dataset.feedbackTests). */
  readonly feedbackTests: FeedbackTests;
}

export type DropReason = 'generate' | 'execute' | 'stale';

/** A group is generated at most this often before its samples are dropped as stale. */
export const MAX_GENERATIONS_PER_GROUP = 3;

/** The policy a step samples from. */
export interface StepPolicy {
  /** Every completion of the step must come from this version. */
  readonly version: number;
  /** Makes every inference replica serve `version` (one round shared by concurrent callers). */
  resync(): Promise<void>;
}

/** What the expander reports as it goes (metrics, accounting); all optional work is here. */
export interface ExpansionEvents {
  onCall(phase: 'generate' | 'execute', seconds: number): void;
  onNode(node: ExpandedNode): void;
  /** `count` samples that will not be in the tree, and why. Never silent. */
  onDropped(reason: DropReason, count: number, error: unknown): void;
  /** An execution that produced no outcomes in time: scored 0, not dropped. */
  onExecutionTimeout(error: unknown): void;
  /** `count` completions refused because a replica sampled them with another policy version. */
  onStale(count: number, error: unknown): void;
}

export interface ExpanderDeps {
  readonly inference: InferenceClient;
  readonly executor: ExecutorClient;
  readonly inferenceLimiter: Limiter;
  readonly executorLimiter: Limiter;
  readonly events: ExpansionEvents;
  readonly policy: StepPolicy;
  readonly now: () => number;
  readonly watch?: GenerationWatch;
  readonly signal?: AbortSignal;
}

interface GroupContext {
  readonly tree: ExpandedTree;
  readonly parent: ExpandedNode | null;
  readonly turn: number;
  readonly prompt: readonly ChatMessage[];
}

function isDeadline(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === GrpcStatus.DEADLINE_EXCEEDED;
}

/** Completions of another policy version than the step's: labelled so, or refused by the replica. */
export class StalePolicyError extends Error {}

function staleError(error: unknown): StalePolicyError | null {
  if (error instanceof StalePolicyError) return error;
  const grpc = error as { code?: unknown; details?: unknown } | null;
  return grpc?.code === GrpcStatus.FAILED_PRECONDITION ? new StalePolicyError(String(grpc.details ?? 'inference refused the policy version'), { cause: error }) : null;
}

export class TreeExpander {
  private readonly batcher: ExecutionBatcher;

  constructor(
    private readonly settings: ExpansionSettings,
    private readonly deps: ExpanderDeps,
  ) {
    this.batcher = new ExecutionBatcher({
      executor: deps.executor,
      limiter: deps.executorLimiter,
      timeoutSeconds: settings.timeoutSeconds,
      onCall: (seconds) => deps.events.onCall('execute', seconds),
      now: deps.now,
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
  }

  get turns(): number {
    return this.settings.generations.length;
  }

  async expand(id: string, problem: Problem): Promise<ExpandedTree> {
    const tree: ExpandedTree = { id, problem, rootGroup: [] };
    const prompt = buildPrompt(problem.question, [], this.settings.templates);
    const members = await this.expandGroup({ tree, parent: null, turn: 1, prompt });
    tree.rootGroup.push(...members);
    return tree;
  }

  private async expandGroup(group: GroupContext): Promise<ExpandedNode[]> {
    const groupId = group.parent?.id ?? group.tree.id;
    const n = this.settings.generations[group.turn - 1] as number;
    const seed = hashSeed(this.settings.seed, groupId);
    this.deps.watch?.begin();
    let nodes: Promise<(ExpandedNode | undefined)[]> = Promise.resolve([]);
    try {
      const completions = await this.generateFresh(group, { n, seed });
      nodes = Promise.all(completions.map((completion) => this.completeNode(group, completion, seed)));
    } finally {
      this.deps.watch?.end(); // after the completions that may get a retry have begun
    }
    return (await nodes).filter((node): node is ExpandedNode => node !== undefined);
  }

  /** The group's completions, all of the step's policy version; none when it could not be generated. */
  private async generateFresh(group: GroupContext, sampling: { n: number; seed: number }): Promise<Completion[]> {
    const { events, policy } = this.deps;
    for (let generation = 1; ; generation++) {
      const completions: Completion[] = [];
      try {
        await this.generate(group, sampling, (completion) => void completions.push(completion));
        const stale = completions.find((c) => c.policyVersion !== policy.version);
        if (stale === undefined) return completions.sort((a, b) => a.index - b.index);
        throw new StalePolicyError(`a replica sampled with policy version ${stale.policyVersion}, the step's is ${policy.version}`);
      } catch (error) {
        if (this.deps.signal?.aborted) return [];
        const stale = staleError(error);
        if (stale === null) return events.onDropped('generate', sampling.n, error), [];
        events.onStale(sampling.n, stale);
        if (generation === MAX_GENERATIONS_PER_GROUP) return events.onDropped('stale', sampling.n, stale), [];
        await policy.resync();
      }
    }
  }

  private async generate(
    group: GroupContext,
    sampling: { n: number; seed: number },
    onCompletion: (completion: Completion) => void,
  ): Promise<void> {
    const { temperature, topP, maxNewTokens } = this.settings;
    await this.deps.inferenceLimiter.run(group.turn, async () => {
      if (this.deps.signal?.aborted) return;
      const start = this.deps.now();
      const request = { messages: group.prompt, ...sampling, temperature, topP, maxNewTokens, policyVersion: this.deps.policy.version };
      await this.deps.inference.generate(request, onCompletion);
      this.deps.events.onCall('generate', (this.deps.now() - start) / 1000);
    });
  }

  /**
   * Executes one completion and, when it falls short, grows its child group. Undefined: dropped.
   * Until its child group has begun, a completion that may get one keeps the watch open.
   */
  private async completeNode(group: GroupContext, completion: Completion, seed: number): Promise<ExpandedNode | undefined> {
    const mayRetry = group.turn < this.turns;
    if (mayRetry) this.deps.watch?.begin();
    let node: ExpandedNode | undefined;
    let children: Promise<ExpandedNode[]> | undefined;
    try {
      node = await this.scoredNode(group, completion, seed);
      if (node && node.score.reward < this.settings.maxReward && mayRetry) {
        const prompt = buildPrompt(group.tree.problem.question, node.history, this.settings.templates);
        children = this.expandGroup({ tree: group.tree, parent: node, turn: group.turn + 1, prompt });
      }
    } finally {
      if (mayRetry) this.deps.watch?.end();
    }
    if (node && children) node.children = await children;
    return node;
  }

  private async scoredNode(group: GroupContext, completion: Completion, seed: number): Promise<ExpandedNode | undefined> {
    const code = extractCode(completion.text);
    const score = await this.execute(group.tree.problem, code, group.turn);
    if (score === undefined) return undefined;
    const attempt: Attempt = { completion: completion.text, code, feedback: score.feedback };
    const node: ExpandedNode = {
      id: `${group.parent?.id ?? group.tree.id}.${completion.index}`,
      turn: group.turn,
      prompt: group.prompt,
      seed,
      completion,
      code,
      score,
      history: [...(group.parent?.history ?? []), attempt],
      children: [],
    };
    this.deps.events.onNode(node);
    return node;
  }

  private async execute(problem: Problem, code: string, turn: number): Promise<ExecutionScore | undefined> {
    try {
      return scoreExecution(problem, await this.batcher.execute(problem, code, turn), this.settings.feedbackTests);
    } catch (error) {
      if (this.deps.signal?.aborted) return undefined;
      if (isDeadline(error)) {
        this.deps.events.onExecutionTimeout(error);
        return failedExecution(problem, 'timeout', 'the program did not finish within the time limit', this.settings.feedbackTests);
      }
      this.deps.events.onDropped('execute', 1, error);
      return undefined;
    }
  }
}
