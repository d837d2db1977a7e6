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
      port: 3000,
      metricsPort: 9464,
      verificationToken: 'tok',
      encryptKey: undefined,
      appId: undefined,
      logLevel: 'info',
      enqueueTimeoutMs: 1000,
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

  it('names a bad port alone, without the check that needs both', () => {
    expect(problemsOf({ FEISHU_VERIFICATION_TOKEN: 'tok', PORT: '0x10' })).toEqual([
      'PORT: must be a port number: decimal digits, 1 to 65535',
    ]);
  });
});
