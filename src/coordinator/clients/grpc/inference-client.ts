// InferenceClient over murphy.v1.Inference: one Generate call per group (one prompt, n samples),
// balanced over the replicas by the channel; StageWeights and LoadWeights to every replica, one by
// one address.
import { FinishReason, finishReasonToJSON, type InferenceClient as InferenceStub } from '../../../gen/murphy/v1/inference.js';
import type { Replica, ReplicaSet } from '../../../grpc/replica-set.js';
import type { Completion, GenerateRequest, InferenceClient, ReplicaLoads, WeightsDirectory } from '../service-clients.js';
import { INFO_DEADLINE_MS, unaryCall } from './unary-call.js';

export interface InferenceDeadlines {
  /** Per Generate attempt: a group of long completions on CPU takes minutes. */
  readonly generateMs: number;
  readonly loadWeightsMs: number;
}

export const DEFAULT_INFERENCE_DEADLINES: InferenceDeadlines = { generateMs: 15 * 60_000, loadWeightsMs: 10 * 60_000 };

const finishReasonOf = (reason: FinishReason): string =>
  reason === FinishReason.FINISH_REASON_UNSPECIFIED ? 'unspecified' : finishReasonToJSON(reason).replace('FINISH_REASON_', '').toLowerCase();

export class GrpcInferenceClient implements InferenceClient {
  constructor(
    /** The balanced channel: every replica behind the target. */
    private readonly stub: InferenceStub,
    /** The replicas one by one; without it, loads go through the balanced channel (one replica). */
    private readonly replicas: ReplicaSet<InferenceStub> | null = null,
    private readonly deadlines: InferenceDeadlines = DEFAULT_INFERENCE_DEADLINES,
  ) {}

  async generate(request: GenerateRequest, onCompletion: (completion: Completion) => void): Promise<void> {
    const { messages, n, seed, temperature, topP, maxNewTokens, policyVersion } = request;
    const response = await unaryCall(
      this.stub.generate.bind(this.stub),
      { prompts: [{ messages: [...messages] }], sampling: { n, seed, temperature, topP, maxNewTokens, stop: [] }, policyVersion },
      this.deadlines.generateMs,
    );
    const result = response.results[0];
    if (result === undefined || result.samples.length !== n) {
      throw new Error(`inference returned ${result?.samples.length ?? 0} samples for a group of ${n}`);
    }
    result.samples.forEach((sample, index) =>
      onCompletion({
        index,
        text: sample.text,
        promptTokenIds: result.promptTokenIds,
        tokenIds: sample.tokenIds,
        logprobs: sample.logprobs,
        finishReason: finishReasonOf(sample.finishReason),
        policyVersion: sample.policyVersion,
      }),
    );
  }

  /** Every replica resolved now that does not serve `weights.version` yet loads it, all at once. */
  async loadWeights(weights: WeightsDirectory): Promise<ReplicaLoads> {
    const replicas = await this.everyReplica();
    const results = await Promise.allSettled(replicas.map((replica) => this.loadInto(replica.stub, weights)));
    const failures = failuresOf(replicas, results);
    if (failures.length === replicas.length) {
      throw new Error(`no inference replica loaded the weights of policy version ${weights.version} from ${weights.path}: ${failures.join('; ')}`);
    }
    return { replicas: replicas.length, loaded: results.filter((r) => r.status === 'fulfilled' && r.value).length, failures };
  }

  /** Every replica resolved now that does not serve `weights.version` stages it; the failures. */
  async stageWeights(weights: WeightsDirectory): Promise<readonly string[]> {
    try {
      const replicas = await this.everyReplica();
      return failuresOf(replicas, await Promise.allSettled(replicas.map((replica) => this.stageInto(replica.stub, weights))));
    } catch (error) {
      return [`inference replicas: ${(error as Error)?.message ?? String(error)}`];
    }
  }

  private async everyReplica(): Promise<Replica<InferenceStub>[]> {
    return this.replicas ? await this.replicas.current() : [{ address: 'inference', stub: this.stub }];
  }

  private async stageInto(stub: InferenceStub, weights: WeightsDirectory): Promise<void> {
    const info = await unaryCall(stub.health.bind(stub), {}, INFO_DEADLINE_MS);
    if (info.policyVersion === weights.version) return;
    await unaryCall(stub.stageWeights.bind(stub), { directory: weights.path }, this.deadlines.loadWeightsMs);
  }

  /** True when the replica loaded the weights, false when it already served their version. */
  private async loadInto(stub: InferenceStub, weights: WeightsDirectory): Promise<boolean> {
    const info = await unaryCall(stub.health.bind(stub), {}, INFO_DEADLINE_MS);
    if (info.policyVersion === weights.version) return false;
    await unaryCall(stub.loadWeights.bind(stub), { directory: weights.path, policyVersion: weights.version }, this.deadlines.loadWeightsMs);
    return true;
  }
}

/** "address: message" for each replica whose call was rejected. */
function failuresOf(replicas: readonly Replica<unknown>[], results: readonly PromiseSettledResult<unknown>[]): string[] {
  return results.flatMap((r, i) => (r.status === 'rejected' ? [`${replicas[i]?.address}: ${(r.reason as Error)?.message ?? String(r.reason)}`] : []));
}
