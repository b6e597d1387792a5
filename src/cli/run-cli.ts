// Dispatches argv to a subcommand and turns user errors into one line on stderr and exit code 1
// (or 2 for usage errors); only unexpected internal errors print a stack.
import { type Command, type CommandEntry, type CommandIO } from './command.js';
import { UsageError } from '../user-input/usage-error.js';
import { commands } from './commands/index.js';

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString('utf8');
}

export const processIO: CommandIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: () => readAll(process.stdin),
};

function helpText(list: readonly CommandEntry[]): string {
  const width = Math.max(...list.map((c) => c.name.length));
  const lines = list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `usage: murphy COMMAND [ARGS]\n\ncommands:\n${lines.join('\n')}\n\n"murphy COMMAND --help" shows a command's usage.\n`;
}

export async function runCli(argv: readonly string[], io: CommandIO = processIO, list: readonly CommandEntry[] = commands): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(helpText(list));
    return name === undefined ? 2 : 0;
  }
  const entry = list.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`murphy: unknown command "${name}"\n\n${helpText(list)}`);
    return 2;
  }
  const command = await entry.load();
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(`usage: ${command.usage}\n`);
    return 0;
  }
  return runCommand(command, args, io);
}

async function runCommand(command: Command, args: readonly string[], io: CommandIO): Promise<number> {
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`murphy ${command.name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
