import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { Port } from './env-types.js';
import { parseEnv } from './parse-env.js';

const Env = z.object({ SOME_PORT: Port(3000) });

function problemsOf(value: string): readonly string[] {
  try {
    parseEnv(Env, { SOME_PORT: value });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('Port', () => {
  it.each([
    ['1', 1],
    ['80', 80],
    ['9464', 9464],
    ['65535', 65_535],
  ])('reads %s as %i', (value, port) => {
    expect(parseEnv(Env, { SOME_PORT: value }).SOME_PORT).toBe(port);
  });

  it('falls back to its default when unset or empty', () => {
    expect(parseEnv(Env, {}).SOME_PORT).toBe(3000);
    expect(parseEnv(Env, { SOME_PORT: '' }).SOME_PORT).toBe(3000);
  });

  it.each([
    '0x10',
    '1e3',
    '3.5',
    ' 80',
    '80 ',
    '+80',
    '-1',
    '0',
    '080',
    '65536',
    '99999999999999999999',
    'eighty',
  ])('refuses %j, naming the key and not the value', (value) => {
    expect(problemsOf(value)).toEqual(['SOME_PORT: must be a port number: decimal digits, 1 to 65535']);
  });
});
