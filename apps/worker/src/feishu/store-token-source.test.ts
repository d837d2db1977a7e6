import { createLogger } from '@feishu-welcome/shared';
import { describe, expect, it } from 'vitest';
import type { AppTicketStore } from '../redis/app-ticket-store.js';
import { createStoreTokenSource } from './store-token-source.js';

const NOW_MS = 1_700_000_000_000;
const log = createLogger({ name: 'test', level: 'silent' });

/** A ticket store in memory, with the resend gate held for `everyMs` of the test clock. */
function memoryTickets(clock: { now: number }, ticket?: string) {
  const state = { ticket, resendUntil: 0, drops: [] as string[] };
  const store: AppTicketStore = {
    save: async (_app, next) => ((state.ticket = next), true),
    get: async () => state.ticket,
    drop: async (_app, refused) => {
      state.drops.push(refused);
      if (state.ticket === refused) state.ticket = undefined;
    },
    claimResend: async (_app, everyMs) => {
      if (clock.now < state.resendUntil) return false;
      state.resendUntil = clock.now + everyMs;
      return true;
    },
  };
  return { state, store };
}

interface Call {
  readonly path: string;
  readonly body: Record<string, unknown>;
}

/** Feishu's store-app auth endpoints, scripted: the current ticket, and tokens numbered as issued. */
function fakeFeishu(options: { ticket: string }) {
  const calls: Call[] = [];
  let issued = 0;
  const state = {
    calls,
    ticket: options.ticket,
    appTokens: new Set<string>(),
    hold: undefined as Promise<void> | undefined,
    fetch: async (url: string, init: RequestInit) => {
      const path = new URL(url).pathname;
      const body = JSON.parse(init.body as string) as Record<string, unknown>;
      calls.push({ path, body });
      if (state.hold) await state.hold;
      const reply = (value: Record<string, unknown>) => new Response(JSON.stringify(value));
      if (path.endsWith('/app_ticket/resend')) return reply({ code: 0, msg: 'ok' });
      if (path.endsWith('/app_access_token')) {
        if (body['app_ticket'] !== state.ticket) return reply({ code: 10012, msg: 'app_ticket is invalid' });
        const token = `a-${++issued}`;
        state.appTokens.add(token);
        return reply({ code: 0, app_access_token: token, expire: 7200 });
      }
      if (!state.appTokens.has(String(body['app_access_token']))) {
        return new Response(JSON.stringify({ code: 99991664, msg: 'invalid app access token' }), {
          status: 400,
        });
      }
      return reply({
        code: 0,
        tenant_access_token: `t-${String(body['tenant_key'])}-${++issued}`,
        expire: 7200,
      });
    },
  };
  return state;
}

function sourceFor(
  feishu: ReturnType<typeof fakeFeishu>,
  tickets: AppTicketStore,
  clock: { now: number },
  maxTenants?: number,
) {
  return createStoreTokenSource({
    baseUrl: 'http://feishu.test',
    appId: 'cli_store',
    appSecret: 's',
    fetch: feishu.fetch,
    timeoutMs: 1_000,
    now: () => clock.now,
    tickets,
    log,
    ...(maxTenants === undefined ? {} : { maxTenants }),
  });
}

const paths = (calls: Call[]) => calls.map((call) => call.path.replace('/open-apis/auth/v3/', ''));

