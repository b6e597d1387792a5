// The channels' service config over real sockets: grpc-js balances calls round-robin over every
// address of a target and retries transient failures itself, large requests included.
import { afterEach, describe, expect, it } from '@jest/globals';
import { credentials, Metadata, status, type ServiceError, type ChannelOptions } from '@grpc/grpc-js';
import { InferenceClient, InferenceService, type GenerateRequest, type GenerateResponse } from '../gen/murphy/v1/inference.js';
import { channelOptions, defaultRetryPolicy } from './channel-config.js';
import { startGrpcServer, type RunningServer } from './server.js';

const fast = { ...defaultRetryPolicy, initialBackoffMs: 10, maxBackoffMs: 50 };

/** An inference server that refuses its first `failures` Generate calls with UNAVAILABLE and counts every call. */
async function server(failures = 0): Promise<{ running: RunningServer; calls: { generate: number; health: number } }> {
  const calls = { generate: 0, health: 0 };
  const implementation = {
    generate: (_call: unknown, callback: (error: Partial<ServiceError> | null, response?: GenerateResponse) => void) =>
      ++calls.generate <= failures ? callback({ code: status.UNAVAILABLE, details: 'starting' }) : callback(null, { results: [], policyVersion: 7 }),
    loadWeights: () => undefined,
    health: (_call: unknown, callback: (error: null, response: object) => void) => (calls.health++, callback(null, { status: 1 })),
  };
  const running = await startGrpcServer(0, [{ definition: InferenceService, implementation }], '127.0.0.1');
  started.push(running);
  return { running, calls };
}

const started: RunningServer[] = [];
const clients: InferenceClient[] = [];
afterEach(async () => {
  clients.splice(0).forEach((c) => c.close());
  await Promise.all(started.splice(0).map((s) => s.shutdown(100)));
});

function client(target: string, options: ChannelOptions): InferenceClient {
  const made = new InferenceClient(target, credentials.createInsecure(), options);
  clients.push(made);
  return made;
}

const generate = (stub: InferenceClient, request: GenerateRequest) =>
  new Promise<GenerateResponse>((resolve, reject) =>
    stub.generate(request, new Metadata(), { deadline: Date.now() + 20_000 }, (error, response) => (error ? reject(error) : resolve(response))),
  );

/** A request of about `bytes` bytes (one long prompt). */
const requestOf = (bytes: number): GenerateRequest => ({ prompts: [{ messages: [{ role: 'user', content: 'x'.repeat(bytes) }] }] });

describe('channel config', () => {
  it('retries UNAVAILABLE with backoff, also for a request far above grpc-js default retry buffer (1 MiB)', async () => {
    const { running, calls } = await server(2);
    const response = await generate(client(`127.0.0.1:${running.port}`, channelOptions(fast)), requestOf(4 * 1024 * 1024));
    expect(response.policyVersion).toBe(7);
    expect(calls.generate).toBe(3);
  });

  it('needs its retry buffer option: with grpc-js default buffer the same large request is not retried', async () => {
    const { running, calls } = await server(2);
    const { 'grpc.per_rpc_retry_buffer_size': _buffer, ...withoutBuffer } = channelOptions(fast);
    const error = await generate(client(`127.0.0.1:${running.port}`, withoutBuffer), requestOf(4 * 1024 * 1024)).catch((e: ServiceError) => e);
    expect((error as ServiceError).code).toBe(status.UNAVAILABLE);
    expect(calls.generate).toBe(1);
  });

  it('balances calls round-robin over every address of an ipv4: list', async () => {
    const servers = await Promise.all([server(), server(), server()]);
    const stub = client(`ipv4:${servers.map((s) => `127.0.0.1:${s.running.port}`).join(',')}`, channelOptions());
    await generate(stub, requestOf(1)); // connects every address
    const before = servers.map((s) => s.calls.generate);
    for (let i = 0; i < 30; i++) await generate(stub, requestOf(1));
    expect(servers.map((s, i) => s.calls.generate - (before[i] as number))).toEqual([10, 10, 10]);
  });
});
