import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { redisAnswers } from '@feishu-welcome/dev-kit';
import { FEISHU_EVENTS_QUEUE } from '@feishu-welcome/shared';
import {
  freePort,
  hasRedisServerBinary,
  spawnService,
  startTlsRedisServer,
  waitFor,
  type TlsRedisServer,
  startRedisCluster,
} from '@feishu-welcome/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';

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

/** `pnpm dev`'s script on free ports, with `env` and nothing else (no REDIS_URL unless given). */
async function spawnDev(env: Record<string, string>) {
  return spawnService(DEV, {
    LOG_LEVEL: 'warn',
    PORT: String(await freePort()),
    DASHBOARD_PORT: String(await freePort()),
    STAND_IN_PORT: String(await freePort()),
    METRICS_PORT: String(await freePort()),
    ...env,
  });
}

/**
 * The printed command's variables, as a shell would read them: `NAME="$OTHER"` takes OTHER from
 * `shell`, the environment `pnpm dev` ran in.
 */
function commandEnv(command: string, shell: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    command.split(' ').map((pair) => {
      const [name, value] = pair.split('=', 2) as [string, string];
      const reference = /^"\$([A-Z_]+)"$/.exec(value)?.[1];
      return [name, reference === undefined ? value : (shell[reference] ?? '')];
    }),
  );
}

/** Starts `pnpm dev`'s script and waits for its banner; returns the command line it printed. */
async function startDev(env: Record<string, string>) {
  const dev = await spawnDev(env);
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
    const shell = { REDIS_URL: inject('redisUrl'), QUEUE_PREFIX: prefix };
    const { dev, command, pids } = await startDev(shell);
    try {
      expect(dev.output()).toMatch(/webhook \(request URL\) +http:\/\/127\.0\.0\.1:\d+\/webhook\/event/);
      expect(dev.output()).toMatch(
        /dashboard +http:\/\/127\.0\.0\.1:\d+\/admin\/queues +login admin \/ admin/,
      );
      expect(pids).toHaveLength(4);

      expect(dev.output()).toMatch(/using the Redis at REDIS_URL/);
      // The printed command, as a person would paste it.
      const sender = spawnService(SENDER, commandEnv(command, shell));
      expect(await sender.exited(), sender.output()).toBe(0);
      expect(sender.output()).toContain('Hi Ada Lovelace');

      expect(await dev.kill('SIGTERM')).toBe(0);
      expect(pids.filter(isRunning)).toEqual([]);
    } finally {
      await dev.kill('SIGKILL');
    }
  });

  it.skipIf(!hasRedisServerBinary())(
    'with REDIS_URL unset starts a private redis-server that keeps an append-only file, and stops it too',
    async () => {
      // REDIS_CLUSTER is about a Redis of one's own: the private one is a single Redis whatever it says.
      const { dev, command } = await startDev({ QUEUE_PREFIX: prefix, REDIS_CLUSTER: 'true' });
      try {
        expect(dev.output()).toMatch(
          /REDIS_CLUSTER=true is ignored: the private redis-server is a single Redis/,
        );
        expect(command).not.toMatch(/REDIS_CLUSTER/);
        const [, privateUrl, dataDir] =
          /started a private redis-server at (redis:\/\/\S+) \(append-only file in (\S+)\)/.exec(
            dev.output(),
          ) ?? [];
        expect(privateUrl, dev.output()).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
        expect(dataDir?.startsWith(tmpdir())).toBe(true);

        const client = new Redis(privateUrl!);
        try {
          expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
          expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
          expect(await client.config('GET', 'dir')).toEqual(['dir', dataDir]);
        } finally {
          client.disconnect();
        }

        // The printed command reads the private Redis too: a failure is reported from the job.
        const sender = spawnService(SENDER, commandEnv(command, {}), ['--fault', 'permanent']);
        expect(await sender.exited()).toBe(1);
        expect(sender.output()).toMatch(/failed after 1 attempt\(s\): Feishu permanent failure: code 230053/);

        expect(await dev.kill('SIGTERM')).toBe(0);
        expect(await redisAnswers(privateUrl!, 500)).toBe(false);
        expect(existsSync(dataDir!)).toBe(false);
      } finally {
        await dev.kill('SIGKILL');
      }
    },
  );

  it('with REDIS_URL a node of a Redis Cluster and REDIS_CLUSTER=true, runs everything in cluster mode', async () => {
    const cluster = await startRedisCluster();
    const shell = { REDIS_URL: cluster.url, REDIS_CLUSTER: 'true', QUEUE_PREFIX: prefix };
    try {
      const { dev, command } = await startDev(shell);
      try {
        expect(dev.output()).toMatch(/using the Redis Cluster \(REDIS_CLUSTER=true\) at REDIS_URL/);
        // The printed command reads the cluster too: a failure is reported from the job.
        expect(command).toMatch(/ REDIS_CLUSTER=true /);
        const sender = spawnService(SENDER, commandEnv(command, shell), ['--fault', 'permanent']);
        expect(await sender.exited(), sender.output()).toBe(1);
        expect(sender.output()).toMatch(/failed after 1 attempt\(s\): Feishu permanent failure: code 230053/);
        expect(await dev.kill('SIGTERM')).toBe(0);
      } finally {
        await dev.kill('SIGKILL');
      }
    } finally {
      await cluster.stop();
    }
  });

  it('stops at once, naming REDIS_URL, when REDIS_URL is set and nothing answers there', async () => {
    const dev = await spawnDev({ REDIS_URL: `redis://:pw-not-shown@127.0.0.1:${await freePort()}` });
    expect(await dev.exited()).toBe(1);
    expect(dev.output()).toMatch(/no Redis answers at REDIS_URL \(redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\)/);
    expect(dev.output()).not.toMatch(/pw-not-shown|started \(pid|private redis-server/);
  });
});

