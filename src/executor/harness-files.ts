// The harness's Python files, where programs cannot write to them: a program must not be able to
// change the judge of later runs. A harness owned by root and writable only by root (the image's
// /app/src/executor/harness) is used in place when the executor is not root; otherwise it is copied
// into a private, read-only directory (root-owned when the executor is root).
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

/** Whether every file and folder under `path` is root's and writable by root only. */
export function rootOwnedReadOnly(path: string): boolean {
  const stat = statSync(path);
  if (stat.uid !== 0 || (stat.mode & 0o022) !== 0) return false;
  return !stat.isDirectory() || readdirSync(path).every((entry) => rootOwnedReadOnly(join(path, entry)));
}

export function prepareWorkArea(source = harnessSource()): WorkArea {
  const root = mkdtempSync(join(tmpdir(), 'murphy-executor-'));
  chmodSync(root, 0o755);
  const inPlace = process.getuid?.() !== 0 && rootOwnedReadOnly(source);
  const harnessDir = inPlace ? source : join(root, 'harness');
  if (!inPlace) {
    cpSync(source, harnessDir, { recursive: true, filter: (path) => !path.includes('__pycache__') });
    setModes(harnessDir, 0o555, 0o444);
  }
  const workDir = join(root, 'runs');
  mkdirSync(workDir, { mode: 0o755 });
  return {
    root,
    harnessDir,
    workDir,
    remove: () => {
      if (!inPlace) setModes(harnessDir, 0o755, 0o644);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
