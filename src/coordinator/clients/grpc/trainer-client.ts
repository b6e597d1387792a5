// TrainerClient over murphy.v1.Trainer. Train carries the expected policy version, so a retry of a
// step whose answer was lost is refused (FAILED_PRECONDITION) instead of being applied twice; this
// client then checks whether the trainer already moved one version ahead and, if so, takes the step
// as done.
import { status, type ServiceError } from '@grpc/grpc-js';
import type { TrainerClient as TrainerStub } from '../../../gen/murphy/v1/trainer.js';
import type { TrainerClient, TrainRequest, TrainResult, WeightsDirectory } from '../service-clients.js';
import { INFO_DEADLINE_MS, unaryCall } from './unary-call.js';

export interface TrainerDeadlines {
  readonly trainMs: number;
  readonly exportMs: number;
  readonly checkpointMs: number;
}

export const DEFAULT_TRAINER_DEADLINES: TrainerDeadlines = { trainMs: 60 * 60_000, exportMs: 30 * 60_000, checkpointMs: 30 * 60_000 };

export class GrpcTrainerClient implements TrainerClient {
  constructor(
    private readonly stub: TrainerStub,
    private readonly deadlines: TrainerDeadlines = DEFAULT_TRAINER_DEADLINES,
  ) {}

  async train(request: TrainRequest): Promise<TrainResult> {
    // The arrays are only read by the encoder: pass them as they are instead of copying.
    const samples = request.samples.map((s) => ({
      promptTokenIds: s.promptTokenIds as number[],
      completionTokenIds: s.completionTokenIds as number[],
      advantage: s.advantage,
      groupId: s.groupId,
      treeId: s.treeId,
      turn: s.turn,
      samplingLogprobs: s.completionLogprobs as number[],
    }));
    try {
      const response = await unaryCall(this.stub.train.bind(this.stub), { samples, policyVersion: request.policyVersion, totalSteps: request.totalSteps }, this.deadlines.trainMs);
      const { loss, kl, clipFraction, gradNorm, tokens, seconds, learningRate, importanceWeights } = response;
      const weights = importanceWeights && { importanceWeights: { mean: importanceWeights.mean, min: importanceWeights.min, max: importanceWeights.max } };
      return { policyVersion: response.policyVersion, metrics: { loss, kl, clipFraction, gradNorm, tokens, samples: response.samples, seconds, learningRate, ...weights } };
    } catch (error) {
      if ((error as ServiceError).code !== status.FAILED_PRECONDITION) throw error;
      const version = await this.policyVersion();
      if (version === request.policyVersion + 1) return { policyVersion: version, metrics: {} };
      throw new Error(`trainer refused step ${request.step}: it is at policy version ${version}, expected ${request.policyVersion}`, { cause: error });
    }
  }

  async exportWeights(): Promise<WeightsDirectory> {
    const response = await unaryCall(this.stub.exportWeights.bind(this.stub), { directory: '' }, this.deadlines.exportMs);
    return { path: response.directory, version: response.policyVersion };
  }

  async saveCheckpoint(): Promise<WeightsDirectory> {
    const response = await unaryCall(this.stub.saveCheckpoint.bind(this.stub), {}, this.deadlines.checkpointMs);
    return { path: response.directory, version: response.policyVersion };
  }

  async policyVersion(): Promise<number> {
    const info = await unaryCall(this.stub.health.bind(this.stub), {}, INFO_DEADLINE_MS);
    return info.policyVersion;
  }
}
