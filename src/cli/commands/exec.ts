// `murphy exec [FILE] [--sandbox auto|bwrap|process] [--python PATH] [--pass-env NAME[,NAME]]`: run
// one program against its tests, JSON in (stdin without FILE), JSON out; the same engine (and the
// same interpreter and environment flags) as `murphy executor`. A program that runs for more than a
// few seconds (its tests' time limits allow minutes) gets a progress line on stderr now and then.
import { fieldErrorsFromZod } from '../../api/field-error.js';
import { Engine, type EngineOptions } from '../../executor/engine.js';
import { parsePassEnv } from '../../executor/program-env.js';
import { jobInputSchema, toJob } from '../../executor/job-input.js';
import { SANDBOX_CHOICES, type SandboxChoice } from '../../executor/sandbox.js';
import { type Command } from '../command.js';
import { UsageError } from '../../user-input/usage-error.js';
import { choice, parseFlags } from '../../user-input/flags.js';
import { progressOn, whileRunning } from '../progress.js';
import { parseJson, readInput } from '../read-input.js';

function parseExecArgs(args: readonly string[]): { file: string | undefined; engine: EngineOptions & { sandbox: SandboxChoice } } {
  const flags = parseFlags(args, { sandbox: 'string', python: 'string', 'pass-env': 'strings' }, execCommand.usage);
  const [file, extra] = flags.positional;
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"; usage: ${execCommand.usage}`);
  const python = flags.string('python');
  const engine = { sandbox: choice(flags, 'sandbox', SANDBOX_CHOICES, 'auto'), passEnv: parsePassEnv(flags.strings('pass-env')), ...(python === undefined ? {} : { python }) };
  return { file, engine };
}

export const execCommand: Command = {
  name: 'exec',
  usage: 'murphy exec [FILE] [--sandbox auto|bwrap|process] [--python PATH] [--pass-env NAME[,NAME]]   (reads stdin without FILE)',
  async run(args, io) {
    const { file, engine: options } = parseExecArgs(args);
    const source = file ?? 'stdin';
    const parsed = jobInputSchema.safeParse(parseJson(await readInput(file, io), source), { reportInput: true });
    if (!parsed.success) {
      for (const error of fieldErrorsFromZod(parsed.error)) io.stderr(`${source}: ${error.path}: ${error.message}\n`);
      return 1;
    }
    const engine = await Engine.start({ ...options, concurrency: 1, queueCapacity: 0 });
    for (const warning of engine.warnings) io.stderr(`murphy exec: warning: ${warning}\n`);
    try {
      const job = toJob(parsed.data);
      const tests = parsed.data.tests.length;
      const progress = progressOn(io, 'murphy exec');
      const result = await whileRunning(progress, (seconds) => `running the program against ${tests} test${tests === 1 ? '' : 's'} (${seconds} s)`, engine.execute(job));
      io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    } finally {
      await engine.close();
    }
  },
};
