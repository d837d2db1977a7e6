import { type FeishuStandInOptions, type RunningFeishuStandIn, startFeishuStandIn } from '../src/index.js';

/** The one fixture module for the stand-in's tests: a fixed clock, test credentials, HTTP helpers. */

export const NOW_MS = 1_700_000_000_000;
export const APP_ID = 'cli_a1b2c3d4e5f60718';
export const APP_SECRET = 'stand-in-test-secret';
export const OPEN_ID = 'ou_7d8a6e6df7621556ce0d21922b676706';

export interface FakeClock {
  readonly now: () => number;
  advance(ms: number): void;
}

export function fakeClock(startMs: number = NOW_MS): FakeClock {
  let nowMs = startMs;
  return {
    now: () => nowMs,
    advance: (ms) => {
      nowMs += ms;
    },
  };
}

const running = new Set<RunningFeishuStandIn>();

/** A stand-in on a free port with the test credentials and a fixed clock; see {@link closeStandIns}. */
export async function startStandIn(options: FeishuStandInOptions = {}): Promise<RunningFeishuStandIn> {
  const standIn = await startFeishuStandIn({
    appId: APP_ID,
    appSecret: APP_SECRET,
    now: () => NOW_MS,
    ...options,
  });
  running.add(standIn);
  return standIn;
}

/** For `afterEach`: closes every stand-in the test started. */
export async function closeStandIns(): Promise<void> {
  await Promise.all([...running].map((standIn) => standIn.close()));
  running.clear();
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

export async function request(url: string, init: RequestInit = {}): Promise<HttpAnswer> {
  const response = await fetch(url, init);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  return request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function requestToken(
  baseUrl: string,
  credentials: Record<string, unknown> = { app_id: APP_ID, app_secret: APP_SECRET },
): Promise<HttpAnswer> {
  return postJson(`${baseUrl}/open-apis/auth/v3/tenant_access_token/internal`, credentials);
}

export async function fetchToken(baseUrl: string): Promise<string> {
  const answer = await requestToken(baseUrl);
  const token = answer.body['tenant_access_token'];
  if (typeof token !== 'string') throw new Error(`no token: ${JSON.stringify(answer.body)}`);
  return token;
}

export interface SendOptions {
  readonly receiveIdType?: string;
  readonly init?: RequestInit;
}

export function sendMessage(
  baseUrl: string,
  token: string,
  body: Record<string, unknown>,
  options: SendOptions = {},
): Promise<HttpAnswer> {
  const query = new URLSearchParams({ receive_id_type: options.receiveIdType ?? 'open_id' });
  return request(`${baseUrl}/open-apis/im/v1/messages?${query.toString()}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
    ...options.init,
  });
}

/** The body of a text message, as the product's worker sends it. */
export function textMessage(receiveId: string = OPEN_ID, text = 'Welcome aboard!', uuid?: string) {
  return {
    receive_id: receiveId,
    msg_type: 'text',
    content: JSON.stringify({ text }),
    ...(uuid === undefined ? {} : { uuid }),
  };
}

/** A message's id from a success answer. */
export function messageIdOf(answer: HttpAnswer): unknown {
  const data = answer.body['data'];
  return typeof data === 'object' && data !== null
    ? (data as Record<string, unknown>)['message_id']
    : undefined;
}
