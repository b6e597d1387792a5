// murphy's flag parser: `--name value` or `--name=value`, declared flags only, integers checked
// (with an optional range), positional arguments kept in order.
import { UsageError } from './command.js';

export type FlagKind = 'string' | 'integer' | 'boolean';

/** Inclusive bounds of an integer flag; min defaults to 0. */
export interface IntegerRange {
  readonly min?: number;
  readonly max?: number;
}

export interface ParsedFlags {
  readonly positional: string[];
  string(name: string): string | undefined;
  integer(name: string, range?: IntegerRange): number | undefined;
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
    integer: (name, range = {}) => {
      const value = values.get(name);
      return value === undefined ? undefined : parseInteger(name, value, range);
    },
    boolean: (name) => values.get(name) === 'true',
  };
}

function parseInteger(name: string, value: string, { min = 0, max }: IntegerRange): number {
  const parsed = Number(value);
  if (value.trim() !== '' && Number.isInteger(parsed) && parsed >= min && (max === undefined || parsed <= max)) return parsed;
  const expected = max !== undefined ? `an integer from ${min} to ${max}` : min === 0 ? 'a non-negative integer' : `an integer of at least ${min}`;
  throw new UsageError(`--${name}: expected ${expected}, got "${value}"`);
}

/** A required flag's value, or a usage error naming it. */
export function required(flags: ParsedFlags, name: string, usage: string): string {
  const value = flags.string(name);
  if (value === undefined || value === '') throw new UsageError(`--${name} is required; usage: ${usage}`);
  return value;
}
