// Appends JSON records, one per line, to a file (created with its directory on first use).
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export class JsonlFile {
  private ready: Promise<unknown> | null = null;

  constructor(readonly path: string) {}

  async append(records: readonly unknown[]): Promise<void> {
    if (records.length === 0) return;
    this.ready ??= mkdir(dirname(this.path), { recursive: true });
    await this.ready;
    await appendFile(this.path, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  }
}
