// The settings of one `murphy eval`: each flag, else the MurphyRun's spec.evaluation (and its
// training sampling, prompt templates and executor timeout) when --config names one, else the
// paper's protocol (EVAL_DEFAULTS; the completion cap is the model's, known once it is served).
import { resolve } from 'node:path';
import { DEFAULT_TEMPLATES, withOverrides, type PromptTemplates } from '../algorithm/templates.js';
import type { ResolvedSpec } from '../api/resolve.js';
import { UsageError } from '../user-input/usage-error.js';
import type { DatasetSpec } from '../datasets/load-dataset.js';
import type { LoadedRun } from '../run/load-run-file.js';
import type { EvalFlags } from './eval-flags.js';
import { EVAL_DEFAULTS, datasetName, type EvalDataset, type RequestedEvalSettings } from './eval-settings.js';

export interface ResolvedEval {
  /** maxNewTokens is filled in from the model once its service answers (withModelLimit). */
  readonly settings: RequestedEvalSettings;
  /** The MurphyRun's spec when --config named one (its inference and executor settings serve the model). */
  readonly spec?: ResolvedSpec;
  readonly templates: PromptTemplates;
  /** Relative dataset paths are resolved against it: the run file's folder, else the working directory. */
  readonly baseDir: string;
}

/** --dataset paths are the user's, relative to the working directory; the run file's are relative to its folder. */
function datasetSpecs(flags: EvalFlags, spec: ResolvedSpec | undefined, cwd: string): DatasetSpec[] {
  const withLimit = (d: DatasetSpec): DatasetSpec => (flags.limit === undefined ? d : { ...d, limit: flags.limit });
  if (flags.datasets.length > 0 || spec === undefined) {
    const sources = flags.datasets.length > 0 ? flags.datasets : ['builtin:mini'];
    const located = sources.map((source) => (source.startsWith('builtin:') ? source : resolve(cwd, source)));
    return located.map((source) => withLimit({ source, format: 'auto', seed: flags.seed ?? EVAL_DEFAULTS.seed, visibleTests: EVAL_DEFAULTS.visibleTests }));
  }
  if (spec.evaluation === undefined) {
    throw new UsageError(`${flags.config}: spec.evaluation is not set; add spec.evaluation.datasets to the run or pass --dataset`);
  }
  return spec.evaluation.datasets.map(withLimit);
}

function named(specs: readonly DatasetSpec[]): EvalDataset[] {
  const datasets = specs.map((spec) => ({ name: datasetName(spec.source), spec }));
  const names = datasets.map((d) => d.name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) throw new UsageError(`--dataset: two datasets are both named "${repeated}"; give each a different file name`);
  return datasets;
}

/** The first value that is set: a flag, then the run file, then the default. */
function first<T>(...values: readonly (T | undefined)[]): T {
  const found = values.find((value) => value !== undefined);
  if (found === undefined) throw new Error('no value and no default');
  return found;
}

/** Temperature and top-p default to training's; maxNewTokens to the model's maximum (withModelLimit). */
function sampling(flags: EvalFlags, spec: ResolvedSpec | undefined): RequestedEvalSettings['sampling'] {
  const evaluation = spec?.evaluation;
  const base = spec?.training ?? EVAL_DEFAULTS.sampling;
  const maxNewTokens = flags.maxNewTokens ?? evaluation?.maxNewTokens;
  return {
    temperature: first(flags.temperature, evaluation?.temperature, base.temperature),
    topP: first(flags.topP, evaluation?.topP, base.topP),
    ...(maxNewTokens === undefined ? {} : { maxNewTokens }),
  };
}

export function resolveEvalSettings(flags: EvalFlags, run: LoadedRun | undefined, cwd: string): ResolvedEval {
  const spec = run?.run.spec;
  const iterations = first<readonly number[]>(flags.iterations, spec?.evaluation?.iterations, EVAL_DEFAULTS.iterations);
  const settings: RequestedEvalSettings = {
    datasets: named(datasetSpecs(flags, spec, cwd)),
    iterations: [...new Set(iterations)].sort((a, b) => a - b),
    runs: first(flags.runs, spec?.evaluation?.runs, EVAL_DEFAULTS.runs),
    sampling: sampling(flags, spec),
    seed: first(flags.seed, EVAL_DEFAULTS.seed),
    timeoutSeconds: first(spec?.executor.timeoutSeconds, EVAL_DEFAULTS.timeoutSeconds),
    concurrency: first(flags.concurrency, EVAL_DEFAULTS.concurrency),
    selfReflection: first(flags.selfReflection, spec?.evaluation?.selfReflection, EVAL_DEFAULTS.selfReflection),
  };
  if (run === undefined) return { settings, templates: DEFAULT_TEMPLATES, baseDir: cwd };
  return { settings, templates: withOverrides(run.run.spec.algorithm.prompts), baseDir: run.baseDir, spec: run.run.spec };
}
