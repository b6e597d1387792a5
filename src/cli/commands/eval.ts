// `murphy eval`: Reflexion-style pass@1 of a model on one or more problem sets. With --model it
// starts its own executor and inference service (child processes, logs in <out>/logs); with
// --inference it uses a running service. Prints the table and leaves records.jsonl, report.json,
// report.md and metrics.prom in --out (see docs/eval.md).
import { connectEvalServices, type EvalAddresses, type EvalServices } from '../../eval/connect-eval-services.js';
import { writeReportConfigMap } from '../../eval/eval-configmap.js';
import { EVAL_USAGE, parseEvalFlags, type EvalFlags } from '../../eval/eval-flags.js';
import { skipNoticeText } from '../../datasets/load-dataset.js';
import { evaluate, loadEvalDatasets, type Evaluation } from '../../eval/evaluate.js';
import { paperTable, textTable } from '../../eval/format-table.js';
import { startLocalEvalServices, type LocalEvalServices } from '../../eval/local-eval-services.js';
import { resolveEvalSettings, type ResolvedEval } from '../../eval/resolve-eval-settings.js';
import { withModelLimit } from '../../eval/eval-settings.js';
import { EvaluationError, type LoadedDataset } from '../../eval/run-evaluation.js';
import { HttpKubeClient } from '../../k8s/kube-client.js';
import { loadKubeConfig } from '../../k8s/kube-config.js';
import { PROGRESS_ENV } from '../../k8s/progress-reporter.js';
import { loadRunFile, type LoadedRun } from '../../run/load-run-file.js';
import { asUserErrors } from '../../run/user-errors.js';
import { type Command, type CommandIO } from '../command.js';
import { UsageError } from '../../user-input/usage-error.js';

const READY_TIMEOUT_S = 30 * 60;
const WAIT_NOTICE_MS = 20_000;
const PROGRESS_INTERVAL_MS = 5_000;

class Interrupted extends Error {}

function defaultOut(label: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  return `evals/${label.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'eval'}-${stamp}`;
}

/** Without --model and --inference, the MurphyRun's own model (spec.model.source, else its name) is served. */
function withRunModel(flags: EvalFlags, runFile: LoadedRun | undefined): EvalFlags {
  if (flags.model !== undefined || flags.inference !== undefined || runFile === undefined) return flags;
  const { model } = runFile.run.spec;
  return { ...flags, model: model.source ?? model.name };
}

/** The report's label (default: the model or the inference address) and the output folder. */
function outputOf(flags: EvalFlags): { label: string; outDir: string } {
  const label = flags.label ?? flags.model ?? flags.inference ?? 'eval';
  return { label, outDir: flags.out ?? defaultOut(label) };
}

function progressPrinter(io: CommandIO): (record: { dataset: string; run: number }, done: number, total: number) => void {
  let last = 0;
  return (record, done, total) => {
    if (done < total && Date.now() - last < PROGRESS_INTERVAL_MS) return;
    last = Date.now();
    io.stderr(`murphy eval: ${done}/${total} problem runs done (${record.dataset}, run ${record.run + 1})\n`);
  };
}

/** SIGINT/SIGTERM abort the evaluation; the services are stopped on the way out. */
function onStopSignals(io: CommandIO): { readonly signal: AbortSignal; remove(): void } {
  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    io.stderr(`murphy eval: ${signal}: stopping\n`);
    interrupt.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    signal: interrupt.signal,
    remove: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

function whenInterrupted(signal: AbortSignal): Promise<never> {
  const interrupted = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Interrupted('interrupted')), { once: true }));
  interrupted.catch(() => undefined);
  return interrupted;
}

async function startServices(flags: EvalFlags, resolved: ResolvedEval, outDir: string): Promise<LocalEvalServices | null> {
  if (flags.model === undefined && flags.executor !== undefined) return null;
  return startLocalEvalServices({ backend: flags.backend, sandbox: flags.sandbox, ...(flags.model ? { model: flags.model } : {}), ...(resolved.spec ? { spec: resolved.spec } : {}) }, outDir, process.env);
}

