// `murphy coordinator --config RUN.yaml --inference H:P --executor H:P --trainer H:P --state-dir DIR
// [--metrics-port 9467]`: the training loop against running services (the operator starts it so).
// Reports progress to the run's ConfigMap when the operator's environment variables are set.
import { serveCoordinator } from '../../coordinator/serve-coordinator.js';
import { HttpKubeClient } from '../../k8s/kube-client.js';
import { loadKubeConfig } from '../../k8s/kube-config.js';
import { progressReporterFromEnv } from '../../k8s/progress-reporter.js';
import { parseFlags, required } from '../flags.js';
import { loadRunFile } from '../../run/load-run-file.js';
import { asUserErrors } from '../../run/user-errors.js';
import { UsageError, type Command } from '../command.js';

const USAGE =
  'murphy coordinator --config RUN.yaml --inference HOST:PORT --executor HOST:PORT --trainer HOST:PORT --state-dir DIR [--metrics-port 9467]';

export const coordinatorCommand: Command = {
  name: 'coordinator',
  summary: 'run the MURPHY training loop against running inference, executor and trainer services',
  usage: USAGE,
  async run(args, io) {
    const flags = parseFlags(args, { config: 'string', inference: 'string', executor: 'string', trainer: 'string', 'state-dir': 'string', 'metrics-port': 'integer' }, USAGE);
    if (flags.positional.length > 0) throw new UsageError(`unexpected argument "${flags.positional[0]}"; usage: ${USAGE}`);
    const { run, baseDir } = await loadRunFile(required(flags, 'config', USAGE));
    const addresses = { inference: required(flags, 'inference', USAGE), executor: required(flags, 'executor', USAGE), trainer: required(flags, 'trainer', USAGE) };
    const stateDir = required(flags, 'state-dir', USAGE);
    const abort = new AbortController();
    const stop = (signal: string) => {
      io.stderr(`murphy coordinator: ${signal}: stopping after the current step\n`);
      abort.abort();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    const state = await asUserErrors(() =>
      serveCoordinator({
        run, baseDir, addresses, stateDir, metricsPort: flags.integer('metrics-port') ?? 9467, signal: abort.signal,
        progress: progressReporterFromEnv(process.env, () => new HttpKubeClient(loadKubeConfig())),
        onWaiting: (pending, elapsed) => io.stderr(`murphy coordinator: waiting for ${pending.join(', ')} (${Math.round(elapsed / 1000)} s)\n`),
        listener: {
          resumed: (s, note) => io.stderr(`murphy coordinator: resuming after step ${s.step}${note ? ` (${note})` : ''}\n`),
          stepFinished: (report, s) => io.stderr(`murphy coordinator: step ${s.step}/${s.totalSteps} pass rate ${report.turns.map((t) => t.passRate.toFixed(2)).join('/')}\n`),
        },
      }),
    );
    io.stderr(`murphy coordinator: ${state.step >= state.totalSteps ? 'finished' : 'stopped'} at step ${state.step}/${state.totalSteps}\n`);
    return 0;
  },
};
