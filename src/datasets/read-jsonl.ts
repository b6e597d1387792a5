// Reads JSON Lines, plain or gzip-compressed (detected from the bytes, not the file name).
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { DatasetError } from './dataset-error.js';

export interface JsonlRecord {
  /** 1-based line number in the (decompressed) file, for error messages. */
  readonly line: number;
  readonly value: unknown;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export function parseJsonl(text: string, source: string): JsonlRecord[] {
  const records: JsonlRecord[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    try {
      records.push({ line: index + 1, value: JSON.parse(line) as unknown });
    } catch (error) {
      throw new DatasetError(`${source}:${index + 1}: is not valid JSON (${(error as Error).message}); expected one JSON object per line`);
    }
  });
  return records;
}

export async function readJsonl(path: string): Promise<JsonlRecord[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DatasetError(`dataset ${path}: ${code === 'ENOENT' ? 'no such file; check spec.dataset.source' : (error as Error).message}`);
  }
  const text = isGzip(bytes) ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  return parseJsonl(text, path);
}
