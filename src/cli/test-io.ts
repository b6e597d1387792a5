// An in-memory CommandIO for running `murphy` commands inside tests.
import type { CommandIO } from './command.js';

export interface CapturedIO extends CommandIO {
  readonly out: () => string;
  readonly err: () => string;
}

export function captureIO(stdin = ''): CapturedIO {
  let out = '';
  let err = '';
  return {
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    readStdin: () => Promise.resolve(stdin),
    out: () => out,
    err: () => err,
  };
}
