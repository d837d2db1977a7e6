import { describe, expect, it } from 'vitest';
import { leastSafe, probeRedisPersistence, type RedisCommander } from './probe-redis-persistence.js';

/** A Redis that answers CONFIG GET and INFO from the given values, or refuses them. */
function fakeRedis(answers: {
  config?: Record<string, string> | Error;
  info?: string | Error;
}): RedisCommander {
  return {
    call(command, ...args) {
      const answer = command === 'CONFIG' ? answers.config : answers.info;
      if (answer === undefined) return Promise.reject(refusal(`ERR unknown command '${command}'`));
      if (answer instanceof Error) return Promise.reject(answer);
      if (typeof answer === 'string') return Promise.resolve(answer);
      const key = args[1] ?? '';
      return Promise.resolve(key in answer ? [key, answer[key]] : []);
    },
  };
}

/** What ioredis rejects with when Redis answers with an error. */
const refusal = (message: string): Error => Object.assign(new Error(message), { name: 'ReplyError' });

const NOPERM = refusal("NOPERM User default has no permissions to run the 'config|get' command");

describe('probeRedisPersistence', () => {
  it.each([
    [{ appendonly: 'yes', save: '' }, 'aof'],
    [{ appendonly: 'yes', save: '3600 1' }, 'aof'],
    [{ appendonly: 'no', save: '3600 1 300 100' }, 'rdb'],
    [{ appendonly: 'no', save: '' }, 'none'],
    [{ appendonly: 'no', save: '  ' }, 'none'],
  ])('reads %o from CONFIG as %s', async (config, expected) => {
    expect(await probeRedisPersistence(fakeRedis({ config, info: 'aof_enabled:0' }))).toBe(expected);
  });

  it('falls back to INFO persistence when CONFIG is refused', async () => {
    const info = '# Persistence\r\nloading:0\r\naof_enabled:1\r\naof_rewrite_in_progress:0\r\n';
    expect(await probeRedisPersistence(fakeRedis({ config: NOPERM, info }))).toBe('aof');
  });

  it('cannot tell snapshots from nothing through INFO: unknown', async () => {
    const info = '# Persistence\r\nloading:0\r\naof_enabled:0\r\n';
    expect(await probeRedisPersistence(fakeRedis({ config: NOPERM, info }))).toBe('unknown');
  });

  it('is unknown when CONFIG answers without a value and INFO is refused', async () => {
    expect(await probeRedisPersistence(fakeRedis({ config: {}, info: NOPERM }))).toBe('unknown');
  });

  it('is unknown when both CONFIG and INFO are refused', async () => {
    expect(await probeRedisPersistence(fakeRedis({}))).toBe('unknown');
  });

  it('rejects, rather than guess, when the connection fails while asking', async () => {
    const lost = new Error("Stream isn't writeable and enableOfflineQueue options is false");
    await expect(probeRedisPersistence(fakeRedis({ config: lost, info: lost }))).rejects.toBe(lost);
  });
});

describe('leastSafe', () => {
  it.each([
    [['aof', 'aof', 'aof'], 'aof'],
    [['aof', 'rdb', 'aof'], 'rdb'],
    [['aof', 'unknown', 'rdb'], 'rdb'],
    [['aof', 'unknown'], 'unknown'],
    [['rdb', 'none', 'aof'], 'none'],
    [[], 'unknown'],
  ] as const)('reads a cluster whose masters keep %j as %s', (states, expected) => {
    expect(leastSafe(states)).toBe(expected);
  });
});
