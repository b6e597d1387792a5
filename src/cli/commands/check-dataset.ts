// `murphy check-dataset`: the ground-truth check of a dataset (src/eval/ground-truth.ts). Each
// record's reference solution runs against all its tests on this machine's executor engine, with the
// sandbox, interpreter and per-test limit a run would use (a run file's spec.executor, else the
// executor's defaults: MURPHY_PYTHON or python3, sandbox auto, 10 s). Prints the failing records by
// cause and exits 1 when any fails; --write-skip writes them as a spec.dataset.skipProblems list.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { DatasetSpec } from '../../datasets/load-dataset.js';
import { loadProblemRecords } from '../../datasets/load-dataset.js';
import { Engine } from '../../executor/engine.js';
import { DEFAULT_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS } from '../../executor/job.js';
import { SANDBOX_CHOICES } from '../../executor/sandbox.js';
import { checkGroundTruth, groundTruthText, skipListText } from '../../eval/ground-truth.js';
import { loadRunFile } from '../../run/load-run-file.js';
import { asUserErrors } from '../../run/user-errors.js';
import { choice, parseFlags, type ParsedFlags } from '../../user-input/flags.js';
import { UsageError } from '../../user-input/usage-error.js';
import { type Command } from '../command.js';
import { progressOn } from '../progress.js';

const USAGE =
  'murphy check-dataset (--dataset FILE|builtin:NAME | --config RUN.yaml) [--format auto|humaneval|mbpp|kodcode|bigcodebench|murphy] ' +
  '[--split instruct|complete] [--limit N] [--sandbox auto|bwrap|process] [--python PATH] [--timeout SECONDS] [--concurrency N] [--write-skip FILE]';

const FORMATS = ['auto', 'humaneval', 'mbpp', 'kodcode', 'bigcodebench', 'murphy'] as const;

interface Target {
  readonly spec: DatasetSpec;
  readonly baseDir: string;
  readonly sandbox: (typeof SANDBOX_CHOICES)[number];
  readonly timeoutSeconds: number;
}

/** A --dataset as a dataset spec: paths are the user's, relative to the working directory. */
function datasetFlag(source: string): DatasetSpec {
  return { source: source.startsWith('builtin:') ? source : resolve(source), format: 'auto', seed: 0, visibleTests: 2 };
}

/** The flags' changes to the dataset spec (--format, --split, --limit). */
function withDatasetFlags(base: DatasetSpec, flags: ParsedFlags): DatasetSpec {
  const split = flags.string('split');
  const limit = flags.integer('limit', { min: 1 });
  return {
    ...base,
    format: choice(flags, 'format', FORMATS, base.format),
    ...(split === undefined ? {} : { split: choice(flags, 'split', ['instruct', 'complete'] as const, 'instruct') }),
    ...(limit === undefined ? {} : { limit }),
  };
}

/** The dataset and executor settings: the flags, over the run file's, over the defaults. */
async function targetOf(flags: ParsedFlags): Promise<Target> {
  const dataset = flags.string('dataset');
  const config = flags.string('config');
  if ((dataset === undefined) === (config === undefined)) throw new UsageError(`give one of --dataset and --config; usage: ${USAGE}`);
  const loaded = config === undefined ? undefined : await loadRunFile(config);
  const run = loaded === undefined
    ? { spec: datasetFlag(dataset as string), baseDir: process.cwd(), sandbox: 'auto' as const, timeoutSeconds: DEFAULT_TIMEOUT_SECONDS }
    : { spec: loaded.run.spec.dataset, baseDir: loaded.baseDir, sandbox: loaded.run.spec.executor.sandbox, timeoutSeconds: loaded.run.spec.executor.timeoutSeconds };
  return {
    spec: withDatasetFlags(run.spec, flags),
    baseDir: run.baseDir,
    sandbox: choice(flags, 'sandbox', SANDBOX_CHOICES, run.sandbox),
    timeoutSeconds: flags.integer('timeout', { min: 1, max: MAX_TIMEOUT_SECONDS }) ?? run.timeoutSeconds,
  };
}

export const checkDatasetCommand: Command = {
  name: 'check-dataset',
  usage: USAGE,
  async run(args, io) {
    const flags = parseFlags(args, { dataset: 'string', config: 'string', format: 'string', split: 'string', limit: 'integer', sandbox: 'string', python: 'string', timeout: 'integer', concurrency: 'integer', 'write-skip': 'string' }, USAGE);
    if (flags.positional.length > 0) throw new UsageError(`unexpected argument "${flags.positional[0]}"; usage: ${USAGE}`);
    const target = await targetOf(flags);
    const { records, source } = await asUserErrors(() => loadProblemRecords(target.spec, target.baseDir));
    const python = flags.string('python');
    const engine = await Engine.start({ sandbox: target.sandbox, queueCapacity: 0, ...(python === undefined ? {} : { python }), ...optional('concurrency', flags.integer('concurrency', { min: 1 })) });
    for (const warning of engine.warnings) io.stderr(`murphy check-dataset: warning: ${warning}\n`);
    const progress = progressOn(io, 'murphy check-dataset');
    try {
      io.stderr(`murphy check-dataset: ${records.length} records of ${source}; sandbox ${engine.sandbox}, ${target.timeoutSeconds} s per test, ${engine.concurrency} at once\n`);
      const report = await checkGroundTruth(engine, records, {
        testTimeoutSeconds: target.timeoutSeconds,
        concurrency: engine.concurrency,
        onChecked: (done, total) => progress.update(() => `${done}/${total} reference solutions run`),
      });
      progress.done(() => `${report.records - report.withoutReference.length} reference solutions run`);
      io.stdout(groundTruthText(report, source));
      const skipFile = flags.string('write-skip');
      if (skipFile !== undefined) {
        await writeFile(skipFile, skipListText(report, source));
        io.stderr(`murphy check-dataset: ${report.failed.length} failing problem id(s) written to ${skipFile}; set spec.dataset.skipProblems to it to leave them out\n`);
      }
      return report.failed.length === 0 ? 0 : 1;
    } finally {
      await engine.close();
    }
  },
};

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
