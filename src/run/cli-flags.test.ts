import { describe, expect, it } from '@jest/globals';
import { UsageError } from '../cli/command.js';
import { parseFlags, required } from './cli-flags.js';

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
    expect(() => required(parseFlags([], declared, 'u'), 'config', 'u')).toThrow('--config is required');
  });
});
