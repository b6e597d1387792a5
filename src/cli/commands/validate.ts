// `murphy validate FILE`: the MurphyRun with every default applied, or one line per bad field.
import { stringify } from 'yaml';
import { loadMurphyRuns } from '../../api/load.js';
import { type Command } from '../command.js';
import { UsageError } from '../../user-input/usage-error.js';
import { readInput } from '../read-input.js';

export const validateCommand: Command = {
  name: 'validate',
  usage: 'murphy validate FILE   (FILE "-" reads stdin)',
  async run(args, io) {
    const [file, ...extra] = args;
    if (file === undefined || extra.length > 0) throw new UsageError(`usage: ${this.usage}`);
    const result = loadMurphyRuns(await readInput(file, io));
    if (!result.ok) {
      for (const error of result.errors) io.stderr(`${file}: ${error.path}: ${error.message}\n`);
      return 1;
    }
    io.stdout(result.runs.map((run) => stringify(run)).join('---\n'));
    return 0;
  },
};
