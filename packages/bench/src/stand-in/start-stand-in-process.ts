import type {
  DeliveredMessage,
  RequestRecord,
  StandInStats,
  WsConnectionRecord,
  WsLoadRequest,
  WsLoadResult,
} from '@feishu-welcome/feishu-stand-in';
import { TEST_APP, freePort, waitFor } from '@feishu-welcome/dev-kit';
import { type NodeProcess, spawnNode } from '../process/spawn-node.js';

export interface StandInProcess {
  readonly url: string;
  readonly process: NodeProcess;
  stats(): Promise<StandInStats>;
  messages(): Promise<readonly DeliveredMessage[]>;
  requests(): Promise<readonly RequestRecord[]>;
  wsConnections(): Promise<readonly WsConnectionRecord[]>;
  /** Runs the stand-in's long-connection load generator; resolves when every first attempt settled. */
  wsLoad(request: WsLoadRequest): Promise<WsLoadResult>;
  /** Store mode: says which tenant a chat belongs to (a send from another tenant's token is refused). */
  assignChat(chatId: string, tenantKey: string): Promise<void>;
  /** Store mode: how many `app_ticket` pushes the webhook answered 200. */
  ticketsPushed(): Promise<number>;
  /** Arms a fault (`POST /__stand-in/faults`, the README's control API), e.g. `{ kind: 'feishu-error', code: 230013 }`. */
  addFault(fault: Readonly<Record<string, unknown>>): Promise<void>;
}

export interface StandInLimits {
  /** 0: unlimited. */
  readonly perSecond: number;
  /** 0: unlimited. */
  readonly perMinute: number;
  /** 0: unlimited. */
  readonly perReceiverPerSecond?: number;
}

/** A store (marketplace) app: a token per tenant, the limits per tenant, the app_ticket pushed. */
export interface StandInStoreApp {
  /** Where the `app_ticket` is pushed, sealed with the test app's Verification Token and Encrypt Key. */
  readonly ticketWebhookUrl: string;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** A load lasts as long as it is asked to (rate × count); this only bounds a stand-in that hangs. */
const LOAD_TIMEOUT_MS = 300_000;

async function postJson<T>(url: string, body: unknown, timeoutMs: number): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(`POST ${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * The Feishu stand-in as a process of its own (`packages/feishu-stand-in/dist/main.js`), read through
 * its control API. Not in the harness's process: with the limits lifted it answers thousands of sends
 * a second, and that work would share the harness's event loop and blur whose CPU is whose.
 */
export async function startStandInProcess(
  limits: StandInLimits,
  store?: StandInStoreApp,
): Promise<StandInProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const standIn = spawnNode('packages/feishu-stand-in/dist/main.js', {
    env: {
      STAND_IN_HOST: '127.0.0.1',
      STAND_IN_PORT: String(port),
      FEISHU_APP_ID: TEST_APP.appId,
      FEISHU_APP_SECRET: TEST_APP.appSecret,
      STAND_IN_RATE_PER_SECOND: String(limits.perSecond),
      STAND_IN_RATE_PER_MINUTE: String(limits.perMinute),
      STAND_IN_RATE_PER_RECEIVER_PER_SECOND: String(limits.perReceiverPerSecond ?? 5),
      LOG_LEVEL: 'warn',
      ...(store
        ? {
            STAND_IN_APP_TYPE: 'store',
            STAND_IN_TICKET_WEBHOOK_URL: store.ticketWebhookUrl,
            FEISHU_VERIFICATION_TOKEN: TEST_APP.verificationToken,
            FEISHU_ENCRYPT_KEY: TEST_APP.encryptKey,
          }
        : {}),
    },
  });
  await waitFor('the stand-in to answer', async () => (await fetch(`${url}/healthz`)).ok, {
    timeoutMs: 20_000,
    intervalMs: 50,
  }).catch((error: unknown) => {
    throw new Error(`the stand-in did not start:\n${standIn.output()}`, { cause: error });
  });
  return {
    url,
    process: standIn,
    stats: () => getJson<StandInStats>(`${url}/__stand-in/stats`),
    messages: async () =>
      (await getJson<{ messages: DeliveredMessage[] }>(`${url}/__stand-in/messages`)).messages,
    requests: async () =>
      (await getJson<{ requests: RequestRecord[] }>(`${url}/__stand-in/requests`)).requests,
    wsConnections: async () =>
      (await getJson<{ connections: WsConnectionRecord[] }>(`${url}/__stand-in/ws/connections`)).connections,
    wsLoad: async (request) =>
      (await postJson<{ load: WsLoadResult }>(`${url}/__stand-in/ws/load`, request, LOAD_TIMEOUT_MS)).load,
    assignChat: async (chatId, tenantKey) => {
      await postJson(`${url}/__stand-in/store/chats`, { chat_id: chatId, tenant_key: tenantKey }, 10_000);
    },
    ticketsPushed: async () =>
      (await getJson<{ tickets_pushed: number }>(`${url}/__stand-in/store/stats`)).tickets_pushed,
    addFault: async (fault) => {
      await postJson(`${url}/__stand-in/faults`, fault, 10_000);
    },
  };
}
