// `murphy coordinator --config RUN.yaml --inference H:P --executor H:P --trainer H:P --state-dir DIR
// [--metrics-port 9467] [--stop-timeout 20]`: the training loop against running services (the
// operator starts it so). Reports progress to the run's ConfigMap when the operator's environment
// variables are set. Exits 0 only after the run's last step; stopped earlier (SIGTERM, SIGINT), it
// finishes the current step if that takes less than --stop-timeout seconds and exits
// COORDINATOR_EXIT.interrupted, so that its Job replaces it and the next one resumes. A service that
// goes away mid-run (its pod replaced: gRPC's own retries run out with UNAVAILABLE) ends it the same
// way: the next coordinator waits for the service and resumes from where the trainer is.
import { status, type ServiceError } from '@grpc/grpc-js';
import { COORDINATOR_EXIT } from '../../coordinator/exit-codes.js';
import { serveCoordinator } from '../../coordinator/serve-coordinator.js';
import { skipNoticeText } from '../../datasets/load-dataset.js';
import { HttpKubeClient } from '../../k8s/kube-client.js';
import { loadKubeConfig } from '../../k8s/kube-config.js';
import { progressReporterFromEnv } from '../../k8s/progress-reporter.js';
import { parseFlags, required } from '../../user-input/flags.js';
import { loadRunFile } from '../../run/load-run-file.js';
import { asUserErrors } from '../../run/user-errors.js';
import { type Command, type CommandIO } from '../command.js';
import { UsageError } from '../../user-input/usage-error.js';

const USAGE =
  'murphy coordinator --config RUN.yaml --inference HOST:PORT --executor HOST:PORT --trainer HOST:PORT --state-dir DIR [--metrics-port 9467] [--stop-timeout 20]';

const DEFAULT_STOP_TIMEOUT_S = 20;

/** A call that ran out of retries against a service that is not there (a replaced pod, mid-restart). */
const isServiceGone = (error: unknown): boolean => (error as Partial<ServiceError> | null)?.code === status.UNAVAILABLE;

/**
 * Turns SIGTERM/SIGINT into an abort that ends the run after the current step. A step that outlasts
 * the stop timeout is abandoned: the process exits at once (in-flight calls die with it), and the
 * next coordinator's resume plan finds where the trainer is.
 */
function stopOnSignals(io: CommandIO, stopTimeoutMs: number): AbortSignal {
  const abort = new AbortController();
  const stop = (signal: string) => {
    if (abort.signal.aborted) return;
    io.stderr(`murphy coordinator: ${signal}: stopping after the current step (at most ${Math.round(stopTimeoutMs / 1000)} s)\n`);
    abort.abort();
    setTimeout(() => {
      io.stderr('murphy coordinator: the current step did not finish in time; exiting without it (the next coordinator resumes)\n');
      process.exit(COORDINATOR_EXIT.interrupted);
    }, stopTimeoutMs).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return abort.signal;
}

export const coordinatorCommand: Command = {
  name: 'coordinator',
  usage: USAGE,
  async run(args, io) {
    const flags = parseFlags(args, { config: 'string', inference: 'string', executor: 'string', trainer: 'string', 'state-dir': 'string', 'metrics-port': 'integer', 'stop-timeout': 'integer' }, USAGE);
    if (flags.positional.length > 0) throw new UsageError(`unexpected argument "${flags.positional[0]}"; usage: ${USAGE}`);
    const { run, baseDir } = await loadRunFile(required(flags, 'config', USAGE));
    const addresses = { inference: required(flags, 'inference', USAGE), executor: required(flags, 'executor', USAGE), trainer: required(flags, 'trainer', USAGE) };
    const stateDir = required(flags, 'state-dir', USAGE);
    const signal = stopOnSignals(io, (flags.integer('stop-timeout', { min: 1 }) ?? DEFAULT_STOP_TIMEOUT_S) * 1000);
    const progress = progressReporterFromEnv(process.env, () => new HttpKubeClient(loadKubeConfig()));
    try {
      const state = await asUserErrors(() =>
        serveCoordinator({
          run, baseDir, addresses, stateDir, metricsPort: flags.integer('metrics-port') ?? 9467, signal, progress,
          onSkipped: (notice) => io.stderr(`murphy coordinator: ${skipNoticeText(notice)}\n`),
          onWaiting: (pending, elapsed) => io.stderr(`murphy coordinator: waiting for ${pending.join(', ')} (${Math.round(elapsed / 1000)} s)\n`),
          listener: {
            resumed: (s, note) => io.stderr(`murphy coordinator: resuming after step ${s.step}${note ? ` (${note})` : ''}\n`),
            stepFinished: (report, s) => io.stderr(`murphy coordinator: step ${s.step}/${s.totalSteps} pass rate ${report.turns.map((t) => t.passRate.toFixed(2)).join('/')}\n`),
          },
        }),
      );
      const finished = state.step >= state.totalSteps;
      io.stderr(`murphy coordinator: ${finished ? 'finished' : 'stopped'} at step ${state.step}/${state.totalSteps}\n`);
      return finished ? COORDINATOR_EXIT.finished : COORDINATOR_EXIT.interrupted;
    } catch (error) {
      // Stopped while waiting for the services, or a call cut short by the stop: resume later.
      if (signal.aborted) {
        io.stderr(`murphy coordinator: stopped before the run finished (${(error as Error).message})\n`);
        return COORDINATOR_EXIT.interrupted;
      }
      if (!isServiceGone(error)) throw error;
      io.stderr(`murphy coordinator: a service went away mid-run (${(error as Error).message}); exiting so that the next coordinator waits for it and resumes\n`);
      return COORDINATOR_EXIT.interrupted;
    } finally {
      progress.close();
    }
  },
};
