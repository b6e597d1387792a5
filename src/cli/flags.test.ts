import { describe, expect, it } from '@jest/globals';
import { UsageError } from './command.js';
import { parseFlags, required } from './flags.js';

const declared = { config: 'string', port: 'integer', verbose: 'boolean' } as const;

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
});
