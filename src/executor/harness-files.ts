// The harness's Python files, copied into a private directory the programs cannot write to
// (root-owned, read-only): a program must not be able to change the judge of later runs.
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The harness source folder, next to this module in src/ or found from dist/. */
export function harnessSource(): string {
  const candidates = [new URL('./harness/', import.meta.url), new URL('../../../src/executor/harness/', import.meta.url)];
  for (const candidate of candidates) {
    const path = fileURLToPath(candidate);
    if (existsSync(join(path, 'zygote.py'))) return path;
  }
  throw new Error('executor harness not found: expected src/executor/harness/zygote.py beside the build');
}

export interface WorkArea {
  /** Root of this executor's files (0755, owned by the executor's user). */
  readonly root: string;
  readonly harnessDir: string;
  /** Where process-mode run directories go. */
  readonly workDir: string;
  remove(): void;
}

function setModes(path: string, dirMode: number, fileMode: number): void {
  chmodSync(path, dirMode | 0o200);
  for (const entry of readdirSync(path)) {
    const child = join(path, entry);
    if (statSync(child).isDirectory()) setModes(child, dirMode, fileMode);
    else chmodSync(child, fileMode);
  }
  chmodSync(path, dirMode);
}

export function prepareWorkArea(source = harnessSource()): WorkArea {
  const root = mkdtempSync(join(tmpdir(), 'murphy-executor-'));
  chmodSync(root, 0o755);
  const harnessDir = join(root, 'harness');
  cpSync(source, harnessDir, { recursive: true, filter: (path) => !path.includes('__pycache__') });
  setModes(harnessDir, 0o555, 0o444);
  const workDir = join(root, 'runs');
  mkdirSync(workDir, { mode: 0o755 });
  return {
    root,
    harnessDir,
    workDir,
    remove: () => {
      setModes(harnessDir, 0o755, 0o644);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
