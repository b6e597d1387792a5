// `murphy trees RUN_DIR [--out FILE]`: the run's rollout trees (trees.jsonl) as one self-contained
// HTML page. This file only reads and writes; src/trees/ turns records into the page.
import { stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pageModel } from '../../trees/page-model.js';
import { stepFiguresSchema, type StepFigures } from '../../trees/step-figures.js';
import { treeRecordSchema } from '../../trees/tree-record.js';
import { treesHtml } from '../../trees/trees-html.js';
import { parseFlags } from '../../user-input/flags.js';
import { UsageError } from '../../user-input/usage-error.js';
import { type Command, type CommandIO } from '../command.js';
import { progressOn } from '../progress.js';
import { readJsonl, type JsonlContents } from '../read-jsonl.js';

/** Malformed lines listed before "and N more": enough to see a pattern, short enough to read. */
const ERRORS_SHOWN = 10;

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

async function checkRunDir(dir: string): Promise<string> {
  const info = await stat(dir).catch(() => undefined);
  if (info === undefined) throw new UsageError(`${dir}: no such directory`);
  if (!info.isDirectory()) throw new UsageError(`${dir}: not a directory (give the run's directory, e.g. runs/local-coder)`);
  const trees = join(dir, 'trees.jsonl');
  if (!(await isFile(trees))) throw new UsageError(`${dir} has no trees.jsonl: not a run directory, or a run that has not finished a step yet`);
  return trees;
}

/** Writes one line per malformed line (the first few) and says whether there were any. */
function reportErrors(contents: JsonlContents<unknown>, io: CommandIO): boolean {
  for (const error of contents.errors.slice(0, ERRORS_SHOWN)) io.stderr(`${error}\n`);
  const more = contents.errors.length - ERRORS_SHOWN;
  if (more > 0) io.stderr(`and ${more} more malformed lines\n`);
  return contents.errors.length > 0;
}

async function readStepFigures(dir: string, io: CommandIO): Promise<StepFigures[] | undefined> {
  const file = join(dir, 'metrics.jsonl');
  if (!(await isFile(file))) return [];
  const contents = await readJsonl(file, file, stepFiguresSchema);
  return reportErrors(contents, io) ? undefined : contents.values;
}

export const treesCommand: Command = {
  name: 'trees',
  usage: 'murphy trees RUN_DIR [--out FILE]   (FILE defaults to RUN_DIR/trees.html)',
  async run(args, io) {
    const flags = parseFlags(args, { out: 'string' }, this.usage);
    const [dir, ...extra] = flags.positional;
    if (dir === undefined || extra.length > 0) throw new UsageError(`usage: ${this.usage}`);
    const treesFile = await checkRunDir(dir);
    const trees = await readJsonl(treesFile, treesFile, treeRecordSchema, progressOn(io, `reading ${treesFile}`));
    const figures = await readStepFigures(dir, io);
    if (reportErrors(trees, io) || figures === undefined) return 1;
    if (trees.values.length === 0) throw new UsageError(`${treesFile} has no trees yet: the run has not finished a step`);
    const out = flags.string('out') ?? join(dir, 'trees.html');
    const model = pageModel(basename(resolve(dir)), trees.values, figures);
    await writeFile(out, treesHtml(model)).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot write ${out}: ${error.code === 'ENOENT' ? 'no such directory' : error.message}`);
    });
    io.stdout(`${out}: ${model.trees.length} trees of ${model.steps.length} steps\n`);
    return 0;
  },
};
