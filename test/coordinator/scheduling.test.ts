// Scheduling against scripted gRPC services: no barrier between turns, bounded calls in flight.
import { afterEach, describe, expect, it } from '@jest/globals';
import { program, ScriptedServices } from './scripted-services.js';
import { runCoordinator, specOf } from './harness.js';

let services: ScriptedServices | null = null;
afterEach(async () => services?.stop());

describe('coordinator scheduling', () => {
  it('starts a child group as soon as its parent\'s feedback exists, while slower siblings still execute', async () => {
    services = await new ScriptedServices({
      policy: ({ turn, index }) => program('0000', turn === 1 && index === 0 ? 'slow = 1' : ''),
      executeLatencyOf: (code) => (code.includes('slow = 1') ? 400 : 5),
    }).start();
    await runCoordinator(services.address, specOf({ algorithm: { turns: 2, generations: [2, 2] }, training: { maxSteps: 1, promptsPerStep: 2 } }));
    const slow = services.executeCalls.filter((c) => c.request.code.includes('slow = 1'));
    const retries = services.generateCalls.filter((c) => c.request.prompts[0]!.messages.some((m) => m.content.includes('## Attempt 1')));
    expect(slow).toHaveLength(2);
    expect(retries).toHaveLength(4);
    const firstSlowEnd = Math.min(...slow.map((c) => c.end));
    const earlyRetries = retries.filter((c) => c.start < firstSlowEnd);
    expect(earlyRetries.length).toBe(2); // the fast siblings' child groups did not wait for the slow ones
  });

  it('keeps calls in flight within the limits and still completes every tree', async () => {
    services = await new ScriptedServices({ policy: () => program('0000'), latencyMs: { generate: 10, execute: 10 } }).start();
    const out = await runCoordinator(
      services.address,
      specOf({ algorithm: { turns: 2, generations: [4, 2] }, training: { maxSteps: 1, promptsPerStep: 3 } }),
      { limits: { generate: 1, execute: 2 } },
    );
    expect(services.inFlight.generate.max).toBe(1);
    expect(services.inFlight.execute.max).toBe(2);
    expect(out.trees.map((t) => t.nodes.length)).toEqual([12, 12, 12]);
  });

  it('uses the concurrency it is given: many executions at once when the limit allows', async () => {
    services = await new ScriptedServices({ policy: () => program('0000'), latencyMs: { execute: 50 } }).start();
    await runCoordinator(services.address, specOf({ algorithm: { turns: 1, generations: [8] }, training: { maxSteps: 1, promptsPerStep: 4 } }), {
      limits: { generate: 8, execute: 64 },
    });
    expect(services.inFlight.execute.max).toBeGreaterThanOrEqual(16);
  });
});
