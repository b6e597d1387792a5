// InferenceClient over murphy.v1.Inference: one Generate call per group (one prompt, n samples).
import { FinishReason, finishReasonToJSON, type InferenceClient as InferenceStub } from '../../gen/murphy/v1/inference.js';
import type { Completion, GenerateRequest, InferenceClient, WeightsDirectory } from '../clients.js';
import { INFO_DEADLINE_MS, unaryCall } from './unary-call.js';

export interface InferenceDeadlines {
  /** Per Generate attempt: a group of long completions on CPU takes minutes. */
  readonly generateMs: number;
  readonly loadWeightsMs: number;
}

export const DEFAULT_INFERENCE_DEADLINES: InferenceDeadlines = { generateMs: 15 * 60_000, loadWeightsMs: 10 * 60_000 };

export class GrpcInferenceClient implements InferenceClient {
  constructor(
    private readonly stub: InferenceStub,
    private readonly deadlines: InferenceDeadlines = DEFAULT_INFERENCE_DEADLINES,
  ) {}

  async generate(request: GenerateRequest, onCompletion: (completion: Completion) => void): Promise<void> {
    const { messages, n, seed, temperature, topP, maxNewTokens } = request;
    const response = await unaryCall(
      this.stub.generate.bind(this.stub),
      { prompts: [{ messages: [...messages] }], sampling: { n, seed, temperature, topP, maxNewTokens, stop: [] } },
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
        finishReason: sample.finishReason === FinishReason.FINISH_REASON_UNSPECIFIED ? 'unspecified' : finishReasonToJSON(sample.finishReason).replace('FINISH_REASON_', '').toLowerCase(),
        policyVersion: sample.policyVersion,
      }),
    );
  }

  async loadWeights(weights: WeightsDirectory): Promise<void> {
    await unaryCall(
      this.stub.loadWeights.bind(this.stub),
      { directory: weights.path, policyVersion: weights.version },
      this.deadlines.loadWeightsMs,
    );
  }

  /** The policy version inference serves now. */
  async policyVersion(): Promise<number> {
    const info = await unaryCall(this.stub.health.bind(this.stub), {}, INFO_DEADLINE_MS);
    return info.policyVersion;
  }
}
