// The coordinator's view of the three services it drives. The engine depends only on these small
// interfaces; src/coordinator/clients/grpc/ implements them over the generated gRPC stubs, and unit tests
// implement them over in-process gRPC test servers.
import type { ChatMessage } from '../../algorithm/prompts.js';
import type { TestCase } from '../../datasets/problem.js';

export interface GenerateRequest {
  readonly messages: readonly ChatMessage[];
  /** Completions to sample (the group size G at this turn). */
  readonly n: number;
  /** Sampling seed, recorded in the tree so the group can be replayed. */
  readonly seed: number;
  readonly temperature: number;
  readonly topP: number;
  readonly maxNewTokens: number;
  /** The policy version the completions must come from; a replica serving another one refuses the call. */
  readonly policyVersion?: number;
}

export interface Completion {
  /** 0..n-1: the completion's place in its group, independent of arrival order. */
  readonly index: number;
  readonly text: string;
  /** The prompt as the model saw it (chat template applied), shared by the group. */
  readonly promptTokenIds: readonly number[];
  /** Token ids and per-token log-probs under the policy that sampled them (for the trainer). */
  readonly tokenIds: readonly number[];
  readonly logprobs: readonly number[];
  readonly finishReason: string;
  /** The weights version that sampled it. */
  readonly policyVersion: number;
}

/** What a LoadWeights round did: every replica resolved now, and those that could not load. */
export interface ReplicaLoads {
  readonly replicas: number;
  /** Replicas that loaded the weights (the others already served that version). */
  readonly loaded: number;
  /** One message per replica that failed (its address and the error). */
  readonly failures: readonly string[];
}

export interface InferenceClient {
  /** Samples a group; `onCompletion` is called for each completion as soon as it is available. */
  generate(request: GenerateRequest, onCompletion: (completion: Completion) => void): Promise<void>;
  /** Makes every inference replica serve these weights; rejects only when no replica does. */
  loadWeights(weights: WeightsDirectory): Promise<ReplicaLoads>;
  /**
   * Has every replica that does not serve these weights read them beside the served ones while it
   * keeps generating, so that loadWeights of them afterwards is quick. Never rejects: a replica that
   * could not stage them reads them in loadWeights (the messages say why).
   */
  stageWeights(weights: WeightsDirectory): Promise<readonly string[]>;
}

export interface ExecuteRequest {
  readonly code: string;
  readonly setup: string;
  readonly tests: readonly TestCase[];
  readonly timeoutSeconds: number;
}

export type TestStatus = 'passed' | 'failed' | 'error' | 'timeout' | 'crashed';

export interface TestOutcome {
  readonly status: TestStatus;
  /** What the program produced instead (actual value, exception, output), empty when it passed. */
  readonly actual: string;
}

/** Programs run against the same tests with the same limits. */
export interface ExecuteBatchRequest extends Omit<ExecuteRequest, 'code'> {
  readonly codes: readonly string[];
}

/** One program of a batch: its outcomes (one per test), or why it did not run. */
export type ProgramOutcome = { readonly outcomes: readonly TestOutcome[] } | { readonly error: Error };

export interface ExecutorClient {
  /** One outcome per test, in the order of `request.tests`. */
  execute(request: ExecuteRequest): Promise<readonly TestOutcome[]>;
  /**
   * Reports each program, by its place in `request.codes`, as soon as it has ended: its outcomes,
   * or the error that kept it from running (the call's own error for the programs it left without
   * a result). Resolves once every program is reported; never rejects.
   */
  executeBatch(request: ExecuteBatchRequest, onProgram: (index: number, outcome: ProgramOutcome) => void): Promise<void>;
}

export interface TrainSample {
  readonly id: string;
  readonly treeId: string;
  readonly groupId: string;
  readonly turn: number;
  readonly prompt: readonly ChatMessage[];
  readonly completion: string;
  readonly promptTokenIds: readonly number[];
  readonly completionTokenIds: readonly number[];
  readonly completionLogprobs: readonly number[];
  /** The weights version that sampled the completion. */
  readonly policyVersion: number;
  readonly advantage: number;
}

export interface TrainRequest {
  readonly step: number;
  readonly samples: readonly TrainSample[];
  /** The trainer's policy version before this step; a trainer at another version refuses the step. */
  readonly policyVersion: number;
  /** The run's total steps (the linear learning-rate schedule decays over them). */
  readonly totalSteps: number;
}

/** Mean, min and max of the importance-sampling weights a step applied over its completion tokens. */
export interface ImportanceWeights {
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

export interface TrainResult {
  /** The policy version after the step. */
  readonly policyVersion: number;
  /**
   * Loss and other scalars the trainer reports for the step, and `importanceWeights` when
   * spec.training.importanceSampling is on (empty when a retry found the step applied).
   */
  readonly metrics: Readonly<Record<string, number | ImportanceWeights>>;
}

/** A directory of weights (an export for inference, or a checkpoint) and the policy version in it. */
export interface WeightsDirectory {
  readonly path: string;
  readonly version: number;
}

export interface TrainerClient {
  train(request: TrainRequest): Promise<TrainResult>;
  /** Writes the current policy where inference can load it. */
  exportWeights(): Promise<WeightsDirectory>;
  /** Saves model, optimiser and step; a restarted trainer resumes from the latest checkpoint. */
  saveCheckpoint(): Promise<WeightsDirectory>;
  /** The trainer's current policy version (steps applied since the start of the run). */
  policyVersion(): Promise<number>;
}

export interface ServiceClients {
  readonly inference: InferenceClient;
  readonly executor: ExecutorClient;
  readonly trainer: TrainerClient;
}