function addressesOf(flags: EvalFlags, local: LocalEvalServices | null): EvalAddresses {
  const inference = flags.inference ?? local?.addresses.inference;
  const executor = flags.executor ?? local?.addresses.executor;
  if (inference === undefined || executor === undefined) throw new Error('no inference or executor address');
  return { inference, executor };
}

async function publish(flags: EvalFlags, evaluation: Evaluation, io: CommandIO): Promise<void> {
  if (flags.reportConfigMap === undefined) return;
  const namespace = flags.namespace ?? process.env[PROGRESS_ENV.namespace];
  if (!namespace) throw new UsageError(`--report-configmap needs --namespace (or ${PROGRESS_ENV.namespace} in the environment)`);
  await writeReportConfigMap(new HttpKubeClient(loadKubeConfig()), { name: flags.reportConfigMap, namespace }, evaluation.report);
  io.stderr(`murphy eval: report written to ConfigMap ${namespace}/${flags.reportConfigMap}\n`);
}

interface Session {
  readonly flags: EvalFlags;
  readonly resolved: ResolvedEval;
  readonly datasets: readonly LoadedDataset[];
  readonly outDir: string;
  readonly label: string;
  readonly services: EvalServices;
  readonly stopped: Promise<never>;
}

async function runSession(session: Session, io: CommandIO): Promise<Evaluation> {
  const { flags, resolved, datasets, services, stopped } = session;
  io.stderr('murphy eval: waiting for inference and executor\n');
  let noticed = 0;
  const onWaiting = (pending: readonly string[], elapsed: number) => {
    if (elapsed < noticed) return;
    noticed = elapsed + WAIT_NOTICE_MS;
    io.stderr(`murphy eval: waiting for ${pending.join(', ')} (${Math.round(elapsed / 1000)} s)\n`);
  };
  const ready = services.waitUntilServing({ timeoutMs: (flags.readyTimeout ?? READY_TIMEOUT_S) * 1000, onWaiting }).catch((error: unknown) => {
    throw new EvaluationError((error as Error).message);
  });
  await Promise.race([ready, stopped]);
  const model = flags.model ?? (await services.servedModel());
  const settings = withModelLimit(resolved.settings, await services.maxContextTokens());
  io.stderr(`murphy eval: ${model} on ${settings.datasets.map((d) => d.name).join(', ')}; iterations ${settings.iterations.join(',')}, ${settings.runs} run(s)\n`);
  const run = evaluate(services, { settings, templates: resolved.templates, datasets, outDir: session.outDir, label: session.label, model, onRecord: progressPrinter(io) });
  return Promise.race([run, stopped]);
}

export const evalCommand: Command = {
  name: 'eval',
  usage: EVAL_USAGE,
  async run(args, io) {
    const given = parseEvalFlags(args);
    const runFile = given.config === undefined ? undefined : await loadRunFile(given.config);
    const flags = withRunModel(given, runFile);
    const resolved = resolveEvalSettings(flags, runFile, process.cwd());
    const datasets = await asUserErrors(() => loadEvalDatasets(resolved.settings, resolved.baseDir, (notice) => io.stderr(`murphy eval: ${skipNoticeText(notice)}\n`)));
    const { label, outDir } = outputOf(flags);
    const signals = onStopSignals(io);
    const local = await asUserErrors(() => startServices(flags, resolved, outDir));
    const services = connectEvalServices(addressesOf(flags, local));
    const stopped = Promise.race([local?.crashed ?? new Promise<never>(() => {}), whenInterrupted(signals.signal)]);
    try {
      const evaluation = await asUserErrors(() => runSession({ flags, resolved, datasets, outDir, label, services, stopped }, io));
      io.stdout(flags.table === 'paper' ? paperTable(evaluation.report) : textTable(evaluation.report));
      io.stderr(`murphy eval: took ${evaluation.report.wallSeconds.toFixed(1)} s; records, report.json, report.md and metrics.prom in ${outDir}\n`);
      await publish(flags, evaluation, io);
      return 0;
    } catch (error) {
      if (error instanceof Interrupted) return 130;
      if (error instanceof EvaluationError) throw new UsageError(`${error.message}${local ? ` (service logs in ${local.logs})` : ''}`);
      throw error;
    } finally {
      signals.remove();
      services.close();
      await local?.stop();
    }
  },
};
