import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { RedisEnv, redisSettings } from './env-types.js';
import { parseEnv } from './parse-env.js';

const Env = z.object(RedisEnv).transform(redisSettings);

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    parseEnv(Env, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('RedisEnv', () => {
  it('is a single Redis by default, its BullMQ prefix QUEUE_PREFIX unchanged', () => {
    expect(parseEnv(Env, { QUEUE_PREFIX: 'app' })).toEqual({
      redisUrl: 'redis://127.0.0.1:6379',
      redisCluster: false,
      queuePrefix: 'app',
      keyPrefix: 'app',
    });
  });

  it('on a cluster, hash-tags the BullMQ prefix and leaves the prefix of the other keys as written', () => {
    expect(parseEnv(Env, { REDIS_CLUSTER: 'true', REDIS_URL: 'redis://node-1:7000' })).toEqual({
      redisUrl: 'redis://node-1:7000',
      redisCluster: true,
      queuePrefix: '{bull}',
      keyPrefix: 'bull',
    });
    expect(parseEnv(Env, { REDIS_CLUSTER: 'false' }).redisCluster).toBe(false);
  });

  it.each(['yes', '1', 'TRUE', 'on'])('refuses REDIS_CLUSTER=%s: only true or false', (value) => {
    expect(problemsOf({ REDIS_CLUSTER: value })).toEqual(['REDIS_CLUSTER: must be true or false']);
  });

  it('refuses a prefix with a hash tag of its own, saying the processes add it', () => {
    expect(problemsOf({ REDIS_CLUSTER: 'true', QUEUE_PREFIX: '{bull}' })).toEqual([
      'QUEUE_PREFIX: letters, digits, _ . - only (with REDIS_CLUSTER=true the processes add the {hash tag} themselves)',
    ]);
  });
});
