import { setTimeout as sleep } from 'node:timers/promises';
import {
  FrameMethod,
  decodeWsFrame,
  encodeWsFrame,
  type Logger,
  type WsClientConfig,
  type WsFrame,
  warnSparingly,
} from '@feishu-welcome/shared';
import { WebSocket, type RawData } from 'ws';
import { describeConnectFailure } from './describe-connect-failure.js';
import { LongConnectionRefusedError } from './long-connection-refused-error.js';
import { DEFAULT_CLIENT_CONFIG, mayReconnect, reconnectDelayMs } from './reconnect-delay.js';
import { readClientConfig } from './read-client-config.js';
import { readHandshakeRefusal } from './read-handshake-refusal.js';
import { requestWsEndpoint } from './request-ws-endpoint.js';

/*
 * Our own client of Feishu's long connection, over `ws` and the shared frame codec, rather than the
 * SDK's `WSClient` (@larksuiteoapi/node-sdk), because the SDK's: watchdog only fires at a ping, and a
 * reconnect then waits a random ReconnectNonce (up to 30 s), so a half-open socket is replaced later
 * than PingInterval + 15 s; `close()` detaches the socket before acknowledgements in flight are sent
 * (they are lost on SIGTERM); `start()` silently does nothing unless the app id is `cli_` + 16 hex;
 * errors it will not retry leave a live process that hears nothing (`onError` only); it retries an
 * upgrade Feishu refused for good (the connection limit) for ever, not reading the refusal's headers
 * as Feishu's Go and Python clients do; and it logs whole event bodies at debug level.
 * Protocol: https://open.feishu.cn/document/ukTMukTMukTM/uYDNxYjL2QTM24iN0EjN/event-subscription-configure-/request-url-configuration-case
 */

/** Timings of the connection's own; Feishu's (ping interval, reconnect budget) come from its server. */
export interface LongConnectionTiming {
  /**
   * A ping no frame answers within this long means a half-open socket: it is cut and replaced. Feishu's
   * bound is its ping interval + 15 s for the replacement, not only the cut: 12 s leaves 3 s for the
   * first attempt's jitter (up to 1 s), the endpoint and the handshake. @defaultValue 12_000
   */
  readonly pongTimeoutMs?: number;
  /** Bound on asking for the endpoint, and on the WebSocket handshake. @defaultValue 10_000 */
  readonly connectTimeoutMs?: number;
  /** Bound on the close handshake at shutdown, after which the socket is cut. @defaultValue 2_000 */
  readonly closeTimeoutMs?: number;
}

export interface LongConnectionOptions {
  /** Feishu's base URL (`FEISHU_DOMAIN`). */
  readonly baseUrl: string;
  readonly appId: string;
  readonly appSecret: string;
  readonly log: Logger;
  /** Each data frame, with the means to answer on the socket it came by (false once that is closed). */
  readonly onData: (frame: WsFrame, reply: (bytes: Uint8Array) => boolean) => void;
  /** Told of each connection opened (`reconnect` after the first) and each one lost. */
  readonly onState?: (state: { readonly open: boolean; readonly reconnect: boolean }) => void;
  readonly timing?: LongConnectionTiming;
  /** @defaultValue the global `fetch` */
  readonly fetch?: typeof fetch;
  /** @defaultValue `Math.random` */
  readonly random?: () => number;
}

export interface LongConnection {
  /** Settles once the first connection is open, or the client has given up, or it was closed. */
  readonly started: Promise<void>;
  /** Resolves, once, when the client gives up for good; it never rejects. */
  readonly gaveUp: Promise<LongConnectionRefusedError>;
  readonly isOpen: () => boolean;
  /** Stops reconnecting and closes the socket with a normal close. */
  close(): Promise<void>;
}

/** Feishu's events are small; a frame this big is not one of them. */
const MAX_FRAME_BYTES = 4 * 1024 * 1024;
const NORMAL_CLOSURE = 1000;
/**
 * A connection lost sooner than this after it opened does not reset the backoff: a server that closes
 * each connection as it opens would otherwise be asked again at once, hundreds of times a second.
 */
const STABLE_CONNECTION_MS = 10_000;

