// Clients of the two services evaluation needs (inference and executor; no trainer), over the
// coordinator's gRPC client classes, with the same channel options (balancing, retries).
import { credentials } from '@grpc/grpc-js';
import { ExecutorClient as ExecutorStub } from '../gen/murphy/v1/executor.js';
import { InferenceClient as InferenceStub } from '../gen/murphy/v1/inference.js';
import { GrpcExecutorClient } from '../coordinator/clients/grpc/executor-client.js';
import { GrpcInferenceClient } from '../coordinator/clients/grpc/inference-client.js';
import { INFO_DEADLINE_MS, unaryCall } from '../coordinator/clients/grpc/unary-call.js';
import { servingCheck } from '../coordinator/clients/grpc/connect.js';
import { channelOptions } from '../grpc/channel-config.js';
import { waitForServices, type WaitOptions } from '../coordinator/clients/grpc/wait-for-services.js';
import type { LoopServices } from './reflexion-loop.js';

export interface EvalAddresses {
  readonly inference: string;
  readonly executor: string;
}

export interface EvalServices extends LoopServices {
  /** Until both services answer Health with SERVING (inference loads its model for a while). */
  waitUntilServing(options: WaitOptions): Promise<void>;
  /** The model and policy version inference serves, for the report ("DIR@v3"). */
  servedModel(): Promise<string>;
  /** Prompt plus completion tokens the served model accepts: its maximum generation length. */
  maxContextTokens(): Promise<number>;
  close(): void;
}

export function connectEvalServices(addresses: EvalAddresses): EvalServices {
  const insecure = credentials.createInsecure();
  const inferenceStub = new InferenceStub(addresses.inference, insecure, channelOptions());
  const executorStub = new ExecutorStub(addresses.executor, insecure, channelOptions());
  const inferenceHealth = () => unaryCall(inferenceStub.health.bind(inferenceStub), {}, INFO_DEADLINE_MS);
  const serving = {
    inference: servingCheck(inferenceStub.health.bind(inferenceStub)),
    executor: servingCheck(executorStub.health.bind(executorStub)),
  };
  return {
    inference: new GrpcInferenceClient(inferenceStub),
    executor: new GrpcExecutorClient(executorStub),
    waitUntilServing: (options) => waitForServices({ serving }, options),
    servedModel: async () => {
      const health = await inferenceHealth();
      return health.policyVersion > 0 ? `${health.model}@v${health.policyVersion}` : health.model;
    },
    maxContextTokens: async () => (await inferenceHealth()).maxContextTokens,
    close: () => {
      inferenceStub.close();
      executorStub.close();
    },
  };
}
