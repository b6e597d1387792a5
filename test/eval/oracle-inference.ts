// The oracle inference backend of the evaluation tests: murphy.v1.Inference served on a real
// loopback socket, answering each prompt with a program chosen by a script from the problem and
// the Reflexion iteration (a reference solution, or a deliberately broken one first). It records
// every prompt it receives, so tests can assert on exactly what the model was shown.
import type { handleUnaryCall } from '@grpc/grpc-js';
import { ServingStatus } from '../../src/gen/murphy/v1/executor.js';
import { FinishReason, InferenceService, type ChatMessage, type GenerateRequest, type GenerateResponse } from '../../src/gen/murphy/v1/inference.js';
import { startGrpcServer, type RunningServer } from '../../src/grpc/server.js';
import { REFLECTION_SYSTEM } from '../../src/eval/self-reflection.js';

export interface OracleProblem {
  readonly id: string;
  /** The question exactly as the dataset loader normalised it (the user prompt starts with it). */
  readonly question: string;
}

/** The program to answer with, for a problem at a 1-based iteration. */
export type OracleScript = (problemId: string, iteration: number) => string;

export interface ReceivedPrompt {
  readonly problem: string;
  readonly iteration: number;
  /** A program for `iteration`, or a self-reflection on attempt `iteration - 1`. */
  readonly kind: 'program' | 'reflection';
  readonly seed: number;
  readonly messages: readonly ChatMessage[];
}

export const asCompletion = (code: string): string => `<think>oracle</think>\n<output>\n\`\`\`python\n${code}\n\`\`\`\n</output>`;

/** The context the oracle says its model has (Health's max_context_tokens). */
export const ORACLE_CONTEXT_TOKENS = 1 << 20;

/** What the oracle reflects on attempt `attempt` of a problem (after a thinking section the loop leaves out). */
export const oracleReflection = (problem: string, attempt: number): string => `REFLECTION-${problem}-${attempt}: the program is wrong.`;

export class OracleInference {
  readonly received: ReceivedPrompt[] = [];
  private server: RunningServer | null = null;

  constructor(
    private readonly problems: readonly OracleProblem[],
    private readonly script: OracleScript,
  ) {}

  get address(): string {
    if (!this.server) throw new Error('oracle not started');
    return `127.0.0.1:${this.server.port}`;
  }

  async start(): Promise<this> {
    const implementation = { generate: this.generate, loadWeights: this.unimplemented, health: this.health };
    this.server = await startGrpcServer(0, [{ definition: InferenceService, implementation }], '127.0.0.1');
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.shutdown(100);
  }

  /**
   * Which problem a prompt is about, at which iteration (one "## Attempt" block per earlier attempt,
   * the last one alone in a reflection prompt), and whether it asks for a reflection.
   */
  private identify(messages: readonly ChatMessage[]): { problem: string; iteration: number; kind: ReceivedPrompt['kind'] } {
    const user = messages.find((m) => m.role === 'user')?.content ?? '';
    const problem = this.problems.find((p) => user.startsWith(p.question));
    if (!problem) throw new Error(`oracle: prompt matches no known problem: ${user.slice(0, 80)}`);
    if (messages[0]?.content === REFLECTION_SYSTEM) {
      const attempt = Number(/## Attempt (\d+)/.exec(user)?.[1]);
      return { problem: problem.id, iteration: attempt + 1, kind: 'reflection' };
    }
    return { problem: problem.id, iteration: user.split('## Attempt ').length, kind: 'program' };
  }

  private readonly generate: handleUnaryCall<GenerateRequest, GenerateResponse> = (call, callback) => {
    const seed = call.request.sampling?.seed ?? 0;
    const n = call.request.sampling?.n ?? 1;
    try {
      const results = call.request.prompts.map((prompt) => {
        const { problem, iteration, kind } = this.identify(prompt.messages);
        this.received.push({ problem, iteration, kind, seed, messages: prompt.messages });
        const text = kind === 'reflection' ? `<think>oracle</think>\n${oracleReflection(problem, iteration - 1)}` : asCompletion(this.script(problem, iteration));
        const samples = Array.from({ length: n }, () => ({ text, tokenIds: [1], logprobs: [0], finishReason: FinishReason.FINISH_REASON_STOP, policyVersion: 0 }));
        return { promptTokenIds: [1], samples };
      });
      callback(null, { results, policyVersion: 0 });
    } catch (error) {
      callback({ code: 3, details: (error as Error).message, name: 'oracle', message: (error as Error).message, metadata: call.metadata }, null);
    }
  };

  private readonly health: handleUnaryCall<unknown, unknown> = (_call, callback) => {
    callback(null, { status: ServingStatus.SERVING_STATUS_SERVING, model: 'oracle', backend: 'oracle', policyVersion: 0, maxContextTokens: ORACLE_CONTEXT_TOKENS, device: 'none' });
  };

  private readonly unimplemented: handleUnaryCall<unknown, unknown> = (call, callback) => {
    callback({ code: 12, details: 'the oracle serves no weights', name: 'oracle', message: 'unimplemented', metadata: call.metadata }, null);
  };
}
