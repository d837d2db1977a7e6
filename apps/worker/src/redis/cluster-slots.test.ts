import { FEISHU_EVENTS_QUEUE, redisSettings, type RedisConnection } from '@feishu-welcome/shared';
import { keySlot } from '@feishu-welcome/testing';
import { QueueKeys } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { createAppTicketStore } from './app-ticket-store.js';
import { createOnboardedStore } from './onboarded-store.js';
import { createSendRateLimiter } from './send-rate-limiter.js';

/** One command as the worker sent it, with the keys it names (a script's first `numberOfKeys` args). */
interface SentCommand {
  readonly name: string;
  readonly keys: readonly string[];
}

/** Commands whose one key is their first argument. */
const SINGLE_KEY = new Set(['hget', 'hsetnx', 'set', 'get', 'del']);

/**
 * A connection that answers every command with a plausible reply and records the keys each names: the
 * worker's own stores run on it exactly as on Redis, and the test reads which keys went together.
 */
function recordingRedis(): { redis: RedisConnection; sent: SentCommand[] } {
  const sent: SentCommand[] = [];
  const scripts = new Map<string, number>();
  const replies: Record<string, unknown> = {
    eval: 1,
    set: 'OK',
    hget: null,
    hsetnx: 1,
    fwTakeSendTurn: [0, 1, 1],
  };
  const redis = new Proxy(
    {},
    {
      get(_target, name: string) {
        if (name === 'then') return undefined;
        if (name === 'defineCommand') {
          return (command: string, { numberOfKeys }: { numberOfKeys: number }) =>
            scripts.set(command, numberOfKeys);
        }
        return (...args: unknown[]) => {
          const strings = args.map(String);
          const keyCount =
            scripts.get(name) ?? (name === 'eval' ? Number(args[1]) : SINGLE_KEY.has(name) ? 1 : NaN);
          if (Number.isNaN(keyCount)) throw new Error(`the test does not know where ${name}'s keys are`);
          const keys = name === 'eval' ? strings.slice(2, 2 + keyCount) : strings.slice(0, keyCount);
          sent.push({ name, keys });
          return Promise.resolve(name in replies ? replies[name] : 0);
        };
      },
    },
  );
  return { redis: redis as RedisConnection, sent };
}

const onCluster = redisSettings({
  REDIS_URL: 'redis://node-1:7000',
  REDIS_CLUSTER: true,
  QUEUE_PREFIX: 'bull',
});
/** As start-worker.ts names the worker's own keys. */
const workerKeyPrefix = `${onCluster.keyPrefix}:feishu-welcome`;

const slotsOf = (keys: readonly string[]) => new Set(keys.map(keySlot));

describe('the keys the product writes, on a Redis Cluster', () => {
  it("keeps every key of the events queue in one slot, a job's own included", () => {
    const queueKeys = new QueueKeys(onCluster.queuePrefix);
    const keys = [
      ...Object.values(queueKeys.getKeys(FEISHU_EVENTS_QUEUE)),
      queueKeys.toKey(FEISHU_EVENTS_QUEUE, 'p2p-chat-create:4f8d5f1e'),
      queueKeys.toKey(FEISHU_EVENTS_QUEUE, 'p2p-chat-create:4f8d5f1e:lock'),
      queueKeys.toKey(FEISHU_EVENTS_QUEUE, 'p2p-chat-create:4f8d5f1e:logs'),
    ];
    expect(keys[0]).toMatch(/^\{bull\}:feishu-events:/);
    expect(slotsOf(keys).size).toBe(1);
  });

  it('would scatter the queue over slots without the hash tag, as on a single Redis', () => {
    const untagged = new QueueKeys(onCluster.keyPrefix).getKeys(FEISHU_EVENTS_QUEUE);
    expect(slotsOf(Object.values(untagged)).size).toBeGreaterThan(1);
  });

  it("sends each of the limiter's scripts keys of one slot, and spreads tenants over slots", async () => {
    const { redis, sent } = recordingRedis();
    const limiter = createSendRateLimiter(redis, { perSecond: 50, perMinute: 1000 }, workerKeyPrefix);
    const tenants = Array.from({ length: 8 }, (_, i) => ({
      appId: 'cli_a1b2c3d4e5f60718',
      tenantKey: `tenant-${i}`,
    }));
    for (const scope of tenants) {
      const turn = await limiter.takeTurn(scope, `job-of-${scope.tenantKey}`);
      if (turn.kind === 'send') await turn.settle();
      await limiter.pause(scope, 1_000);
    }
    expect(sent.map(({ name }) => name)).toEqual(
      tenants.flatMap(() => ['fwTakeSendTurn', 'fwSettleSend', 'fwPauseSends']),
    );
    for (const { keys } of sent) expect(slotsOf(keys).size).toBe(1);
    // Untagged by the queue's prefix: one tenant's sends do not all land on the node of another's.
    expect(slotsOf(sent.map(({ keys }) => keys[0] ?? '')).size).toBeGreaterThan(1);
  });

  it('sends the app ticket and onboarded records one key per command', async () => {
    const { redis, sent } = recordingRedis();
    const tickets = createAppTicketStore(redis, workerKeyPrefix);
    await tickets.save('cli_a1b2c3d4e5f60718', 'ticket', 1);
    await tickets.get('cli_a1b2c3d4e5f60718');
    await tickets.drop('cli_a1b2c3d4e5f60718', 'ticket');
    await tickets.claimResend('cli_a1b2c3d4e5f60718', 60_000);
    const onboarded = createOnboardedStore(redis, workerKeyPrefix);
    const recipient = { appId: 'cli_a1b2c3d4e5f60718', tenantKey: 'tenant-1', openId: 'ou_1' };
    await onboarded.get(recipient);
    await onboarded.mark(recipient, { messageId: 'om_1', eventId: 'ev_1', at: 1 });
    expect(sent.length).toBe(6);
    for (const { keys } of sent) expect(keys).toHaveLength(1);
  });
});
