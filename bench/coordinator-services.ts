// The fixed-latency gRPC services of the coordinator benchmark, in their own process so that the
// benchmark's CPU time is the coordinator's alone. Prints "ADDRESS host:port", serves until killed.
// Every completion fails every test: the trees grow to their full size (the worst case).
import { program, ScriptedServices } from '../test/coordinator/scripted-services.js';

const [generate, execute, train, sync, tokens] = process.argv.slice(2).map(Number) as [number, number, number, number, number];
const services = await new ScriptedServices({
  policy: () => program('0000'),
  tokens,
  latencyMs: { generate, execute, train, export: sync / 2, load: sync / 2, checkpoint: 0 },
}).start();
process.stdout.write(`ADDRESS ${services.address}\n`);
process.on('SIGTERM', () => {
  const used = process.cpuUsage();
  process.stderr.write(`fixed-latency services: own CPU ${((used.user + used.system) / 1000).toFixed(0)} ms\n`);
  void services.stop().then(() => process.exit(0));
});
