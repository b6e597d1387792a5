// Helpers of the dataset tests: a dataset spec with the defaults, and JSONL files written to a
// fresh temporary folder (plain or gzip).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { DatasetSpec } from './load-dataset.js';

export const spec = (source: string, extra: Partial<DatasetSpec> = {}): DatasetSpec => ({ source, format: 'auto', seed: 0, visibleTests: 2, ...extra });

/** Writes `records` as `name` in a new temporary folder and returns the folder. */
export function writeJsonl(name: string, records: unknown[], gzip = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'murphy-dataset-'));
  const text = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  writeFileSync(join(dir, name), gzip ? gzipSync(text) : text);
  return dir;
}