describe('pnpm dev with a managed-style REDIS_URL: TLS and an ACL password', () => {
  const password = 'dev/p@ss:word#5';
  let redis: TlsRedisServer;
  beforeAll(async () => {
    redis = await startTlsRedisServer({ password });
  });
  afterAll(async () => {
    await redis.dispose();
  });

  it('runs, and the printed command sends and reads the job, never printing the password', async () => {
    // The shell of someone whose Redis has a private CA: it trusts it for every Node process.
    const shell = { REDIS_URL: redis.url, NODE_EXTRA_CA_CERTS: redis.caFile };
    const { dev, command } = await startDev(shell);
    try {
      expect(dev.output()).toContain(
        `redis                   rediss://app:***@127.0.0.1:${redis.port} (REDIS_URL)`,
      );
      const sent = spawnService(SENDER, { ...commandEnv(command, shell), NODE_EXTRA_CA_CERTS: redis.caFile });
      expect(await sent.exited(), sent.output()).toBe(0);
      // A failure is told from the job: the probe reads the queue over TLS too.
      const failed = spawnService(
        SENDER,
        { ...commandEnv(command, shell), NODE_EXTRA_CA_CERTS: redis.caFile },
        ['--fault', 'permanent'],
      );
      expect(await failed.exited()).toBe(1);
      expect(failed.output()).toMatch(/failed after 1 attempt\(s\): Feishu permanent failure: code 230053/);

      expect(await dev.kill('SIGTERM')).toBe(0);
      for (const output of [dev.output(), sent.output(), failed.output()]) {
        expect(output).not.toContain(password);
        expect(output).not.toContain(encodeURIComponent(password));
        // No IP address sent as the TLS server name (Node warns of it, DEP0123).
        expect(output).not.toMatch(/DEP0123|RFC 6066/);
      }
    } finally {
      await dev.kill('SIGKILL');
    }
  });

  it('stops at once without NODE_EXTRA_CA_CERTS for a private CA, naming it, never the password', async () => {
    const dev = await spawnDev({ REDIS_URL: redis.url });
    expect(await dev.exited()).toBe(1);
    expect(dev.output()).toMatch(/no Redis answers at REDIS_URL \(rediss:\/\/app:\*\*\*@127\.0\.0\.1:\d+\)/);
    expect(dev.output()).toMatch(/a private CA goes in NODE_EXTRA_CA_CERTS/);
    expect(dev.output()).not.toContain(password);
    expect(dev.output()).not.toContain(encodeURIComponent(password));
  });
});
