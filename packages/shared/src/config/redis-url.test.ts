import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { RedisUrl } from './env-types.js';
import { parseEnv } from './parse-env.js';

const Env = z.object({ REDIS_URL: RedisUrl });

const parse = (url: string) => () => parseEnv(Env, { REDIS_URL: url });
const refusedWith = (problem: string) => expect.objectContaining({ problems: [problem] }) as unknown as Error;

const ENCODE =
  'REDIS_URL: must have its user name and password percent-encoded (@ / # ? % as %40 %2F %23 %3F %25)';

describe('RedisUrl', () => {
  it.each([
    'redis://127.0.0.1:6379',
    'rediss://app:s3cret@redis.example.com:6380',
    `rediss://app:${encodeURIComponent('p@ss/w#rd?100%\\')}@redis.example.com:6380/2`,
    "rediss://default:a~b!c$d&e'f(g)h*i+j,k;l=m:n@[::1]:6380",
  ])('takes %s', (url) => {
    expect(parse(url)).not.toThrow();
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
    expect(parse(url)).toThrow(refusedWith(ENCODE));
  });

  it('says only that it is no Redis URL when it is none', () => {
    const notRedis = refusedWith('REDIS_URL: must be a redis:// or rediss:// URL');
    expect(parse('http://user:pw@host')).toThrow(notRedis);
    expect(parse('redis://a b')).toThrow(notRedis);
  });
});
