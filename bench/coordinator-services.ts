// The fixed-latency gRPC services of the coordinator benchmark, in their own process so that the
// benchmark's CPU time is the coordinator's alone. Prints "ADDRESS host:port", serves until killed.
// Every completion fails every test: the trees grow to their full size (the worst case). A weight
// load takes `sync / 2`; staging the weights takes 90% of that beside the Generate calls, and the
// load of staged weights the remaining 10% (the copy into the served weights; reading and checking
// the files is what staging does ahead).
import { program, ScriptedServices } from '../test/coordinator/scripted-services.js';

/** The part of a weight load that staging does ahead. */
const STAGED_FRACTION = 0.9;
const [generate, execute, train, sync, tokens] = process.argv.slice(2).map(Number) as [number, number, number, number, number];
const services = await new ScriptedServices({
  policy: () => program('0000'),
  tokens,
  latencyMs: { generate, execute, train, export: sync / 2, load: sync / 2, stage: (sync / 2) * STAGED_FRACTION, swap: (sync / 2) * (1 - STAGED_FRACTION), checkpoint: 0 },
}).start();
process.stdout.write(`ADDRESS ${services.address}\n`);
process.on('SIGTERM', () => {
  const used = process.cpuUsage();
  process.stderr.write(`fixed-latency services: own CPU ${((used.user + used.system) / 1000).toFixed(0)} ms\n`);
  void services.stop().then(() => process.exit(0));
});
