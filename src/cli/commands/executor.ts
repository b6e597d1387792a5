// `murphy executor --port N --metrics-port M [--sandbox auto|bwrap|process] [--concurrency N]
// [--python PATH] [--pass-env NAME[,NAME]]`: the gRPC executor. SIGTERM/SIGINT drain it: running and queued work finishes, new work is refused.
import { startExecutor } from '../../executor/server.js';
import { SANDBOX_CHOICES, type SandboxChoice } from '../../executor/sandbox.js';
import { type Command, type CommandIO } from '../command.js';
import { UsageError } from '../../user-input/usage-error.js';
import { choice, parseFlags } from '../../user-input/flags.js';
import { parsePassEnv } from '../../executor/program-env.js';

export interface ExecutorFlags {
  readonly port: number;
  readonly metricsPort: number;
  readonly sandbox: SandboxChoice;
  readonly concurrency?: number;
  readonly host?: string;
  /** The interpreter that runs programs (default: MURPHY_PYTHON, else python3 on PATH). */
  readonly python?: string;
  /** Variables of this process's environment that programs get too. */
  readonly passEnv: readonly string[];
}

const PORT = { max: 65535 };

export function parseExecutorFlags(args: readonly string[]): ExecutorFlags {
  const usage = executorCommand.usage;
  const flags = parseFlags(args, { port: 'integer', 'metrics-port': 'integer', sandbox: 'string', concurrency: 'integer', host: 'string', python: 'string', 'pass-env': 'strings' }, usage);
  if (flags.positional.length > 0) throw new UsageError(`unexpected argument "${flags.positional[0]}"; usage: ${usage}`);
  const concurrency = flags.integer('concurrency', { min: 1, max: 1024 });
  const host = flags.string('host');
  const python = flags.string('python');
  return {
    port: flags.integer('port', PORT) ?? 50051,
    metricsPort: flags.integer('metrics-port', PORT) ?? 9464,
    sandbox: choice(flags, 'sandbox', SANDBOX_CHOICES, 'auto'),
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(host === undefined ? {} : { host }),
    ...(python === undefined ? {} : { python }),
    passEnv: parsePassEnv(flags.strings('pass-env')),
  };
}

export const executorCommand: Command = {
  name: 'executor',
  usage: 'murphy executor [--port 50051] [--metrics-port 9464] [--sandbox auto|bwrap|process] [--concurrency N] [--host ADDRESS] [--python PATH] [--pass-env NAME[,NAME]]',
  async run(args, io: CommandIO) {
    const flags = parseExecutorFlags(args);
    const executor = await startExecutor(flags);
    const stats = executor.engine.stats();
    const { landlock } = executor.engine.confinement;
    io.stderr(`murphy executor: gRPC on :${executor.port}, metrics on :${executor.metricsPort}, sandbox ${executor.engine.sandbox} (seccomp, landlock ${landlock ? `ABI ${landlock}` : 'none'}), ${stats.size} slots, queue ${stats.queueCapacity}\n`);
    for (const warning of executor.engine.warnings) io.stderr(`murphy executor: warning: ${warning}\n`);
    await new Promise<void>((resolve) => {
      const stop = (signal: string): void => {
        io.stderr(`murphy executor: ${signal}: draining\n`);
        executor.stop().then(resolve, resolve);
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
    io.stderr('murphy executor: stopped\n');
    return 0;
  },
};
