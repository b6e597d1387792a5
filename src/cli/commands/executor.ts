// `murphy executor --port N --metrics-port M [--sandbox auto|bwrap|process] [--concurrency N]`:
// the gRPC executor. SIGTERM/SIGINT drain it: running and queued work finishes, new work is refused.
import { startExecutor } from '../../executor/server.js';
import type { SandboxChoice } from '../../executor/sandbox.js';
import { UsageError, type Command, type CommandIO } from '../command.js';
import { parseSandbox } from './exec.js';

export interface ExecutorFlags {
  readonly port: number;
  readonly metricsPort: number;
  readonly sandbox: SandboxChoice;
  readonly concurrency?: number;
  readonly host?: string;
}

function integer(flag: string, value: string | undefined, min: number): number {
  const parsed = Number(value);
  if (value === undefined || !Number.isInteger(parsed) || parsed < min || parsed > 65535) {
    throw new UsageError(`${flag}: expected an integer from ${min} to 65535, got ${value === undefined ? 'nothing' : `"${value}"`}`);
  }
  return parsed;
}

export function parseExecutorFlags(args: readonly string[]): ExecutorFlags {
  const values = new Map<string, string | undefined>();
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = (args[i] as string).split('=', 2) as [string, string | undefined];
    if (!['--port', '--metrics-port', '--sandbox', '--concurrency', '--host'].includes(flag)) {
      throw new UsageError(`unknown flag "${flag}"; usage: ${executorCommand.usage}`);
    }
    values.set(flag, inline ?? args[++i]);
  }
  const concurrency = values.has('--concurrency') ? integer('--concurrency', values.get('--concurrency'), 1) : undefined;
  const host = values.get('--host');
  return {
    port: integer('--port', values.get('--port') ?? '50051', 0),
    metricsPort: integer('--metrics-port', values.get('--metrics-port') ?? '9464', 0),
    sandbox: parseSandbox(values.get('--sandbox') ?? 'auto'),
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(host === undefined ? {} : { host }),
  };
}

export const executorCommand: Command = {
  name: 'executor',
  summary: 'serve the sandboxed executor over gRPC (murphy.v1.Executor)',
  usage: 'murphy executor [--port 50051] [--metrics-port 9464] [--sandbox auto|bwrap|process] [--concurrency N]',
  async run(args, io: CommandIO) {
    const flags = parseExecutorFlags(args);
    const executor = await startExecutor(flags);
    const stats = executor.engine.stats();
    io.stderr(`murphy executor: gRPC on :${executor.port}, metrics on :${executor.metricsPort}, sandbox ${executor.engine.sandbox}, ${stats.size} slots, queue ${stats.queueCapacity}\n`);
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
