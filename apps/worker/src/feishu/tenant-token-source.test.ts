import { describe, expect, it } from 'vitest';
import { createTenantTokenSource } from './tenant-token-source.js';

const NOW_MS = 1_700_000_000_000;
const TENANT = 'tenant-1';

function fakeTokenEndpoint(reply: () => Record<string, unknown> | string = () => ({})) {
  let issued = 0;
  let release: (() => void) | undefined;
  const state = {
    calls: 0,
    hold: false,
    release: () => release?.(),
    fetch: async (_url: string, _init: RequestInit) => {
      state.calls++;
      if (state.hold) await new Promise<void>((resolve) => (release = resolve));
      const override = reply();
      const text =
        typeof override === 'string'
          ? override
          : JSON.stringify({
              code: 0,
              msg: 'ok',
              tenant_access_token: `t-${++issued}`,
              expire: 7200,
              ...override,
            });
      return new Response(text, { status: 200, headers: { 'x-tt-logid': 'log-1' } });
    },
  };
  return state;
}

function source(
  endpoint: ReturnType<typeof fakeTokenEndpoint>,
  clock: { now: number },
  onFetched?: () => void,
) {
  return createTenantTokenSource({
    ...(onFetched ? { onFetched } : {}),
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
    const pending = Promise.all(Array.from({ length: 10 }, () => tokens.get(TENANT)));
    await new Promise((resolve) => setImmediate(resolve));
    endpoint.release();
    expect(new Set(await pending)).toEqual(new Set(['t-1']));
    expect(endpoint.calls).toBe(1);
  });

  it('reuses the token until 30 minutes before it expires, then fetches a new one', async () => {
    const endpoint = fakeTokenEndpoint();
    const clock = { now: NOW_MS };
    const tokens = source(endpoint, clock);
    expect(await tokens.get(TENANT)).toBe('t-1');
    clock.now += 89 * 60 * 1000;
    expect(await tokens.get(TENANT)).toBe('t-1');
    clock.now += 2 * 60 * 1000;
    expect(await tokens.get(TENANT)).toBe('t-2');
    expect(endpoint.calls).toBe(2);
  });

  it('hands out the still-usable token while a refresh is in flight, instead of waiting for it', async () => {
    const endpoint = fakeTokenEndpoint();
    const clock = { now: NOW_MS };
    const tokens = source(endpoint, clock);
    expect(await tokens.get(TENANT)).toBe('t-1');
    clock.now += 91 * 60 * 1000;
    endpoint.hold = true;
    expect(await tokens.readiness(TENANT)).toEqual({ ready: true });
    expect(endpoint.calls).toBe(2);
    expect(await tokens.get(TENANT)).toBe('t-1');
    endpoint.release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(await tokens.get(TENANT)).toBe('t-2');
  });

  it('fetches a new token after the old one is invalidated', async () => {
    const endpoint = fakeTokenEndpoint();
    const tokens = source(endpoint, { now: NOW_MS });
    tokens.invalidate(TENANT, await tokens.get(TENANT));
    expect(await tokens.get(TENANT)).toBe('t-2');
  });

  it('keeps using a still-valid token when a refresh fails', async () => {
    let fail = false;
    const endpoint = fakeTokenEndpoint(() => (fail ? { code: 10014, msg: 'app secret invalid' } : {}));
    const clock = { now: NOW_MS };
    const tokens = source(endpoint, clock);
    expect(await tokens.get(TENANT)).toBe('t-1');
    fail = true;
    clock.now += 100 * 60 * 1000;
    expect(await tokens.get(TENANT)).toBe('t-1');
    clock.now += 20 * 60 * 1000;
    await expect(tokens.get(TENANT)).rejects.toMatchObject({ code: 10014, logId: 'log-1' });
  });

  it('stops handing out a token in its last minute, even when no new one can be had', async () => {
    let fail = false;
    const endpoint = fakeTokenEndpoint(() => (fail ? { code: 10014, msg: 'app secret invalid' } : {}));
    const clock = { now: NOW_MS };
    const tokens = source(endpoint, clock);
    expect(await tokens.get(TENANT)).toBe('t-1');
    fail = true;
    // expire 7200 s: usable until 7140 s after it was obtained, not one millisecond more.
    clock.now = NOW_MS + 7_140_000 - 1;
    expect(await tokens.get(TENANT)).toBe('t-1');
    clock.now = NOW_MS + 7_140_000;
    await expect(tokens.get(TENANT)).rejects.toMatchObject({ name: 'FeishuApiError', code: 10014 });
  });

  it('refreshes exactly when 30 minutes are left, not a millisecond earlier', async () => {
    const endpoint = fakeTokenEndpoint();
    const clock = { now: NOW_MS };
    const tokens = source(endpoint, clock);
    expect(await tokens.get(TENANT)).toBe('t-1');
    clock.now = NOW_MS + 5_400_000 - 1;
    expect(await tokens.get(TENANT)).toBe('t-1');
    clock.now = NOW_MS + 5_400_000;
    expect(await tokens.get(TENANT)).toBe('t-2');
  });

  it('refreshes a short-lived token at half its life and stops using it a minute before it expires', async () => {
    let fail = false;
    const endpoint = fakeTokenEndpoint(() =>
      fail ? { code: 10014, msg: 'app secret invalid' } : { expire: 600 },
    );
    const clock = { now: NOW_MS };
    const tokens = source(endpoint, clock);
    expect(await tokens.get(TENANT)).toBe('t-1');
    clock.now = NOW_MS + 300_000 - 1;
    expect(await tokens.get(TENANT)).toBe('t-1');
    expect(endpoint.calls).toBe(1);
    fail = true;
    clock.now = NOW_MS + 300_000;
    expect(await tokens.get(TENANT)).toBe('t-1');
    expect(endpoint.calls).toBe(2);
    clock.now = NOW_MS + 540_000 - 1;
    expect(await tokens.get(TENANT)).toBe('t-1');
    clock.now = NOW_MS + 540_000;
    await expect(tokens.get(TENANT)).rejects.toMatchObject({ code: 10014 });
  });

  it.each([
    ['no token', { tenant_access_token: undefined }],
    ['an empty token', { tenant_access_token: '' }],
    ['a token that is not a string', { tenant_access_token: 42 }],
    ['no expire', { expire: undefined }],
    ['an expire that is not a number', { expire: '7200' }],
    ['a zero expire', { expire: 0 }],
    ['a negative expire', { expire: -7200 }],
    ['an infinite expire', '{"code":0,"msg":"ok","tenant_access_token":"t-x","expire":1e400}'],
    ['a body that is not JSON', '<html>502 Bad Gateway</html>'],
  ])('fails a reply with %s, caches nothing, and asks again next time', async (_, malformed) => {
    let bad = true;
    const endpoint = fakeTokenEndpoint(() => (bad ? malformed : {}));
    let fetched = 0;
    const tokens = source(endpoint, { now: NOW_MS }, () => fetched++);
    await expect(tokens.get(TENANT)).rejects.toMatchObject({
      name: 'FeishuApiError',
      kind: 'transient',
      logId: 'log-1',
    });
    expect(fetched).toBe(0);
    bad = false;
    expect(await tokens.get(TENANT)).toMatch(/^t-\d+$/);
    expect(endpoint.calls).toBe(2);
    expect(fetched).toBe(1);
  });

  it('ignores a late invalidate of a token already replaced', async () => {
    const endpoint = fakeTokenEndpoint();
    const tokens = source(endpoint, { now: NOW_MS });
    // Two sends used t-1 and were both refused; the first one's invalidate already brought t-2.
    tokens.invalidate(TENANT, await tokens.get(TENANT));
    expect(await tokens.get(TENANT)).toBe('t-2');
    tokens.invalidate(TENANT, 't-1');
    expect(await tokens.get(TENANT)).toBe('t-2');
    expect(endpoint.calls).toBe(2);
  });

  it('ignores an invalidate that arrives while the new token is being fetched', async () => {
    const endpoint = fakeTokenEndpoint();
    const tokens = source(endpoint, { now: NOW_MS });
    tokens.invalidate(TENANT, await tokens.get(TENANT));
    endpoint.hold = true;
    const fresh = tokens.get(TENANT);
    await new Promise((resolve) => setImmediate(resolve));
    tokens.invalidate(TENANT, 't-1');
    endpoint.release();
    expect(await fresh).toBe('t-2');
    expect(await tokens.get(TENANT)).toBe('t-2');
    expect(endpoint.calls).toBe(2);
  });

  it('asks Feishu’s tenant_access_token endpoint with the app’s id and secret', async () => {
    const requests: Array<{ url: string; body: unknown }> = [];
    const endpoint = fakeTokenEndpoint();
    const recording = async (url: string, init: RequestInit) => {
      requests.push({ url, body: JSON.parse(init.body as string) });
      return endpoint.fetch(url, init);
    };
    const tokens = source({ ...endpoint, fetch: recording }, { now: NOW_MS });
    expect(await tokens.get(TENANT)).toBe('t-1');
    expect(requests).toEqual([
      {
        url: 'http://feishu.test/open-apis/auth/v3/tenant_access_token/internal',
        body: { app_id: 'cli_x', app_secret: 's' },
      },
    ]);
  });

  it('says why a token was refused, with Feishu’s code and msg', async () => {
    // A reply carrying a token is still a refusal when its code is not 0.
    const endpoint = fakeTokenEndpoint(() => ({ code: 10014, msg: 'app secret invalid' }));
    await expect(source(endpoint, { now: NOW_MS }).get(TENANT)).rejects.toMatchObject({
      kind: 'transient',
      httpStatus: 200,
      code: 10014,
      msg: 'tenant_access_token refused: app secret invalid',
    });
    const silent = fakeTokenEndpoint(() => ({ code: 10003, msg: undefined }));
    await expect(source(silent, { now: NOW_MS }).get(TENANT)).rejects.toMatchObject({
      code: 10003,
      msg: 'tenant_access_token refused: no msg',
    });
  });

  it('refuses a token that comes with an HTTP status other than 200, or a code that is not the number 0', async () => {
    for (const [status, body] of [
      [500, { code: 0, msg: 'ok', tenant_access_token: 't-x', expire: 7200 }],
      [200, { code: '0', msg: 'ok', tenant_access_token: 't-x', expire: 7200 }],
    ] as const) {
      const reply = async () => new Response(JSON.stringify(body), { status });
      const tokens = source({ ...fakeTokenEndpoint(), fetch: reply }, { now: NOW_MS });
      await expect(tokens.get(TENANT)).rejects.toMatchObject({
        httpStatus: status,
        code: typeof body.code === 'number' ? body.code : undefined,
        msg: 'tenant_access_token refused: ok',
      });
    }
  });

  it('says a success without a usable token is malformed, not refused', async () => {
    const endpoint = fakeTokenEndpoint(() => ({ expire: undefined }));
    await expect(source(endpoint, { now: NOW_MS }).get(TENANT)).rejects.toMatchObject({
      code: 0,
      msg: 'tenant_access_token reply without a token and a positive expire',
    });
    const notJson = fakeTokenEndpoint(() => 'not json');
    await expect(source(notJson, { now: NOW_MS }).get(TENANT)).rejects.toMatchObject({
      code: undefined,
      msg: 'tenant_access_token refused: no msg',
    });
  });

  it('gives up on a token fetch that Feishu never answers, after its timeout, and caches nothing', async () => {
    // Accepts the call and never answers, not even to its abort signal.
    const silent = { ...fakeTokenEndpoint(), fetch: () => new Promise<Response>(() => undefined) };
    const tokens = source(silent, { now: NOW_MS });
    await expect(tokens.get(TENANT)).rejects.toMatchObject({ name: 'FeishuApiError', kind: 'transient' });
    await expect(tokens.get(TENANT)).rejects.toMatchObject({ name: 'FeishuApiError' });
  });

  it('waits for a token reply that is slow but inside its timeout', async () => {
    const endpoint = fakeTokenEndpoint();
    const tokens = source(
      {
        ...endpoint,
        fetch: async (url: string, init: RequestInit) => {
          await new Promise((resolve) => setTimeout(resolve, 30));
          return await endpoint.fetch(url, init);
        },
      },
      { now: NOW_MS },
    );
    await expect(tokens.get(TENANT)).resolves.toEqual(expect.any(String));
  });
});
