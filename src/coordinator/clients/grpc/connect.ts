// Channels to the three services (round-robin over every replica, retries from the service
// config: src/grpc/channel-config.ts), and the clients over them.
import { credentials, type Client } from '@grpc/grpc-js';
import { ExecutorClient as ExecutorStub, ServingStatus } from '../../../gen/murphy/v1/executor.js';
import { InferenceClient as InferenceStub } from '../../../gen/murphy/v1/inference.js';
import { TrainerClient as TrainerStub } from '../../../gen/murphy/v1/trainer.js';
import { channelOptions } from '../../../grpc/channel-config.js';
import { ReplicaSet } from '../../../grpc/replica-set.js';
import type { ServiceClients } from '../service-clients.js';
import { GrpcExecutorClient } from './executor-client.js';
import { GrpcInferenceClient } from './inference-client.js';
import { GrpcTrainerClient } from './trainer-client.js';
import { unaryCall, type UnaryMethod } from './unary-call.js';

export interface ServiceAddresses {
  readonly inference: string;
  readonly executor: string;
  readonly trainer: string;
}

export type ServiceName = keyof ServiceAddresses;

export interface ConnectedClients extends ServiceClients {
  /** Whether each service answers its Health rpc with SERVING. */
  readonly serving: Readonly<Record<ServiceName, () => Promise<boolean>>>;
  /** The sandbox mode an executor replica runs programs in (its Health answer); undefined when it does not answer. */
  executorSandbox(): Promise<string | undefined>;
  close(): void;
}

/** One Health call: SERVING or not; an unreachable service is not serving. */
export function servingCheck(call: UnaryMethod<object, { status: ServingStatus }>): () => Promise<boolean> {
  return () => unaryCall(call, {}, HEALTH_DEADLINE_MS).then((r) => r.status === ServingStatus.SERVING_STATUS_SERVING, () => false);
}

const HEALTH_DEADLINE_MS = 2_000;

/** `executorSlackMs`: time the executor gets beyond its own limits before a call counts as timed out. */
export function connectServices(addresses: ServiceAddresses, executorSlackMs?: number): ConnectedClients {
  const insecure = credentials.createInsecure();
  const inferenceStub = new InferenceStub(addresses.inference, insecure, channelOptions());
  const executorStub = new ExecutorStub(addresses.executor, insecure, channelOptions());
  const trainerStub = new TrainerStub(addresses.trainer, insecure, channelOptions());
  const inferenceReplicas = new ReplicaSet(addresses.inference, (address) => new InferenceStub(address, insecure, channelOptions()));
  const stubs: Client[] = [inferenceStub, executorStub, trainerStub];
  return {
    serving: {
      inference: servingCheck(inferenceStub.health.bind(inferenceStub)),
      executor: servingCheck(executorStub.health.bind(executorStub)),
      trainer: servingCheck(trainerStub.health.bind(trainerStub)),
    },
    executorSandbox: () => unaryCall(executorStub.health.bind(executorStub), {}, HEALTH_DEADLINE_MS).then((r) => r.sandbox || undefined, () => undefined),
    inference: new GrpcInferenceClient(inferenceStub, inferenceReplicas),
    executor: new GrpcExecutorClient(executorStub, executorSlackMs),
    trainer: new GrpcTrainerClient(trainerStub),
    close: () => {
      stubs.forEach((stub) => stub.close());
      inferenceReplicas.close();
    },
  };
}
