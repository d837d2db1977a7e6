import { ConfigError } from '@feishu-welcome/shared';
import { describe, expect, it } from 'vitest';
import { loadIngressConfig } from './ingress-config.js';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadIngressConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadIngressConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadIngressConfig({ FEISHU_VERIFICATION_TOKEN: 'tok' })).toEqual({
      mode: 'webhook',
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'bull',
      keyPrefix: 'bull',
      redisCluster: false,
      port: 3000,
      metricsPort: 9464,
      verificationToken: 'tok',
      encryptKey: undefined,
      appId: undefined,
      logLevel: 'info',
      enqueueTimeoutMs: 1000,
      enqueueMinReplicas: 0,
    });
  });

  it('treats empty values as unset, as docker compose passes them', () => {
    expect(
      loadIngressConfig({ FEISHU_VERIFICATION_TOKEN: 'tok', FEISHU_ENCRYPT_KEY: '', PORT: '' }),
    ).toMatchObject({ port: 3000, encryptKey: undefined });
  });

  it('names every bad key and never prints a value', () => {
    const problems = problemsOf({
      PORT: 'secret-port-value',
      REDIS_URL: 'http://secret-host',
      LOG_LEVEL: 'loud',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'FEISHU_VERIFICATION_TOKEN',
      'LOG_LEVEL',
      'PORT',
      'REDIS_URL',
    ]);
    expect(problems.join('\n')).not.toMatch(/secret|loud/);
  });

  it('refuses METRICS_PORT equal to PORT, naming METRICS_PORT', () => {
    expect(problemsOf({ FEISHU_VERIFICATION_TOKEN: 'tok', PORT: '9464' })).toEqual([
      'METRICS_PORT: must differ from PORT',
    ]);
    expect(problemsOf({ FEISHU_VERIFICATION_TOKEN: 'tok', PORT: '8080', METRICS_PORT: '8080' })).toEqual([
      'METRICS_PORT: must differ from PORT',
    ]);
  });

  it('reads ENQUEUE_MIN_REPLICAS as a count, 0 or more, and names it when it is not one', () => {
    expect(loadIngressConfig({ FEISHU_VERIFICATION_TOKEN: 'tok', ENQUEUE_MIN_REPLICAS: '2' })).toMatchObject({
      enqueueMinReplicas: 2,
    });
    expect(loadIngressConfig({ FEISHU_VERIFICATION_TOKEN: 'tok', ENQUEUE_MIN_REPLICAS: '' })).toMatchObject({
      enqueueMinReplicas: 0,
    });
    for (const value of ['-1', '1.5', '1e2', ' 1', '01', 'one']) {
      expect(problemsOf({ FEISHU_VERIFICATION_TOKEN: 'tok', ENQUEUE_MIN_REPLICAS: value })).toEqual([
        'ENQUEUE_MIN_REPLICAS: must be a non-negative integer: decimal digits, 0 or more',
      ]);
    }
  });

  it('names a bad port alone, without the check that needs both', () => {
    expect(problemsOf({ FEISHU_VERIFICATION_TOKEN: 'tok', PORT: '0x10' })).toEqual([
      'PORT: must be a port number: decimal digits, 1 to 65535',
    ]);
  });
});

describe('loadIngressConfig in websocket mode', () => {
  const WEBSOCKET = {
    FEISHU_EVENT_MODE: 'websocket',
    FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718',
    FEISHU_APP_SECRET: 'app-secret',
    FEISHU_DOMAIN: 'lark',
  };

  it('needs the app id and secret, and no Verification Token or port', () => {
    expect(loadIngressConfig(WEBSOCKET)).toEqual({
      mode: 'websocket',
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'bull',
      keyPrefix: 'bull',
      redisCluster: false,
      metricsPort: 9464,
      appId: 'cli_a1b2c3d4e5f60718',
      appSecret: 'app-secret',
      feishuBaseUrl: 'https://open.larksuite.com',
      logLevel: 'info',
      enqueueTimeoutMs: 1000,
      enqueueMinReplicas: 0,
    });
  });

  it('reads FEISHU_DOMAIN as the worker does: Feishu by default, a base URL loses its trailing slash', () => {
    const { FEISHU_DOMAIN: _domain, ...withoutDomain } = WEBSOCKET;
    expect(loadIngressConfig(withoutDomain)).toMatchObject({ feishuBaseUrl: 'https://open.feishu.cn' });
    expect(loadIngressConfig({ ...WEBSOCKET, FEISHU_DOMAIN: 'http://stand-in:3100/' })).toMatchObject({
      feishuBaseUrl: 'http://stand-in:3100',
    });
    expect(problemsOf({ ...WEBSOCKET, FEISHU_DOMAIN: 'open.feishu.cn' })).toEqual([
      'FEISHU_DOMAIN: must be feishu, lark or an http(s) base URL',
    ]);
  });

  it('names every key websocket mode lacks, along with any other bad key', () => {
    expect(
      problemsOf({ FEISHU_EVENT_MODE: 'websocket', FEISHU_VERIFICATION_TOKEN: 'tok', LOG_LEVEL: 'loud' }),
    ).toEqual([
      expect.stringMatching(/^LOG_LEVEL:/),
      'FEISHU_APP_ID: required (FEISHU_EVENT_MODE=websocket)',
      'FEISHU_APP_SECRET: required (FEISHU_EVENT_MODE=websocket)',
    ]);
  });

  it('accepts the webhook variables it does not use, and PORT equal to METRICS_PORT, which it does not open', () => {
    const config = loadIngressConfig({
      ...WEBSOCKET,
      FEISHU_VERIFICATION_TOKEN: 'tok',
      FEISHU_ENCRYPT_KEY: 'key',
      PORT: '9464',
    });
    expect(config.mode).toBe('websocket');
    expect(config).not.toHaveProperty('verificationToken');
  });

  it('still needs the Verification Token in webhook mode, however many app variables are set', () => {
    expect(problemsOf({ ...WEBSOCKET, FEISHU_EVENT_MODE: 'webhook' })).toEqual([
      'FEISHU_VERIFICATION_TOKEN: required (FEISHU_EVENT_MODE=webhook)',
    ]);
    expect(problemsOf({ ...WEBSOCKET, FEISHU_EVENT_MODE: 'both' })).toEqual([
      expect.stringMatching(/^FEISHU_EVENT_MODE:/),
    ]);
  });

  it('refuses a store app on the long connection, saying why', () => {
    expect(() =>
      loadIngressConfig({
        FEISHU_EVENT_MODE: 'websocket',
        FEISHU_APP_TYPE: 'store',
        FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718',
        FEISHU_APP_SECRET: 'app-secret',
      }),
    ).toThrow(/FEISHU_APP_TYPE: store apps cannot use the long connection/);
    expect(loadIngressConfig({ FEISHU_APP_TYPE: 'store', FEISHU_VERIFICATION_TOKEN: 'tok' })).toMatchObject({
      mode: 'webhook',
    });
  });
});
