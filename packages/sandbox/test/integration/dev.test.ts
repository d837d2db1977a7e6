import { randomUUID } from 'node:crypto';
import { FEISHU_EVENTS_QUEUE } from '@feishu-welcome/shared';
import { freePort, hasRedisServerBinary, spawnService, waitFor } from '@feishu-welcome/testing';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { redisAnswers } from '../../src/redis-answers.js';

const DEV = 'packages/sandbox/dist/dev.js';
const SENDER = 'packages/sandbox/dist/send-test-event.js';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts `pnpm dev`'s script and waits for its banner; returns the command line it printed. */
async function startDev(env: Record<string, string>) {
  const dev = spawnService(DEV, {
    LOG_LEVEL: 'warn',
    PORT: String(await freePort()),
    DASHBOARD_PORT: String(await freePort()),
    STAND_IN_PORT: String(await freePort()),
    METRICS_PORT: String(await freePort()),
    ...env,
  });
  const command = await waitFor(
    'pnpm dev to print how to send a test event',
    () => {
      if (dev.child.exitCode !== null) throw new Error(`pnpm dev exited:\n${dev.output()}`);
      return /send a test event/i.test(dev.output())
        ? /^.*\| +(INGRESS_URL=.*) pnpm send-test-event$/m.exec(dev.output())?.[1]
        : undefined;
    },
    { timeoutMs: 40_000, intervalMs: 100 },
  );
  const pids = [...dev.output().matchAll(/started \(pid (\d+)\)/g)].map((match) => Number(match[1]));
  return { dev, command, pids };
}

describe('pnpm dev', () => {
  const prefix = `test-${randomUUID()}`;
  afterEach(async () => {
    const queue = new Queue(FEISHU_EVENTS_QUEUE, { connection: { url: inject('redisUrl') }, prefix });
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('runs the whole pipeline, welcomes the test event it tells one to send, and stops it all on SIGTERM', async () => {
    const { dev, command, pids } = await startDev({ REDIS_URL: inject('redisUrl'), QUEUE_PREFIX: prefix });
    try {
      expect(dev.output()).toMatch(/webhook \(request URL\) +http:\/\/127\.0\.0\.1:\d+\/webhook\/event/);
      expect(dev.output()).toMatch(
        /dashboard +http:\/\/127\.0\.0\.1:\d+\/admin\/queues +login admin \/ admin/,
      );
      expect(pids).toHaveLength(4);

      // The printed command, as a person would paste it.
      const env = Object.fromEntries(
        command.split(' ').map((pair) => pair.split('=', 2) as [string, string]),
      );
      const sender = spawnService(SENDER, env);
      expect(await sender.exited(), sender.output()).toBe(0);
      expect(sender.output()).toContain('Hi Ada Lovelace');

      expect(await dev.kill('SIGTERM')).toBe(0);
      expect(pids.filter(isRunning)).toEqual([]);
    } finally {
      await dev.kill('SIGKILL');
    }
  });

  it.skipIf(!hasRedisServerBinary())(
    'starts a private redis-server when none answers at REDIS_URL, and stops it too',
    async () => {
      const { dev } = await startDev({
        REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
        QUEUE_PREFIX: prefix,
      });
      try {
        const privateUrl = /started a private redis-server at (redis:\/\/\S+)/.exec(dev.output())?.[1];
        expect(privateUrl).toBeDefined();
        expect(await redisAnswers(privateUrl!)).toBe(true);

        expect(await dev.kill('SIGTERM')).toBe(0);
        expect(await redisAnswers(privateUrl!, 500)).toBe(false);
      } finally {
        await dev.kill('SIGKILL');
      }
    },
  );
});
