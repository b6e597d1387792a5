import { describe, expect, it } from '@jest/globals';
import { progressOn } from './progress.js';

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
});
