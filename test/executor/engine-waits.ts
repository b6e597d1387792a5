// Waiting for an engine's state with a deadline instead of a fixed sleep: a loaded machine admits
// calls later than an idle one.
import type { Engine } from '../../src/executor/engine.js';

/** Waits until `engine` holds at least `running` runs and `queued` waiting ones (10 s at most). */
export async function engineOccupied(engine: Engine, running: number, queued = 0): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const stats = engine.stats();
    if (stats.running >= running && stats.queued >= queued) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the engine did not get ${running} running and ${queued} queued calls within 10 s`);
}
