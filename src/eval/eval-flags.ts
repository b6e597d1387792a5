// `murphy eval` flags. --dataset may be repeated; every other flag is given once. Values that a
// MurphyRun (--config) also holds are optional here: a flag wins over the run file, the run file
// over the defaults (see resolveEvalSettings).
import { UsageError } from '../user-input/usage-error.js';
import { choice, parseFlags, type FlagKind, type ParsedFlags } from '../user-input/flags.js';
import { SANDBOX_CHOICES } from '../executor/sandbox.js';

export const EVAL_USAGE =
  'murphy eval (--model DIR|builtin:tiny|builtin:coder | --inference HOST:PORT | --config RUN.yaml) [--executor HOST:PORT] ' +
  '[--dataset FILE|builtin:NAME]... [--limit N] [--iterations 1,3] [--runs 3] [--temperature 0.6] [--top-p 0.95] ' +
  '[--max-new-tokens N] [--self-reflection] [--seed 0] [--concurrency 8] [--backend hf|vllm] [--sandbox auto|bwrap|process] ' +
  '[--ready-timeout SECONDS] [--table long|paper] [--out DIR] [--label TEXT] [--report-configmap NAME [--namespace NS]]';

const DECLARED: Readonly<Record<string, FlagKind>> = {
  dataset: 'strings', model: 'string', inference: 'string', executor: 'string', config: 'string', limit: 'integer', iterations: 'string',
  runs: 'integer', temperature: 'string', 'top-p': 'string', 'max-new-tokens': 'integer', 'self-reflection': 'boolean', seed: 'integer', concurrency: 'integer',
  backend: 'string', sandbox: 'string', 'ready-timeout': 'integer', table: 'string', out: 'string', label: 'string', 'report-configmap': 'string', namespace: 'string',
};

export interface EvalFlags {
  readonly model?: string;
  readonly inference?: string;
  readonly executor?: string;
  readonly config?: string;
  readonly datasets: readonly string[];
  readonly limit?: number;
  readonly iterations?: readonly number[];
  readonly runs?: number;
  readonly temperature?: number;
  readonly topP?: number;
  /** Unset: the model's maximum generation length (or the run file's evaluation.maxNewTokens). */
  readonly maxNewTokens?: number;
  /** Reflexion's self-reflection step (the paper's App. C). */
  readonly selfReflection?: boolean;
  readonly seed?: number;
  readonly concurrency?: number;
  readonly backend: 'hf' | 'vllm';
  readonly sandbox: 'auto' | 'bwrap' | 'process';
  /** The printed table: one row per dataset and iteration count, or the paper's one row per model. */
  readonly table: 'long' | 'paper';
  /** Seconds to wait for the services to answer Health with SERVING. */
  readonly readyTimeout?: number;
  readonly out?: string;
  readonly label?: string;
  readonly reportConfigMap?: string;
  readonly namespace?: string;
}

function number(name: string, value: string | undefined, check: (n: number) => boolean, expected: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || !check(parsed)) throw new UsageError(`--${name}: expected ${expected}, got "${value}"`);
  return parsed;
}

/** "1,3" -> [1, 3]: distinct iteration counts from 1 to 10, ascending. */
export function parseIterations(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const counts = value.split(',').map((part) => number('iterations', part.trim(), (n) => Number.isInteger(n) && n >= 1 && n <= 10, 'comma-separated integers from 1 to 10 such as "1,3"'));
  return [...new Set(counts as number[])].sort((a, b) => a - b);
}

/** Only the flags that were given: exactOptionalPropertyTypes forbids explicit undefined. */
function defined<T extends object>(values: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<{ [K in keyof T]: Exclude<T[K], undefined> }>;
}

export function parseEvalFlags(args: readonly string[]): EvalFlags {
  const flags = parseFlags(args, DECLARED, EVAL_USAGE);
  if (flags.positional.length > 0) throw new UsageError(`unexpected argument "${flags.positional[0]}"; usage: ${EVAL_USAGE}`);
  const model = flags.string('model');
  const inference = flags.string('inference');
  // Neither is fine with --config: the run's own model (spec.model) is served.
  if (model !== undefined && inference !== undefined) throw new UsageError(`give only one of --model and --inference; usage: ${EVAL_USAGE}`);
  if (model === undefined && inference === undefined && flags.string('config') === undefined) {
    throw new UsageError(`give --model (a model to serve here), --inference (a running inference service) or --config (a MurphyRun whose model to serve); usage: ${EVAL_USAGE}`);
  }
  checkPositive(flags, ['limit', 'runs', 'max-new-tokens', 'concurrency', 'ready-timeout']);
  return {
    datasets: flags.strings('dataset'),
    backend: choice(flags, 'backend', ['hf', 'vllm'], 'hf'),
    sandbox: choice(flags, 'sandbox', SANDBOX_CHOICES, 'auto'),
    table: choice(flags, 'table', ['long', 'paper'] as const, 'long'),
    ...(defined({
      model, inference, executor: flags.string('executor'), config: flags.string('config'), limit: flags.integer('limit'),
      iterations: parseIterations(flags.string('iterations')), runs: flags.integer('runs'),
      temperature: number('temperature', flags.string('temperature'), (n) => n >= 0, 'a number >= 0'),
      topP: number('top-p', flags.string('top-p'), (n) => n > 0 && n <= 1, 'a number in (0, 1]'),
      maxNewTokens: flags.integer('max-new-tokens'), selfReflection: flags.boolean('self-reflection') ? true : undefined, seed: flags.integer('seed'), concurrency: flags.integer('concurrency'),
      readyTimeout: flags.integer('ready-timeout'), out: flags.string('out'), label: flags.string('label'), reportConfigMap: flags.string('report-configmap'), namespace: flags.string('namespace'),
    })),
  };
}

/** Integer flags that must be at least 1 (the shared parser accepts 0). */
function checkPositive(flags: ParsedFlags, names: readonly string[]): void {
  for (const name of names) {
    const value = flags.integer(name);
    if (value === 0) throw new UsageError(`--${name}: expected an integer >= 1, got 0`);
  }
}
