import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { RedisUrl } from './env-types.js';
import { parseEnv } from './parse-env.js';

const Env = z.object({ REDIS_URL: RedisUrl });

function problemsOf(value: string): readonly string[] {
  try {
    parseEnv(Env, { REDIS_URL: value });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const ENCODE =
  'REDIS_URL: must have its user name and password percent-encoded (@ / # ? % as %40 %2F %23 %3F %25)';

describe('RedisUrl', () => {
  it.each([
    'redis://127.0.0.1:6379',
    'rediss://app:s3cret@redis.example.com:6380',
    `rediss://app:${encodeURIComponent('p@ss/w#rd?100%\\')}@redis.example.com:6380/2`,
    "rediss://default:a~b!c$d&e'f(g)h*i+j,k;l=m:n@[::1]:6380",
  ])('takes %s', (url) => {
    expect(problemsOf(url)).toEqual([]);
  });

  // Each of these ioredis would read another way than meant, or print in Node's DEP0170 warning.
  it.each([
    'rediss://app:p@ss@redis.example.com:6380',
    'rediss://app:p/ss@redis.example.com:6380',
    'rediss://app:12/ss@redis.example.com:6380',
    'rediss://app:p#ss@redis.example.com:6380',
    'rediss://app:p?ss@redis.example.com:6380',
    'rediss://app:p\\ss@redis.example.com:6380',
    'rediss://app:100%@redis.example.com:6380',
    'rediss://app:p"s<s>@redis.example.com:6380',
  ])('refuses %s, asking for percent-encoding without printing it', (url) => {
    expect(problemsOf(url)).toEqual([ENCODE]);
  });

  it('says only that it is no Redis URL when it is none', () => {
    expect(problemsOf('http://user:pw@host')).toEqual(['REDIS_URL: must be a redis:// or rediss:// URL']);
    expect(problemsOf('redis://a b')).toEqual(['REDIS_URL: must be a redis:// or rediss:// URL']);
  });
});
