// `murphy run FILE [--runs-dir runs]`: the whole MURPHY loop on this machine. Starts the executor,
// inference and trainer as child processes, runs the coordinator, and leaves everything in
// runs/<name>/. Ctrl-C stops all services at once; running the same file again resumes.
import { loadRunFile } from '../../run/load-run-file.js';
import { parseFlags } from '../../user-input/flags.js';
import { ProgressDisplay } from '../../run/progress-display.js';
import { Interrupted, runLocal } from '../../run/run-local.js';
import { asUserErrors } from '../../run/user-errors.js';
import { type Command } from '../command.js';
import { UsageError } from '../../user-input/usage-error.js';

const USAGE = 'murphy run FILE [--runs-dir runs]';

export const runCommand: Command = {
  name: 'run',
  usage: USAGE,
  async run(args, io) {
    const flags = parseFlags(args, { 'runs-dir': 'string' }, USAGE);
    const [file, ...extra] = flags.positional;
    if (file === undefined || extra.length > 0) throw new UsageError(`usage: ${USAGE}`);
    const runFile = await loadRunFile(file);
    const display = new ProgressDisplay({ write: io.stdout, isTTY: process.stdout.isTTY === true });
    const interrupt = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => {
      display.message(`${signal}: stopping all services; run the same command again to resume`);
      interrupt.abort();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    process.once('SIGHUP', onSignal);
    try {
      const state = await asUserErrors(() => runLocal({ runFile, runsDir: flags.string('runs-dir') ?? 'runs', display, env: process.env, interrupt: interrupt.signal }));
      display.message(`${runFile.run.metadata.name}: finished ${state.step}/${state.totalSteps} steps; results in ${flags.string('runs-dir') ?? 'runs'}/${runFile.run.metadata.name}/`);
      return 0;
    } catch (error) {
      if (!(error instanceof Interrupted)) throw error;
      // Calls to the stopped services may still be retrying: leave now, the state is on disk.
      process.exit(130);
    }
  },
};