/** Opens Feishu's long connection and keeps it open until `close()`, or until Feishu refuses it for good. */
export function connectLongConnection(options: LongConnectionOptions): LongConnection {
  const { log } = options;
  const unreadableWarning = warnSparingly(log, 'unreadable frame ignored');
  const pongTimeoutMs = options.timing?.pongTimeoutMs ?? 12_000;
  const connectTimeoutMs = options.timing?.connectTimeoutMs ?? 10_000;
  const closeTimeoutMs = options.timing?.closeTimeoutMs ?? 2_000;
  const random = options.random ?? Math.random;
  const stopping = new AbortController();
  let config: WsClientConfig = DEFAULT_CLIENT_CONFIG;
  let current: WebSocket | undefined;
  let opened = 0;

  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  let giveUp: (error: LongConnectionRefusedError) => void = () => undefined;
  const gaveUp = new Promise<LongConnectionRefusedError>((resolve) => (giveUp = resolve));

  /** One connection, from asking for its URL to its end: `closed` once it was open a while, else `failed`. */
  async function connectOnce(): Promise<'closed' | 'failed' | LongConnectionRefusedError> {
    const answer = await requestWsEndpoint({
      baseUrl: options.baseUrl,
      appId: options.appId,
      appSecret: options.appSecret,
      timeoutMs: connectTimeoutMs,
      fetch: options.fetch ?? fetch,
      signal: stopping.signal,
    });
    if (stopping.signal.aborted) return 'failed';
    if (answer.kind === 'refused') return answer.error;
    if (answer.kind === 'retry') {
      log.warn(
        { code: answer.code, cause: describeConnectFailure(answer.cause) },
        'long connection endpoint failed',
      );
      return 'failed';
    }
    config = { ...config, ...answer.config };
    const serviceId = Number(new URL(answer.url).searchParams.get('service_id') ?? 0) || 0;
    let ws: WebSocket;
    try {
      ws = new WebSocket(answer.url, {
        handshakeTimeout: connectTimeoutMs,
        maxPayload: MAX_FRAME_BYTES,
        perMessageDeflate: false,
      });
    } catch (error) {
      log.warn({ cause: describeConnectFailure(error) }, 'long connection did not open');
      return 'failed';
    }
    current = ws;
    const closed = closeOf(ws);
    // An upgrade Feishu refuses says why in its headers, some reasons final; without this listener
    // `ws` would only report "Unexpected server response".
    let refusal: LongConnectionRefusedError | undefined;
    ws.once('unexpected-response', (_request, response) => {
      refusal = readHandshakeRefusal(response.headers);
      log.warn(
        { status: response.statusCode, handshakeStatus: response.headers['handshake-status'] },
        'long connection upgrade refused',
      );
      ws.terminate();
    });
    // `serve` attaches its listeners within the 'open' event itself: frames that came in the same read
    // as the handshake are emitted right after it, before an `await` would resume, and an 'error'
    // with no listener would end the process.
    const served = await new Promise<{ readonly until: Promise<void> } | undefined>((resolve) => {
      const failed = (error: Error): void => {
        log.warn({ cause: describeConnectFailure(error) }, 'long connection did not open');
        resolve(undefined);
      };
      ws.once('error', failed);
      ws.once('open', () => {
        ws.off('error', failed);
        resolve({ until: serve(ws, serviceId, closed) });
      });
    });
    if (served === undefined) {
      await closed;
      return refusal ?? 'failed';
    }
    const openedAt = Date.now();
    await served.until;
    return Date.now() - openedAt >= STABLE_CONNECTION_MS ? 'closed' : 'failed';
  }

  /** Runs one open socket until it closes: pings, liveness, frames. */
  async function serve(ws: WebSocket, serviceId: number, closed: Promise<number>): Promise<void> {
    opened += 1;
    const connection = opened;
    ws.on('error', (error) =>
      log.warn({ connection, cause: describeConnectFailure(error) }, 'long connection error'),
    );
    options.onState?.({ open: true, reconnect: connection > 1 });
    log.info({ connection, serviceId }, 'long connection open');
    markStarted();

    let pingTimer: NodeJS.Timeout | undefined;
    let pongTimer: NodeJS.Timeout | undefined;
    let idleTimer: NodeJS.Timeout | undefined;
    const cut = (why: string): void => {
      log.warn({ connection, why }, 'long connection half-open; replacing it');
      ws.terminate();
    };
    const sendPing = (): void => {
      ws.send(
        encodeWsFrame({ service: serviceId, method: FrameMethod.control, headers: [['type', 'ping']] }),
      );
      pongTimer ??= setTimeout(() => cut('no frame answered a ping'), pongTimeoutMs);
      pingTimer = setTimeout(sendPing, config.PingInterval * 1_000);
    };
    // Any frame proves the socket alive; silence past a ping interval and the pong's grace does not.
    const heard = (): void => {
      clearTimeout(pongTimer);
      pongTimer = undefined;
      clearTimeout(idleTimer);
      idleTimer = setTimeout(
        () => cut('no frame for a ping interval'),
        config.PingInterval * 1_000 + pongTimeoutMs,
      );
    };
    const reply = (bytes: Uint8Array): boolean => {
      if (ws.readyState !== WebSocket.OPEN) return false;
      ws.send(bytes);
      return true;
    };

    ws.on('message', (data: RawData) => {
      heard();
      let frame: WsFrame;
      try {
        frame = decodeWsFrame(toBytes(data));
      } catch {
        unreadableWarning({ connection });
        return;
      }
      if (frame.method === FrameMethod.data) {
        options.onData(frame, reply);
        return;
      }
      if (frame.headers.get('type') !== 'pong' || frame.payload === undefined) return;
      const previous = config.PingInterval;
      const pong = readClientConfig(frame.payload);
      if (pong.unreadable.length > 0)
        log.warn(
          { connection, unreadable: pong.unreadable },
          "pong's client configuration not all readable: those values are kept as they were",
        );
      config = { ...config, ...pong.config };
      if (config.PingInterval !== previous) {
        clearTimeout(pingTimer);
        pingTimer = setTimeout(sendPing, config.PingInterval * 1_000);
      }
    });
    ws.on('ping', heard);
    ws.on('pong', heard);
    heard();
    sendPing();

    const code = await closed;
    for (const timer of [pingTimer, pongTimer, idleTimer]) clearTimeout(timer);
    current = undefined;
    options.onState?.({ open: false, reconnect: false });
    if (stopping.signal.aborted) log.info({ connection, code }, 'long connection closed');
    else log.warn({ connection, code }, 'long connection lost; reconnecting');
  }

  async function run(): Promise<void> {
    // Attempts since the last open connection; 0 is the very first one, made at once.
    let attempt = 0;
    while (!stopping.signal.aborted) {
      if (attempt > 0) {
        if (!mayReconnect(attempt, config)) {
          const error = new LongConnectionRefusedError(
            `gave up reconnecting to Feishu's long connection after ${attempt - 1} attempts, as its server allows: check FEISHU_DOMAIN and the network`,
            'reconnects-exhausted',
          );
          giveUp(error);
          return;
        }
        const ok = await sleep(reconnectDelayMs(attempt, config, random), true, {
          signal: stopping.signal,
        }).catch(() => false);
        if (!ok) return;
      }
      const outcome = await connectOnce();
      if (outcome instanceof LongConnectionRefusedError) {
        giveUp(outcome);
        return;
      }
      attempt = outcome === 'closed' ? 1 : attempt + 1;
    }
  }

  const running = run().finally(markStarted);
  void gaveUp.then(markStarted);

  return {
    started,
    gaveUp,
    isOpen: () => current?.readyState === WebSocket.OPEN,
    async close() {
      stopping.abort();
      const ws = current;
      if (ws !== undefined && ws.readyState !== WebSocket.CLOSED) {
        const closed = closeOf(ws);
        ws.close(NORMAL_CLOSURE, 'shutting down');
        const timer = setTimeout(() => ws.terminate(), closeTimeoutMs);
        await closed;
        clearTimeout(timer);
      }
      await running;
    },
  };
}

/** The socket's close code, once it has closed (`events.once` would reject on an 'error' first). */
function closeOf(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code: number) => resolve(code)));
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}