describe('createStoreTokenSource', () => {
  it('gets an app token from the ticket, then a token of its own for each tenant', async () => {
    const clock = { now: NOW_MS };
    const feishu = fakeFeishu({ ticket: 'ticket-1' });
    const tokens = sourceFor(feishu, memoryTickets(clock, 'ticket-1').store, clock);
    expect(await tokens.get('tenant-a')).toBe('t-tenant-a-2');
    expect(await tokens.get('tenant-b')).toBe('t-tenant-b-3');
    expect(await tokens.get('tenant-a')).toBe('t-tenant-a-2');
    expect(paths(feishu.calls)).toEqual(['app_access_token', 'tenant_access_token', 'tenant_access_token']);
    expect(feishu.calls[0]?.body).toEqual({ app_id: 'cli_store', app_secret: 's', app_ticket: 'ticket-1' });
    expect(feishu.calls[1]?.body).toEqual({ app_access_token: 'a-1', tenant_key: 'tenant-a' });
  });

  it('fetches once per tenant for many concurrent callers', async () => {
    const clock = { now: NOW_MS };
    const feishu = fakeFeishu({ ticket: 'ticket-1' });
    let release = () => undefined as void;
    feishu.hold = new Promise<void>((resolve) => (release = resolve));
    const tokens = sourceFor(feishu, memoryTickets(clock, 'ticket-1').store, clock);
    const pending = Promise.all(
      ['tenant-a', 'tenant-b'].flatMap((tenant) => Array.from({ length: 5 }, () => tokens.get(tenant))),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    expect(new Set(await pending)).toEqual(new Set(['t-tenant-a-2', 't-tenant-b-3']));
    expect(paths(feishu.calls)).toEqual(['app_access_token', 'tenant_access_token', 'tenant_access_token']);
  });

  it('refreshes a tenant token 30 minutes before it expires, and a refused one at once', async () => {
    const clock = { now: NOW_MS };
    const feishu = fakeFeishu({ ticket: 'ticket-1' });
    const tokens = sourceFor(feishu, memoryTickets(clock, 'ticket-1').store, clock);
    const first = await tokens.get('tenant-a');
    clock.now += 90 * 60 * 1000;
    const second = await tokens.get('tenant-a');
    expect(second).not.toBe(first);
    tokens.invalidate('tenant-a', second);
    expect(await tokens.get('tenant-a')).not.toBe(second);
  });

  it('fetches the app token again when Feishu refuses it, once', async () => {
    const clock = { now: NOW_MS };
    const feishu = fakeFeishu({ ticket: 'ticket-1' });
    const tokens = sourceFor(feishu, memoryTickets(clock, 'ticket-1').store, clock);
    await tokens.get('tenant-a');
    feishu.appTokens.clear();
    expect(await tokens.get('tenant-b')).toMatch(/^t-tenant-b-/);
    expect(paths(feishu.calls).slice(2)).toEqual([
      'tenant_access_token',
      'app_access_token',
      'tenant_access_token',
    ]);
  });

  it('without a ticket, asks for one once a minute and tells callers to wait, not fail', async () => {
    const clock = { now: NOW_MS };
    const feishu = fakeFeishu({ ticket: 'ticket-1' });
    const tickets = memoryTickets(clock);
    const tokens = sourceFor(feishu, tickets.store, clock);
    expect(await tokens.checkAtStart()).toBe('waiting-for-ticket');
    await expect(tokens.get('tenant-a')).rejects.toMatchObject({
      name: 'TicketPendingError',
      retryAfterMs: 2_000,
    });
    expect(await tokens.readiness('tenant-a')).toEqual({
      ready: false,
      reason: 'waiting-for-ticket',
      retryAfterMs: 2_000,
    });
    expect(paths(feishu.calls)).toEqual(['app_ticket/resend']);
    expect(feishu.calls[0]?.body).toEqual({ app_id: 'cli_store', app_secret: 's' });
    clock.now += 60_000;
    expect((await tokens.readiness('tenant-a')).ready).toBe(false);
    expect(paths(feishu.calls)).toEqual(['app_ticket/resend', 'app_ticket/resend']);

    tickets.state.ticket = 'ticket-1';
    expect(await tokens.readiness('tenant-a')).toMatchObject({ ready: false, reason: 'waiting-for-token' });
    expect(await tokens.get('tenant-a')).toMatch(/^t-tenant-a-/);
    expect(await tokens.readiness('tenant-a')).toEqual({ ready: true });
  });

  it('tells callers of a tenant whose token is being fetched to come back, without waiting for Feishu', async () => {
    const clock = { now: NOW_MS };
    const feishu = fakeFeishu({ ticket: 'ticket-1' });
    let release = () => undefined as void;
    feishu.hold = new Promise<void>((resolve) => (release = resolve));
    const tokens = sourceFor(feishu, memoryTickets(clock, 'ticket-1').store, clock);
    // The first caller starts the fetch; none waits for it, the later ones less and less often.
    expect(await tokens.readiness('tenant-a')).toEqual({
      ready: false,
      reason: 'waiting-for-token',
      retryAfterMs: 250,
    });
    clock.now += 5_000;
    expect(await tokens.readiness('tenant-a')).toEqual({
      ready: false,
      reason: 'waiting-for-token',
      retryAfterMs: 2_000,
    });
    expect(paths(feishu.calls)).toEqual(['app_access_token']);
    release();
    feishu.hold = undefined;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await tokens.readiness('tenant-a')).toEqual({ ready: true });
    expect(paths(feishu.calls)).toEqual(['app_access_token', 'tenant_access_token']);
  });

  it('tells one caller, not every one, that the fetch it waited for failed', async () => {
    const clock = { now: NOW_MS };
    const feishu = fakeFeishu({ ticket: 'ticket-1' });
    const failing = async () => new Response(JSON.stringify({ code: 10014, msg: 'app secret invalid' }));
    const tokens = sourceFor({ ...feishu, fetch: failing }, memoryTickets(clock, 'ticket-1').store, clock);
    expect((await tokens.readiness('tenant-a')).ready).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(tokens.readiness('tenant-a')).rejects.toMatchObject({ name: 'FeishuApiError', code: 10014 });
    // The next caller starts another fetch.
    expect(await tokens.readiness('tenant-a')).toMatchObject({ ready: false, reason: 'waiting-for-token' });
  });

  it('drops a refused ticket, asks for the current one, and uses it once it is pushed', async () => {
    const clock = { now: NOW_MS };
    const feishu = fakeFeishu({ ticket: 'ticket-2' });
    const tickets = memoryTickets(clock, 'ticket-1');
    const tokens = sourceFor(feishu, tickets.store, clock);
    expect(await tokens.checkAtStart()).toBe('waiting-for-ticket');
    expect(tickets.state.drops).toEqual(['ticket-1']);
    expect(paths(feishu.calls)).toEqual(['app_access_token', 'app_ticket/resend']);
    tickets.state.ticket = 'ticket-2';
    expect(await tokens.checkAtStart()).toBe('credentials-accepted');
    expect(await tokens.get('tenant-a')).toMatch(/^t-tenant-a-/);
  });

  it('says credentials are refused at start when Feishu refuses them with a ticket', async () => {
    const clock = { now: NOW_MS };
    const feishu = fakeFeishu({ ticket: 'ticket-1' });
    const refusing = async () => new Response(JSON.stringify({ code: 10014, msg: 'app secret invalid' }));
    const tokens = sourceFor({ ...feishu, fetch: refusing }, memoryTickets(clock, 'ticket-1').store, clock);
    await expect(tokens.checkAtStart()).rejects.toMatchObject({ name: 'FeishuApiError', code: 10014 });
  });

  it('keeps the tokens of at most maxTenants tenants, forgetting the least recently used', async () => {
    const clock = { now: NOW_MS };
    const feishu = fakeFeishu({ ticket: 'ticket-1' });
    const tokens = sourceFor(feishu, memoryTickets(clock, 'ticket-1').store, clock, 2);
    await tokens.get('tenant-a');
    await tokens.get('tenant-b');
    await tokens.get('tenant-a');
    await tokens.get('tenant-c');
    const before = feishu.calls.length;
    await tokens.get('tenant-a');
    expect(feishu.calls.length).toBe(before);
    await tokens.get('tenant-b');
    expect(feishu.calls.length).toBe(before + 1);
  });
});
