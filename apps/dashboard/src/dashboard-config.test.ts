import { ConfigError } from '@feishu-welcome/shared';
import { describe, expect, it } from 'vitest';
import { loadDashboardConfig } from './dashboard-config.js';

const LOGIN_ENV = { DASHBOARD_USERNAME: 'ops', DASHBOARD_PASSWORD: 'pw' };

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadDashboardConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadDashboardConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadDashboardConfig(LOGIN_ENV)).toEqual({
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'bull',
      keyPrefix: 'bull',
      redisCluster: false,
      port: 3001,
      auth: { username: 'ops', password: 'pw' },
      readOnly: false,
      logLevel: 'info',
    });
  });

  it.each([
    ['true', true],
    ['false', false],
  ])('reads DASHBOARD_READ_ONLY=%s as %s', (value, readOnly) => {
    expect(loadDashboardConfig({ ...LOGIN_ENV, DASHBOARD_READ_ONLY: value }).readOnly).toBe(readOnly);
  });

  it('requires both halves of the login, and prints neither value', () => {
    expect(problemsOf({})).toEqual(['DASHBOARD_USERNAME: required', 'DASHBOARD_PASSWORD: required']);
    expect(problemsOf({ DASHBOARD_USERNAME: 'ops', DASHBOARD_PASSWORD: '' })).toEqual([
      'DASHBOARD_PASSWORD: required',
    ]);
  });

  it('names every bad key and never prints a value', () => {
    const problems = problemsOf({
      DASHBOARD_USERNAME: 'secret:user',
      DASHBOARD_PASSWORD: 'secret-password',
      DASHBOARD_PORT: 'secret-port',
      DASHBOARD_READ_ONLY: 'secret-yes',
      REDIS_URL: 'http://secret-host',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'DASHBOARD_PORT',
      'DASHBOARD_READ_ONLY',
      'DASHBOARD_USERNAME',
      'REDIS_URL',
    ]);
    expect(problems.join('\n')).not.toMatch(/secret/);
  });
});
