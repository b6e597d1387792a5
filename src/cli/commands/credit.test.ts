import { describe, expect, it } from '@jest/globals';
import { runCli } from '../run-cli.js';
import { captureIO } from '../test-io.js';
import { syntheticTree } from '../../algorithm/synthetic-trees.js';

const trees = [syntheticTree('q0', [8, 8], (turn, path) => (turn === 1 ? 0 : (path[1] ?? 0) / 7))];

async function credit(input: unknown) {
  const io = captureIO(typeof input === 'string' ? input : JSON.stringify(input));
  const code = await runCli(['credit'], io);
  return { code, out: io.out(), err: io.err() };
}

describe('murphy credit', () => {
  it('prints updates and one entry per input node', async () => {
    const { code, out } = await credit({ config: { turns: 2, pruning: { strategy: 'inter', budgets: [null, 4] } }, trees });
    expect(code).toBe(0);
    const result = JSON.parse(out) as { updates: number; nodes: { id: string; kept: boolean; credited: number | null; advantage: number | null }[] };
    expect(result.updates).toBe(40);
    expect(result.nodes).toHaveLength(72);
    const pruned = result.nodes.filter((n) => !n.kept);
    expect(pruned).toHaveLength(32);
    expect(pruned.every((n) => n.credited === null && n.advantage === null)).toBe(true);
  });

  it('explains invalid input with the field path and exit code 1', async () => {
    const bad = await credit({ config: { turns: 2, credit: { strategy: 'MAX' } }, trees: [{ id: 'q', children: [{ id: 'a', reward: 'high' }] }] });
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('stdin: config.credit.strategy: expected one of "MARS", "MERS"');
    expect(bad.err).toContain('stdin: trees[0].children[0].reward: expected number, got string "high"');
  });

  it('rejects malformed JSON, empty input and budgets of the wrong length', async () => {
    expect((await credit('{"config":')).err).toMatch(/^murphy credit: stdin is not valid JSON/);
    expect((await credit('')).err).toMatch(/stdin is empty/);
    const wrong = await credit({ config: { turns: 2, pruning: { strategy: 'intra', budgets: [4] } }, trees });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('config.pruning.budgets: must have one entry per turn (2), got 1');
  });

  it('rejects trees deeper than the configured turns', async () => {
    const result = await credit({ config: { turns: 1 }, trees });
    expect(result.code).toBe(1);
    expect(result.err).toContain('tree q0 has 2 turns but the configuration allows 1');
  });
});
