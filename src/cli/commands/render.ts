// `murphy render FILE`: the children the operator would apply for each MurphyRun in FILE, as a YAML
// stream, built by the operator's own builders (for review and GitOps). ownerReferences are left
// out: they need the uid the API server gives the MurphyRun.
import { stringify } from 'yaml';
import { desiredChildren } from '../../../operator/builders/index.js';
import { resolveRuntimeClass } from '../../../operator/executor-runtime-class.js';
import { executorRuntimeClassOf, imageFlags, imagesOf } from '../../../operator/flags.js';
import { loadMurphyRuns } from '../../api/load.js';
import { type Command } from '../command.js';
import { UsageError } from '../../user-input/usage-error.js';
import { parseFlags } from '../../user-input/flags.js';
import { readInput } from '../read-input.js';


export const renderCommand: Command = {
  name: 'render',
  usage: 'murphy render FILE [--namespace NS] [--executor-image I] [--coordinator-image I] [--inference-image I] [--trainer-image I] [--executor-runtime-class auto|none|NAME]',
  async run(args, io) {
    const flags = parseFlags(args, { namespace: 'string', 'executor-runtime-class': 'string', ...imageFlags }, this.usage);
    const [file, ...extra] = flags.positional;
    if (file === undefined || extra.length > 0) throw new UsageError(`usage: ${this.usage}`);
    const result = loadMurphyRuns(await readInput(file, io));
    if (!result.ok) {
      for (const error of result.errors) io.stderr(`${file}: ${error.path}: ${error.message}\n`);
      return 1;
    }
    // Offline there is no cluster to ask: auto renders no RuntimeClass unless one is named.
    const executorRuntimeClass = resolveRuntimeClass(executorRuntimeClassOf(flags.string('executor-runtime-class'), process.env), () => false);
    const options = { images: imagesOf(flags, process.env), defaultNamespace: flags.string('namespace') ?? 'default', executorRuntimeClass };
    const objects = result.runs.flatMap((run) => desiredChildren(run, options));
    io.stdout(objects.map((object) => stringify(object)).join('---\n'));
    return 0;
  },
};
