// A small flag parser for murphy's long-running commands: `--name value` or `--name=value`,
// declared flags only, integers checked, positional arguments kept in order.
import { UsageError } from '../cli/command.js';

export type FlagKind = 'string' | 'integer' | 'boolean';

export interface ParsedFlags {
  readonly positional: string[];
  string(name: string): string | undefined;
  integer(name: string): number | undefined;
  boolean(name: string): boolean;
}

export function parseFlags(args: readonly string[], declared: Readonly<Record<string, FlagKind>>, usage: string): ParsedFlags {
  const values = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const kind = declared[name];
    if (kind === undefined) throw new UsageError(`unknown flag --${name}; usage: ${usage}`);
    const value = kind === 'boolean' ? (inline ?? 'true') : (inline ?? args[++i]);
    if (value === undefined) throw new UsageError(`--${name} needs a value; usage: ${usage}`);
    values.set(name, value);
  }
  return {
    positional,
    string: (name) => values.get(name),
    integer: (name) => {
      const value = values.get(name);
      if (value === undefined) return undefined;
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < 0) throw new UsageError(`--${name}: expected a non-negative integer, got "${value}"`);
      return parsed;
    },
    boolean: (name) => values.get(name) === 'true',
  };
}

/** A required flag's value, or a usage error naming it. */
export function required(flags: ParsedFlags, name: string, usage: string): string {
  const value = flags.string(name);
  if (value === undefined || value === '') throw new UsageError(`--${name} is required; usage: ${usage}`);
  return value;
}
