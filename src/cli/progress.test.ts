import { describe, expect, it } from '@jest/globals';
import { progressOn, whileRunning } from './progress.js';

describe('progressOn', () => {
  it('stays quiet at first, then reports every few seconds and once when done', () => {
    let now = 0;
    const lines: string[] = [];
    const progress = progressOn({ stderr: (text) => void lines.push(text) }, 'reading t.jsonl', { quietMs: 2000, everyMs: 2000, now: () => now });
    for (now = 0; now <= 5000; now += 500) progress.update(() => `at ${now}`);
    progress.done(() => 'all read');
    expect(lines).toEqual(['reading t.jsonl: at 2000\n', 'reading t.jsonl: at 4000\n', 'reading t.jsonl: all read in 5.5 s\n']);
  });

  it('prints nothing for a quick job', () => {
    const lines: string[] = [];
    const progress = progressOn({ stderr: (text) => void lines.push(text) }, 'x');
    progress.update(() => 'never');
    progress.done(() => 'never');
    expect(lines).toEqual([]);
  });

  it('reports on a long call that says nothing itself, and ends with a last line', async () => {
    let now = 0;
    const lines: string[] = [];
    const progress = progressOn({ stderr: (text) => void lines.push(text) }, 'murphy exec', { quietMs: 2000, everyMs: 2000, now: () => now });
    let finish: (value: string) => void = () => undefined;
    const work = new Promise<string>((resolve) => (finish = resolve));
    const running = whileRunning(progress, (seconds) => `running (${seconds} s)`, work, { now: () => now, tickMs: 5 });
    // Moves the clock on until two lines were printed, then lets the work end.
    while (lines.length < 2) {
      now += 1000;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    finish('result');
    expect(await running).toBe('result');
    expect(lines[0]).toMatch(/^murphy exec: running \([2-3] s\)\n$/);
    expect(lines.at(-1)).toMatch(/^murphy exec: done in \d+\.\d s\n$/);
  });
});
