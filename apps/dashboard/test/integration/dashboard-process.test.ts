import {
  fatalLines,
  freePort,
  spawnService,
  startOwnedRedis,
  waitFor,
  type RedisHandle,
  type SpawnedService,
} from '@feishu-welcome/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BASIC_AUTH_CHALLENGE } from '../../src/basic-auth.js';
import { basicAuthHeader } from './start-dashboard.js';

/** The built entry point: `pnpm build` comes first. */
const MAIN = 'apps/dashboard/dist/main.js';
const PASSWORD = 'secret-dashboard-password';

describe('the dashboard process', () => {
  it('refuses to start without DASHBOARD_USERNAME and DASHBOARD_PASSWORD, naming both', async () => {
    const port = await freePort();
    const service = spawnService(MAIN, { DASHBOARD_PORT: String(port) });
    expect(await service.exited()).not.toBe(0);
    expect(service.output()).toMatch(/DASHBOARD_USERNAME: required/);
    expect(service.output()).toMatch(/DASHBOARD_PASSWORD: required/);
  });

  it('names the missing user name and never prints the password it was given', async () => {
    const service = spawnService(MAIN, {
      DASHBOARD_PORT: String(await freePort()),
      DASHBOARD_PASSWORD: PASSWORD,
    });
    expect(await service.exited()).not.toBe(0);
    expect(service.output()).toMatch(/DASHBOARD_USERNAME: required/);
    expect(service.output()).not.toContain(PASSWORD);
  });

  it('answers the board API 503 at once while Redis has been unreachable since start', async () => {
    const port = await freePort();
    const service = spawnService(MAIN, {
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      DASHBOARD_PORT: String(port),
      DASHBOARD_USERNAME: 'ops',
      DASHBOARD_PASSWORD: PASSWORD,
      LOG_LEVEL: 'fatal',
    });
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitFor('the dashboard to listen', async () => (await fetch(`${url}/healthz`)).ok);
      expect((await fetch(`${url}/readyz`)).status).toBe(503);
      const board = await fetch(`${url}/admin/queues/api/queues`, {
        headers: { authorization: basicAuthHeader({ username: 'ops', password: PASSWORD }) },
        signal: AbortSignal.timeout(5_000),
      });
      expect(board.status).toBe(503);
    } finally {
      await service.kill('SIGKILL');
    }
  });

  it('exits 1 with one line naming DASHBOARD_PORT when another dashboard holds it', async () => {
    const env = {
      REDIS_URL: inject('redisUrl'),
      DASHBOARD_PORT: String(await freePort()),
      DASHBOARD_USERNAME: 'ops',
      DASHBOARD_PASSWORD: PASSWORD,
    };
    const first = spawnService(MAIN, env);
    try {
      const url = `http://127.0.0.1:${env.DASHBOARD_PORT}`;
      await waitFor('the first dashboard to listen', async () => (await fetch(`${url}/healthz`)).ok);
      const second = spawnService(MAIN, env);
      expect(await second.exited()).toBe(1);
      expect(fatalLines(second.output())).toEqual([
        expect.objectContaining({ msg: `DASHBOARD_PORT ${env.DASHBOARD_PORT} is already in use` }),
      ]);
      expect(second.output()).not.toMatch(/^\s+at /m);
    } finally {
      await first.kill('SIGKILL');
    }
  });

  describe('with its login and a Redis', () => {
    const login = { username: 'ops', password: PASSWORD };
    let service: SpawnedService;
    let url: string;

    beforeAll(async () => {
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      service = spawnService(MAIN, {
        REDIS_URL: inject('redisUrl'),
        DASHBOARD_PORT: String(port),
        DASHBOARD_USERNAME: login.username,
        DASHBOARD_PASSWORD: login.password,
        DASHBOARD_READ_ONLY: 'true',
        LOG_LEVEL: 'debug',
      });
      await waitFor('the dashboard to be ready', async () => (await fetch(`${url}/readyz`)).ok);
    });
    afterAll(async () => {
      await service.kill('SIGKILL');
    });

    it('shows the feishu-events queue at /admin/queues, to the right login only', async () => {
      const refused = await fetch(`${url}/admin/queues/api/queues`);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe(BASIC_AUTH_CHALLENGE);

      const res = await fetch(`${url}/admin/queues/api/queues?activeQueue=feishu-events`, {
        headers: { authorization: basicAuthHeader(login) },
      });
      expect(res.status).toBe(200);
      const { queues } = (await res.json()) as { queues: { name: string; readOnlyMode: boolean }[] };
      expect(queues).toEqual([expect.objectContaining({ name: 'feishu-events', readOnlyMode: true })]);
    });

    it('exits 0 on SIGTERM, having never printed the password', async () => {
      expect(await service.kill('SIGTERM')).toBe(0);
      expect(service.output()).toMatch(/dashboard stopped/);
      expect(service.output()).not.toContain(PASSWORD);
    });
  });

  describe('with a Redis that stops and comes back', () => {
    const login = { username: 'ops', password: PASSWORD };
    let redis: RedisHandle;
    let service: SpawnedService;
    let url: string;

    beforeAll(async () => {
      redis = await startOwnedRedis();
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      service = spawnService(MAIN, {
        REDIS_URL: redis.url,
        DASHBOARD_PORT: String(port),
        DASHBOARD_USERNAME: login.username,
        DASHBOARD_PASSWORD: login.password,
        LOG_LEVEL: 'warn',
      });
      await waitFor('the dashboard to be ready', async () => (await fetch(`${url}/readyz`)).ok);
    });
    afterAll(async () => {
      await service.kill('SIGKILL');
      await redis.dispose();
    });

    it('stays up and says not ready while Redis is down, and recovers by itself', async () => {
      await redis.stop();
      expect((await fetch(`${url}/readyz`)).status).toBe(503);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const board = await fetch(`${url}/admin/queues/api/queues`, {
        headers: { authorization: basicAuthHeader(login) },
      });
      expect(board.status).toBe(503);
      await waitFor('the outage to be logged', () => /redis connection error/.test(service.output()));

      await redis.start();
      await waitFor('the dashboard to reconnect', async () => (await fetch(`${url}/readyz`)).ok, {
        timeoutMs: 15_000,
      });
      expect(service.child.exitCode).toBeNull();
    });
  });
});
