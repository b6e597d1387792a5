import { describe, expect, it } from '@jest/globals';
import { UsageError } from './usage-error.js';
import { choice, parseFlags, required } from './flags.js';

const declared = { config: 'string', port: 'integer', verbose: 'boolean', dataset: 'strings' } as const;

describe('parseFlags', () => {
  it('reads --flag value, --flag=value, booleans and positional arguments', () => {
    const flags = parseFlags(['run.yaml', '--config', 'a.yaml', '--port=9467', '--verbose', 'more'], declared, 'usage');
    expect(flags.positional).toEqual(['run.yaml', 'more']);
    expect(flags.string('config')).toBe('a.yaml');
    expect(flags.integer('port')).toBe(9467);
    expect(flags.boolean('verbose')).toBe(true);
    expect(flags.string('absent')).toBeUndefined();
  });

  it('names the flag in every error', () => {
    expect(() => parseFlags(['--colour'], declared, 'u')).toThrow(new UsageError('unknown flag --colour; usage: u'));
    expect(() => parseFlags(['--config'], declared, 'u')).toThrow('--config needs a value');
    expect(() => parseFlags(['--port', 'x'], declared, 'u').integer('port')).toThrow('--port: expected a non-negative integer, got "x"');
    expect(() => parseFlags(['--port', ''], declared, 'u').integer('port')).toThrow('--port: expected a non-negative integer, got ""');
    expect(() => parseFlags(['--port=70000'], declared, 'u').integer('port', { max: 65535 })).toThrow('--port: expected an integer from 0 to 65535, got "70000"');
    expect(() => parseFlags(['--port=0'], declared, 'u').integer('port', { min: 1 })).toThrow('--port: expected an integer of at least 1, got "0"');
    expect(() => required(parseFlags([], declared, 'u'), 'config', 'u')).toThrow('--config is required');
  });

  it('keeps every value of a repeatable flag and the last of any other', () => {
    const flags = parseFlags(['--dataset', 'a.jsonl', '--config=x', '--dataset=builtin:mini', '--config', 'y'], declared, 'u');
    expect(flags.strings('dataset')).toEqual(['a.jsonl', 'builtin:mini']);
    expect(flags.string('config')).toBe('y');
    expect(flags.strings('absent')).toEqual([]);
  });

  it('takes a value that starts with a dash, and everything after -- as positional', () => {
    const flags = parseFlags(['--config', '-', '--', '--port', '7'], declared, 'u');
    expect(flags.string('config')).toBe('-');
    expect(flags.positional).toEqual(['--port', '7']);
    expect(flags.integer('port')).toBeUndefined();
  });

  it('refuses short flags it does not declare and values outside a choice', () => {
    expect(() => parseFlags(['-n', 'x'], declared, 'u')).toThrow(new UsageError('unknown flag -n; usage: u'));
    expect(() => choice(parseFlags(['--config', 'z'], declared, 'u'), 'config', ['a', 'b'], 'a')).toThrow('--config: expected one of a, b, got "z"');
    expect(choice(parseFlags([], declared, 'u'), 'config', ['a', 'b'], 'b')).toBe('b');
  });
});
