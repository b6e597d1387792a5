// gRPC test servers for the coordinator's unit tests and benchmark: murphy's Inference, Executor
// and Trainer contracts served on a real loopback socket by scripted implementations with fixed
// latencies, injectable faults and a record of every call. Completions are programs that carry a
// pass mask (`mask = "1011"`: test i passes when character i is 1), so tests choose every reward.
// As murphy's inference service does, a weight load waits for the Generate calls in flight and holds
// back new ones, so every sample is labelled with the weights that made it; staging weights
// (StageWeights) runs beside Generate calls, and a load of a staged directory takes the `swap`
// latency instead of `load`.
import { status, type ServerWritableStream, type ServiceError, type handleUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import {
  ExecutorService,
  TestStatus,
  type ExecuteBatchRequest,
  type ExecuteRequest,
  type ExecuteResponse,
  type ExecuteBatchResponse,
  type TestResult,
} from '../../src/gen/murphy/v1/executor.js';
import { FinishReason, InferenceService, type ChatMessage, type GenerateRequest } from '../../src/gen/murphy/v1/inference.js';
import { TrainerService, type TrainRequest } from '../../src/gen/murphy/v1/trainer.js';
import { startGrpcServer, type RunningServer } from '../../src/grpc/server.js';

export interface PolicyInput {
  readonly messages: readonly ChatMessage[];
  /** 1 + the attempts shown in the prompt. */
  readonly turn: number;
  readonly index: number;
  readonly seed: number;
  readonly version: number;
}

/** What a call does instead of answering normally. */
export type Fault = { readonly code: status; readonly message?: string } | 'hang' | undefined;

export interface ScriptOptions {
  readonly latencyMs?: {
    generate?: number;
    execute?: number;
    train?: number;
    export?: number;
    load?: number;
    /** StageWeights, and LoadWeights of a staged directory (default: 0 and `load`). */
    stage?: number;
    swap?: number;
    checkpoint?: number;
  };
  /** The pass mask (or any completion text) of a sample; default: every test fails. */
  readonly policy?: (input: PolicyInput) => string;
  /** Per program (numbered from 1 across calls): its error result, or 'hang' (it never ends). */
  readonly executeFault?: (program: number, code: string) => Fault;
  /** Per ExecuteBatch call (numbered from 1): the whole call fails, or hangs. */
  readonly batchFault?: (call: number) => Fault;
  /** Execution latency per program, overriding latencyMs.execute. */
  readonly executeLatencyOf?: (code: string) => number;
  readonly generateFault?: (call: number) => Fault;
  /** Per LoadWeights call (numbered from 1): it fails instead of loading. */
  readonly loadFault?: (call: number) => Fault;
  /** Refuse Generate calls that expect another policy version (FAILED_PRECONDITION), as murphy's inference does. */
  readonly checkExpectedVersion?: boolean;
  /** Per Train call that the trainer accepts (numbered from 1): it fails instead, and is not applied. */
  readonly trainFault?: (call: number) => Fault;
  /** The importance-sampling weights every Train answer reports (default: none, the correction is off). */
  readonly importanceWeights?: { mean: number; min: number; max: number };
  /** Executor status for a failing test (default FAILED). */
  readonly failStatus?: TestStatus;
  /** Completion tokens per sample (token ids, log-probs and about 4 characters of text each); default 3. */
  readonly tokens?: number;
  /** The trainer's policy version at start (a restarted trainer). */
  readonly trainerVersion?: number;
}

export const program = (mask: string, extra = ''): string => `<output>\n\`\`\`python\nmask = "${mask}"\n${extra}\n\`\`\`\n</output>`;

const maskOf = (code: string): string => /mask = "([01]*)"/.exec(code)?.[1] ?? '';

interface InFlight {
  now: number;
  max: number;
}

export class ScriptedServices {
  readonly generateCalls: { request: GenerateRequest; start: number; end: number }[] = [];
  /** One per program executed (a batch's programs each count), with the request it amounts to. */
  readonly executeCalls: { request: ExecuteRequest; start: number; end: number }[] = [];
  readonly batchCalls: ExecuteBatchRequest[] = [];
  readonly trainCalls: TrainRequest[] = [];
  /** When each applied Train call ran. */
  readonly trainSpans: { start: number; end: number }[] = [];
  private trainAttempts = 0;
  readonly loadCalls: { directory: string; policyVersion: number }[] = [];
  private loadAttempts = 0;
  /** Directories staged (or being staged) and not loaded yet. */
  private readonly staged = new Map<string, Promise<void>>();
  readonly stageCalls: { directory: string; start: number; end: number }[] = [];
  /** Directories of the loads that swapped staged weights in. */
  readonly swaps: string[] = [];
  readonly checkpoints: number[] = [];
  /** The trainer and weight calls in the order they arrived: train, export, stage, load, checkpoint. */
  readonly weightCalls: string[] = [];
  /** Calls in flight; for the executor, programs in flight. */
  readonly inFlight = { generate: { now: 0, max: 0 }, execute: { now: 0, max: 0 } };
  inferenceVersion = 0;
  /** Weight loads that began while a Generate call was running (waited for it), and the reverse. */
  readonly overlaps = { loadWaitedForGenerate: 0, generateWaitedForLoad: 0 };
  trainerVersion: number;
  private loading: Promise<void> | null = null;
  private generating = new Set<Promise<void>>();
  private server: RunningServer | null = null;
  private readonly hanging: (() => void)[] = [];

  constructor(private readonly options: ScriptOptions = {}) {
    this.trainerVersion = options.trainerVersion ?? 0;
  }

  get address(): string {
    if (!this.server) throw new Error('not started');
    return `127.0.0.1:${this.server.port}`;
  }

  async start(): Promise<this> {
    this.server = await startGrpcServer(0, [
      { definition: InferenceService, implementation: { generate: this.generate, loadWeights: this.loadWeights, stageWeights: this.stageWeights, health: this.inferenceHealth } },
      { definition: ExecutorService, implementation: { execute: this.execute, executeBatch: this.executeBatch, health: this.health } },
      {
        definition: TrainerService,
        implementation: { train: this.train, exportWeights: this.exportWeights, saveCheckpoint: this.saveCheckpoint, health: this.trainerHealth },
      },
    ], '127.0.0.1');
    return this;
  }

  async stop(): Promise<void> {
    this.hanging.forEach((release) => release());
    await this.server?.shutdown(100);
  }

  /** Answers after the latency, or applies the fault; tracks calls in flight. */
  private respond<T>(callback: sendUnaryData<T>, how: { latencyMs: number; fault?: Fault; gauge?: InFlight }, answer: () => T): void {
    const { latencyMs, fault, gauge } = how;
    if (gauge) gauge.max = Math.max(gauge.max, ++gauge.now);
    const finish = (send: () => void) => {
      if (gauge) gauge.now--;
      send();
    };
    if (fault === 'hang') {
      this.hanging.push(() => finish(() => callback({ code: status.CANCELLED, details: 'test server stopped' } as ServiceError, null)));
      return;
    }
    const send = () =>
      finish(() => (fault ? callback({ code: fault.code, details: fault.message ?? 'scripted fault' } as ServiceError, null) : callback(null, answer())));
    if (latencyMs > 0) setTimeout(send, latencyMs);
    else setImmediate(send);
  }

  private readonly generate: handleUnaryCall<GenerateRequest, unknown> = (call, callback) => {
    if (this.loading) {
      this.overlaps.generateWaitedForLoad++;
      void this.loading.then(() => this.generate(call, callback));
      return;
    }
    let finished!: () => void;
    const running = new Promise<void>((resolve) => (finished = resolve));
    this.generating.add(running);
    void running.then(() => this.generating.delete(running));
    this.startGenerate(call, (error, value) => {
      finished();
      callback(error, value);
    });
  };

  private readonly startGenerate: handleUnaryCall<GenerateRequest, unknown> = (call, callback) => {
    const request = call.request;
    const record = { request, start: performance.now(), end: 0 };
    this.generateCalls.push(record);
    const scripted = this.options.generateFault?.(this.generateCalls.length);
    const version = this.inferenceVersion;
    const expected = request.policyVersion;
    const refused = this.options.checkExpectedVersion && expected !== undefined && expected !== version;
    const fault = refused ? { code: status.FAILED_PRECONDITION, message: `serves policy version ${version}, the request expects ${expected}` } : scripted;
    const policy = this.options.policy ?? (() => program(''));
    const tokens = this.options.tokens ?? 3;
    const padding = tokens > 3 ? this.padding(tokens) : '';
    const answer = () => {
      record.end = performance.now();
      const results = request.prompts.map((prompt) => {
        const turn = 1 + prompt.messages.map((m) => m.content.split('## Attempt').length - 1).reduce((a, b) => a + b, 0);
        const samples = Array.from({ length: request.sampling?.n ?? 1 }, (_, index) => {
          const text = policy({ messages: prompt.messages, turn, index, seed: request.sampling?.seed ?? 0, version }) + padding;
          return { text, ...this.tokensOf(index, tokens), finishReason: FinishReason.FINISH_REASON_STOP, policyVersion: version };
        });
        return { promptTokenIds: [100 + turn, 101], samples };
      });
      return { results, policyVersion: version };
    };
    this.respond(callback, { latencyMs: this.options.latencyMs?.generate ?? 0, fault, gauge: this.inFlight.generate }, answer);
  };

  private readonly execute: handleUnaryCall<ExecuteRequest, ExecuteResponse> = (call, callback) => {
    const { code, ...shared } = call.request;
    this.runProgram({ ...shared, codes: [code] }, 0, (result) => {
      if (result.response) callback(null, result.response);
      else callback({ code: result.error?.code ?? status.INTERNAL, details: result.error?.message ?? '' } as ServiceError, null);
    });
  };

  /** Streams each program's result after its latency; a batch fault fails (or hangs) the whole call first. */
  private readonly executeBatch = (call: ServerWritableStream<ExecuteBatchRequest, ExecuteBatchResponse>): void => {
    const request = call.request;
    this.batchCalls.push(request);
    const fault = this.options.batchFault?.(this.batchCalls.length);
    if (fault === 'hang') return void this.hanging.push(() => call.emit('error', { code: status.CANCELLED, details: 'test server stopped' }));
    if (fault) return void call.emit('error', { code: fault.code, details: fault.message ?? 'scripted fault' });
    let left = request.codes.length;
    request.codes.forEach((_, index) =>
      this.runProgram(request, index, (result) => {
        if (!call.cancelled) call.write(result);
        if (--left === 0 && !call.cancelled) call.end();
      }),
    );
  };

  /** Program `index` of a batch, answered after its latency (or its fault) as an ExecuteBatch result. */
  private runProgram(batch: ExecuteBatchRequest, index: number, send: (result: ExecuteBatchResponse) => void): void {
    const { codes, ...shared } = batch;
    const code = codes[index] as string;
    const record = { request: { ...shared, code }, start: performance.now(), end: 0 };
    this.executeCalls.push(record);
    const fault = this.options.executeFault?.(this.executeCalls.length, code);
    const latencyMs = this.options.executeLatencyOf?.(code) ?? this.options.latencyMs?.execute ?? 0;
    this.respond<ExecuteResponse>((error, response) => {
      record.end = performance.now();
      send(response ? { index, response } : { index, error: { code: error?.code ?? status.INTERNAL, message: error?.details ?? '' } });
    }, { latencyMs, fault, gauge: this.inFlight.execute }, () => {
      const mask = maskOf(code);
      const results = shared.tests.map((test, i) => this.result(test.name, mask[i] === '1'));
      const passed = results.filter((r) => r.passed).length;
      return { passed, total: results.length, reward: results.length ? passed / results.length : 0, results, sandbox: 'process', durationSeconds: 0 };
    });
  }

  private paddingText = '';

  private padding(tokens: number): string {
    if (this.paddingText.length !== 4 * tokens + 3) this.paddingText = `\n# ${'x'.repeat(4 * tokens)}`;
    return this.paddingText;
  }

  private readonly tokenCache = new Map<string, { tokenIds: number[]; logprobs: number[] }>();

  /** Token ids and log-probs of sample `index` (built once: the benchmark must measure the coordinator, not this server). */
  private tokensOf(index: number, tokens: number): { tokenIds: number[]; logprobs: number[] } {
    const key = `${index}/${tokens}`;
    let cached = this.tokenCache.get(key);
    if (!cached) {
      cached = { tokenIds: Array.from({ length: tokens }, (_, t) => (t === 0 ? index + 1 : t + 1)), logprobs: Array.from({ length: tokens }, (_, t) => -0.5 / (t + 1)) };
      this.tokenCache.set(key, cached);
    }
    return cached;
  }

  private result(name: string, passed: boolean): TestResult {
    const failed = this.options.failStatus ?? TestStatus.TEST_STATUS_FAILED;
    return {
      name, passed, status: passed ? TestStatus.TEST_STATUS_PASSED : failed, errorType: passed ? '' : 'AssertionError', errorMessage: '',
      traceback: '', actual: passed || failed !== TestStatus.TEST_STATUS_FAILED ? undefined : 'None', stdout: '', stderr: '', durationSeconds: 0,
    };
  }

  private readonly health: handleUnaryCall<unknown, unknown> = (_call, callback) =>
    callback(null, { status: 1, sandbox: 'process', concurrency: 4, running: 0, queued: 0, queueCapacity: 64 });

  private readonly train: handleUnaryCall<TrainRequest, unknown> = (call, callback) => {
    const request = call.request;
    if (request.policyVersion !== undefined && request.policyVersion !== this.trainerVersion) {
      callback({ code: status.FAILED_PRECONDITION, details: `at version ${this.trainerVersion}` } as ServiceError, null);
      return;
    }
    const fault = this.options.trainFault?.(++this.trainAttempts);
    if (fault) return void this.respond(callback, { latencyMs: this.options.latencyMs?.train ?? 0, fault }, () => ({}));
    this.trainCalls.push(request);
    this.weightCalls.push('train');
    this.trainerVersion++;
    const version = this.trainerVersion;
    const span = { start: performance.now(), end: 0 };
    this.trainSpans.push(span);
    const answer = () => {
      span.end = performance.now();
      return { loss: 0.5, kl: 0.01, clipFraction: 0, gradNorm: 1, tokens: 3 * request.samples.length, samples: request.samples.length, seconds: 0, policyVersion: version, learningRate: 1e-6, importanceWeights: this.options.importanceWeights };
    };
    this.respond(callback, { latencyMs: this.options.latencyMs?.train ?? 0 }, answer);
  };

  private readonly exportWeights: handleUnaryCall<unknown, unknown> = (_call, callback) => {
    const version = this.trainerVersion;
    this.weightCalls.push('export');
    this.respond(callback, { latencyMs: this.options.latencyMs?.export ?? 0 }, () => ({ directory: `/exports/policy-${version}`, policyVersion: version, seconds: 0, bytes: 1 }));
  };

  private readonly loadWeights: handleUnaryCall<{ directory: string; policyVersion: number }, unknown> = (call, callback) => {
    const { directory, policyVersion } = call.request;
    this.weightCalls.push('load');
    const fault = this.options.loadFault?.(++this.loadAttempts);
    if (this.generating.size > 0) this.overlaps.loadWaitedForGenerate++;
    const staged = this.staged.get(directory);
    this.staged.delete(directory);
    const latencyMs = staged ? (this.options.latencyMs?.swap ?? this.options.latencyMs?.load ?? 0) : (this.options.latencyMs?.load ?? 0);
    const previous = this.loading ?? Promise.resolve();
    const loaded = Promise.all([previous, staged])
      .then(() => Promise.all(this.generating))
      .then(
        () =>
          new Promise<void>((resolve) =>
            this.respond(
              (error, value) => {
                resolve();
                callback(error, value);
              },
              { latencyMs, fault },
              () => {
                this.loadCalls.push({ directory, policyVersion });
                if (staged) this.swaps.push(directory);
                this.inferenceVersion = policyVersion;
                return { policyVersion, seconds: 0, tensors: 1 };
              },
            ),
          ),
      );
    this.loading = loaded;
    void loaded.then(() => {
      if (this.loading === loaded) this.loading = null;
    });
  };

  /** Answers after the `stage` latency, whatever else runs; a later load of the directory is a swap. */
  private readonly stageWeights: handleUnaryCall<{ directory: string }, unknown> = (call, callback) => {
    const { directory } = call.request;
    this.weightCalls.push('stage');
    const start = performance.now();
    const done = new Promise<void>((resolve) =>
      this.respond(
        (error, value) => {
          resolve();
          callback(error, value);
        },
        { latencyMs: this.options.latencyMs?.stage ?? 0 },
        () => {
          this.stageCalls.push({ directory, start, end: performance.now() });
          return { seconds: 0, tensors: 1 };
        },
      ),
    );
    this.staged.set(directory, done);
  };

  private readonly saveCheckpoint: handleUnaryCall<unknown, unknown> = (_call, callback) => {
    const version = this.trainerVersion;
    this.checkpoints.push(version);
    this.weightCalls.push('checkpoint');
    this.respond(callback, { latencyMs: this.options.latencyMs?.checkpoint ?? 0 }, () => ({ directory: `/checkpoints/step-${version}`, policyVersion: version, seconds: 0 }));
  };

  private readonly inferenceHealth: handleUnaryCall<unknown, unknown> = (_call, callback) =>
    callback(null, { status: 1, model: 'scripted', backend: 'hf', policyVersion: this.inferenceVersion, maxContextTokens: 4096, device: 'cpu' });

  private readonly trainerHealth: handleUnaryCall<unknown, unknown> = (_call, callback) =>
    callback(null, { status: 1, model: 'scripted', policyVersion: this.trainerVersion, worldSize: 1, lastCheckpoint: '', device: 'cpu' });
}
