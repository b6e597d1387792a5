// Evaluation against the oracle inference backend and a real executor (sandboxed Python), both on
// loopback gRPC: everything but the model is the real thing.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TEMPLATES } from '../../src/algorithm/templates.js';
import { startExecutor, type RunningExecutor } from '../../src/executor/server.js';
import { connectEvalServices, type EvalServices } from '../../src/eval/connect-eval-services.js';
import { EVAL_DEFAULTS, datasetName, type EvalSettings } from '../../src/eval/eval-settings.js';
import { evaluate, loadEvalDatasets, type Evaluation } from '../../src/eval/evaluate.js';
import { OracleInference, type OracleScript } from './oracle-inference.js';

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'murphy-eval-'));

export function writeDataset(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Settings like the CLI builds them (the visible-test draw uses the evaluation seed), one run, short generations. */
export function settingsFor(sources: readonly string[], overrides: Partial<EvalSettings> = {}): EvalSettings {
  const { visibleTests, ...defaults } = EVAL_DEFAULTS;
  const seed = overrides.seed ?? defaults.seed;
  const datasets = sources.map((source) => ({ name: datasetName(source), spec: { source, format: 'auto' as const, seed, visibleTests } }));
  return { ...defaults, datasets, runs: 1, sampling: { ...defaults.sampling, maxNewTokens: 64 }, concurrency: 4, ...overrides };
}

export interface OracleRun extends Evaluation {
  readonly oracle: OracleInference;
  readonly outDir: string;
}

export class EvalHarness {
  private constructor(readonly executor: RunningExecutor) {}

  static async start(): Promise<EvalHarness> {
    return new EvalHarness(await startExecutor({ port: 0, metricsPort: 0, host: '127.0.0.1', sandbox: 'auto', concurrency: 2 }));
  }

  get executorAddress(): string {
    return `127.0.0.1:${this.executor.port}`;
  }

  /** Evaluates `settings` with an oracle that knows the problems of its datasets and follows `script`. */
  async run(settings: EvalSettings, script: OracleScript): Promise<OracleRun> {
    const loaded = await loadEvalDatasets(settings, process.cwd());
    const oracle = await new OracleInference(loaded.flatMap((d) => d.problems), script).start();
    const services: EvalServices = connectEvalServices({ inference: oracle.address, executor: this.executorAddress });
    const outDir = tempDir();
    try {
      const evaluation = await evaluate(services, { settings, templates: DEFAULT_TEMPLATES, datasets: loaded, outDir, label: 'oracle', model: 'oracle' });
      return { ...evaluation, oracle, outDir };
    } finally {
      services.close();
      await oracle.stop();
    }
  }

  async stop(): Promise<void> {
    await this.executor.stop(1_000);
  }
}

export const readLines = (path: string): unknown[] => readFileSync(path, 'utf8').split('\n').filter((l) => l).map((l) => JSON.parse(l) as unknown);
