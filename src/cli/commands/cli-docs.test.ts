// docs/cli.md must match the commands: one row per command, naming every flag its usage names
// (a row may end in "..." and leave the rest to the command's own page).
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { commands } from './index.js';

const doc = readFileSync(new URL('../../../docs/cli.md', import.meta.url), 'utf8');
const rows = new Map(doc.split('\n').filter((line) => line.startsWith('| ')).map((line) => [line.split('|')[1]?.trim(), line.replaceAll('\\|', '|')]));

describe('docs/cli.md', () => {
  it.each(commands.map((entry) => [entry.name, entry] as const))('documents murphy %s with all its flags', async (name, entry) => {
    const command = await entry.load();
    expect(command.name).toBe(name);
    const row = rows.get(name);
    expect(row).toBeDefined();
    const abbreviated = row?.includes('...`') ?? false;
    const missing = [...command.usage.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]).filter((flag) => !new RegExp(`${flag}\\b`).test(row ?? ''));
    expect(abbreviated ? [] : missing).toEqual([]);
  });
});
