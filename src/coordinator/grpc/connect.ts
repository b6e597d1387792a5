// Channels to the three services, each with the retry interceptor, and the clients over them.
import { credentials, type Client, type ClientOptions } from '@grpc/grpc-js';
import { ExecutorClient as ExecutorStub } from '../../gen/murphy/v1/executor.js';
import { InferenceClient as InferenceStub } from '../../gen/murphy/v1/inference.js';
import { TrainerClient as TrainerStub } from '../../gen/murphy/v1/trainer.js';
import { retryInterceptor } from '../../grpc/retry-interceptor.js';
import type { ServiceClients } from '../clients.js';
import { GrpcExecutorClient } from './executor-client.js';
import { GrpcInferenceClient } from './inference-client.js';
import { GrpcTrainerClient } from './trainer-client.js';

export interface ServiceAddresses {
  readonly inference: string;
  readonly executor: string;
  readonly trainer: string;
}

const MESSAGE_LIMIT = 256 * 1024 * 1024;

const channelOptions = (): Partial<ClientOptions> => ({
  'grpc.max_receive_message_length': MESSAGE_LIMIT,
  'grpc.max_send_message_length': MESSAGE_LIMIT,
  interceptors: [retryInterceptor({ maxAttempts: 8 })],
});

export interface ConnectedClients extends ServiceClients {
  readonly inference: GrpcInferenceClient;
  close(): void;
}

/** `executorSlackMs`: time the executor gets beyond its own limits before a call counts as timed out. */
export function connectServices(addresses: ServiceAddresses, executorSlackMs?: number): ConnectedClients {
  const insecure = credentials.createInsecure();
  const inferenceStub = new InferenceStub(addresses.inference, insecure, channelOptions());
  const executorStub = new ExecutorStub(addresses.executor, insecure, channelOptions());
  const trainerStub = new TrainerStub(addresses.trainer, insecure, channelOptions());
  const stubs: Client[] = [inferenceStub, executorStub, trainerStub];
  return {
    inference: new GrpcInferenceClient(inferenceStub),
    executor: new GrpcExecutorClient(executorStub, executorSlackMs),
    trainer: new GrpcTrainerClient(trainerStub),
    close: () => stubs.forEach((stub) => stub.close()),
  };
}
