import { ConfigError } from '@feishu-welcome/shared';
import { describe, expect, it } from 'vitest';
import { SANDBOX_APP } from './sandbox-app.js';
import { loadSendTestEventConfig } from './send-test-event-config.js';

describe('loadSendTestEventConfig', () => {
  it('posts to the local ingress as the sandbox app by default, waits for nothing, reads no queue', () => {
    expect(loadSendTestEventConfig({ FEISHU_VERIFICATION_TOKEN: 'tok', FEISHU_ENCRYPT_KEY: '' })).toEqual({
      intake: {
        mode: 'webhook',
        webhookUrl: 'http://127.0.0.1:3000/webhook/event',
        verificationToken: 'tok',
        encryptKey: undefined,
      },
      appId: SANDBOX_APP.appId,
      userName: 'Ada Lovelace',
      standInUrl: undefined,
      redisUrl: undefined,
      redisCluster: false,
      queuePrefix: 'bull',
    });
  });

  it('reads the queue only at the REDIS_URL it is given, under its QUEUE_PREFIX', () => {
    const config = loadSendTestEventConfig({
      FEISHU_VERIFICATION_TOKEN: 'tok',
      REDIS_URL: 'redis://redis:6379',
      QUEUE_PREFIX: 'sandbox',
    });
    expect([config.redisUrl, config.queuePrefix]).toEqual(['redis://redis:6379', 'sandbox']);
  });

  it('reads the queue of a Redis Cluster under the hash-tagged prefix the services use', () => {
    const config = loadSendTestEventConfig({
      FEISHU_VERIFICATION_TOKEN: 'tok',
      REDIS_URL: 'redis://node-1:7000',
      REDIS_CLUSTER: 'true',
      QUEUE_PREFIX: 'sandbox',
    });
    expect([config.redisCluster, config.queuePrefix]).toEqual([true, '{sandbox}']);
  });

  it('takes a base URL or the webhook URL itself', () => {
    const webhookOf = (url: string) => {
      const { intake } = loadSendTestEventConfig({ FEISHU_VERIFICATION_TOKEN: 'tok', INGRESS_URL: url });
      return intake.mode === 'webhook' ? intake.webhookUrl : undefined;
    };
    expect(webhookOf('http://ingress:3000/')).toBe('http://ingress:3000/webhook/event');
    expect(webhookOf('https://bot.example.com/webhook/event')).toBe('https://bot.example.com/webhook/event');
  });

  it('names a missing token and a malformed URL, never their values', () => {
    let problems: readonly string[] = [];
    try {
      loadSendTestEventConfig({ STAND_IN_URL: 'ftp://secret-host' });
    } catch (error) {
      if (error instanceof ConfigError) problems = error.problems;
    }
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual([
      'FEISHU_VERIFICATION_TOKEN',
      'STAND_IN_URL',
    ]);
    expect(problems.join('\n')).not.toMatch(/secret/);
  });

  it('points a sender without a Verification Token at websocket mode', () => {
    expect(() => loadSendTestEventConfig({})).toThrow(/FEISHU_EVENT_MODE=websocket/);
  });

  it('in websocket mode needs a stand-in to push through, and no Verification Token', () => {
    const config = loadSendTestEventConfig({
      FEISHU_EVENT_MODE: 'websocket',
      STAND_IN_URL: 'http://feishu-stand-in:3100',
    });
    expect(config.intake).toEqual({ mode: 'websocket' });
    expect(() => loadSendTestEventConfig({ FEISHU_EVENT_MODE: 'websocket' })).toThrow(/STAND_IN_URL/);
    expect(() => loadSendTestEventConfig({ FEISHU_EVENT_MODE: 'carrier-pigeon' })).toThrow(
      /FEISHU_EVENT_MODE/,
    );
  });
});
