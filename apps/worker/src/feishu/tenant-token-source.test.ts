import { describe, expect, it } from 'vitest';
import { createTenantTokenSource } from './tenant-token-source.js';

const NOW_MS = 1_700_000_000_000;

function fakeTokenEndpoint(reply: () => Record<string, unknown> = () => ({})) {
  let issued = 0;
  let release: (() => void) | undefined;
  const state = {
    calls: 0,
    hold: false,
    release: () => release?.(),
    fetch: async (_url: string, _init: RequestInit) => {
      state.calls++;
      if (state.hold) await new Promise<void>((resolve) => (release = resolve));
      const body = { code: 0, msg: 'ok', tenant_access_token: `t-${++issued}`, expire: 7200, ...reply() };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'x-tt-logid': 'log-1' } });
    },
  };
  return state;
}

function source(endpoint: ReturnType<typeof fakeTokenEndpoint>, clock: { now: number }) {
  return createTenantTokenSource({
    baseUrl: 'http://feishu.test',
    appId: 'cli_x',
    appSecret: 's',
    fetch: endpoint.fetch,
    timeoutMs: 1_000,
    now: () => clock.now,
  });
}

describe('createTenantTokenSource', () => {
  it('fetches once for many concurrent callers', async () => {
    const endpoint = fakeTokenEndpoint();
    endpoint.hold = true;
    const tokens = source(endpoint, { now: NOW_MS });
    const pending = Promise.all(Array.from({ length: 10 }, () => tokens.get()));
    await new Promise((resolve) => setImmediate(resolve));
    endpoint.release();
    expect(new Set(await pending)).toEqual(new Set(['t-1']));
    expect(endpoint.calls).toBe(1);
  });

  it('reuses the token until 30 minutes before it expires, then fetches a new one', async () => {
    const endpoint = fakeTokenEndpoint();
    const clock = { now: NOW_MS };
    const tokens = source(endpoint, clock);
    expect(await tokens.get()).toBe('t-1');
    clock.now += 89 * 60 * 1000;
    expect(await tokens.get()).toBe('t-1');
    clock.now += 2 * 60 * 1000;
    expect(await tokens.get()).toBe('t-2');
    expect(endpoint.calls).toBe(2);
  });

  it('fetches a new token after the old one is invalidated', async () => {
    const endpoint = fakeTokenEndpoint();
    const tokens = source(endpoint, { now: NOW_MS });
    tokens.invalidate(await tokens.get());
    expect(await tokens.get()).toBe('t-2');
  });

  it('keeps using a still-valid token when a refresh fails', async () => {
    let fail = false;
    const endpoint = fakeTokenEndpoint(() => (fail ? { code: 10014, msg: 'app secret invalid' } : {}));
    const clock = { now: NOW_MS };
    const tokens = source(endpoint, clock);
    expect(await tokens.get()).toBe('t-1');
    fail = true;
    clock.now += 100 * 60 * 1000;
    expect(await tokens.get()).toBe('t-1');
    clock.now += 20 * 60 * 1000;
    await expect(tokens.get()).rejects.toMatchObject({ code: 10014, logId: 'log-1' });
  });
});
