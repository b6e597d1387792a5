// The murphy checkout or install this code runs from: the nearest folder above this module with
// murphy's package.json. `murphy run` finds its own binary and the Python environment there.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'murphy') return dir;
    if (dirname(dir) === dir) throw new Error(`no murphy package.json above ${from}`);
  }
}
