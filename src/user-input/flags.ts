// The one flag parser of every murphy command, on node:util parseArgs: `--name value` or
// `--name=value`, declared flags only, repeatable flags, integers checked (with an optional range),
// positional arguments kept in order, `--` ends the flags. parseArgs tokenizes; this file adds
// what it lacks: murphy's error messages (naming the flag, with the command's usage) and typed
// integer values.
import { parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';

/** `strings`: a string flag that may be given more than once (all values kept, in order). */
export type FlagKind = 'string' | 'strings' | 'integer' | 'boolean';

/** Inclusive bounds of an integer flag; min defaults to 0. */
export interface IntegerRange {
  readonly min?: number;
  readonly max?: number;
}

export interface ParsedFlags {
  readonly positional: string[];
  /** The value of a flag given once (the last one when given again). */
  string(name: string): string | undefined;
  /** Every value of a repeatable flag. */
  strings(name: string): string[];
  integer(name: string, range?: IntegerRange): number | undefined;
  boolean(name: string): boolean;
}

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/** parseArgs' tokens, leniently: unknown flags and missing values are reported below, in murphy's words. */
function tokensOf(args: readonly string[], declared: Readonly<Record<string, FlagKind>>): Token[] {
  const options = Object.fromEntries(Object.entries(declared).map(([name, kind]) => [name, { type: kind === 'boolean' ? 'boolean' : 'string' } as const]));
  return parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true }).tokens;
}

export function parseFlags(args: readonly string[], declared: Readonly<Record<string, FlagKind>>, usage: string): ParsedFlags {
  const values = new Map<string, string[]>();
  const positional: string[] = [];
  for (const token of tokensOf(args, declared)) {
    if (token.kind === 'positional') positional.push(token.value);
    if (token.kind !== 'option') continue;
    const kind = declared[token.name];
    if (kind === undefined) throw new UsageError(`unknown flag ${token.rawName}; usage: ${usage}`);
    const value = kind === 'boolean' ? (token.value ?? 'true') : token.value;
    if (value === undefined) throw new UsageError(`${token.rawName} needs a value; usage: ${usage}`);
    values.set(token.name, [...(values.get(token.name) ?? []), value]);
  }
  const last = (name: string) => values.get(name)?.at(-1);
  return {
    positional,
    string: last,
    strings: (name) => values.get(name) ?? [],
    integer: (name, range = {}) => {
      const value = last(name);
      return value === undefined ? undefined : parseInteger(name, value, range);
    },
    boolean: (name) => last(name) === 'true',
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

/** A flag whose value is one of `allowed`, else `fallback` when it is not given. */
export function choice<T extends string>(flags: ParsedFlags, name: string, allowed: readonly T[], fallback: T): T {
  const value = flags.string(name);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name}: expected one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}
