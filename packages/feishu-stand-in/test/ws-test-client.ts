import { FrameMethod, type WsFrame, ackFrame, decodeWsFrame, encodeWsFrame } from '@feishu-welcome/shared';
import { waitFor } from '@feishu-welcome/dev-kit';
import type { IncomingHttpHeaders } from 'node:http';
import { WebSocket } from 'ws';
import { APP_ID, APP_SECRET, type HttpAnswer, postJson } from './stand-in-client.js';

/** A bare long-connection client on `ws` and the shared codec, for the stand-in's tests. */

export function requestWsEndpoint(
  baseUrl: string,
  credentials: Record<string, unknown> = { AppID: APP_ID, AppSecret: APP_SECRET },
): Promise<HttpAnswer> {
  return postJson(`${baseUrl}/callback/ws/endpoint`, credentials, { locale: 'zh' });
}

/** The WebSocket URL of a successful endpoint answer. */
export function wsUrlOf(answer: HttpAnswer): string {
  const data = answer.body['data'] as { URL?: unknown } | undefined;
  if (typeof data?.URL !== 'string') throw new Error(`no URL: ${JSON.stringify(answer.body)}`);
  return data.URL;
}

/** The answer an upgrade to `url` gets: status 101 when the WebSocket opens (it is then closed). */
export function upgradeAnswer(url: string): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('open', () => {
      socket.terminate();
      resolve({ status: 101, headers: {} });
    });
    socket.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
      res.resume();
    });
    socket.on('error', reject);
  });
}

/** The HTTP status an upgrade to `url` gets: 101 when the WebSocket opens (it is then closed). */
export async function upgradeStatus(url: string): Promise<number> {
  return (await upgradeAnswer(url)).status;
}

export interface TestWsClient {
  readonly socket: WebSocket;
  readonly serviceId: number;
  /** Every frame received, in arrival order. */
  readonly frames: WsFrame[];
  /** Resolves with the close code once the connection is closed. */
  readonly closed: Promise<number>;
  /** Event frames received, in arrival order. */
  events(): WsFrame[];
  pongs(): WsFrame[];
  ping(): void;
  /** Acknowledges a pushed frame with `code`, as a client does after handling the event. */
  ack(frame: WsFrame, code: number): void;
}

const open = new Set<WebSocket>();

/** Calls the endpoint with the test credentials and opens the WebSocket it hands out; see {@link closeWsClients}. */
export async function connectWs(baseUrl: string): Promise<TestWsClient> {
  const url = wsUrlOf(await requestWsEndpoint(baseUrl));
  const serviceId = Number(new URL(url).searchParams.get('service_id'));
  const socket = new WebSocket(url);
  open.add(socket);
  const frames: WsFrame[] = [];
  socket.on('message', (data: Buffer) => frames.push(decodeWsFrame(data)));
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const ofType = (type: string) => frames.filter((f) => f.headers.get('type') === type);
  return {
    socket,
    serviceId,
    frames,
    closed,
    events: () => ofType('event'),
    pongs: () => ofType('pong'),
    ping: () => {
      socket.send(
        encodeWsFrame({ service: serviceId, method: FrameMethod.control, headers: [['type', 'ping']] }),
      );
    },
    ack: (frame, code) => {
      socket.send(ackFrame(frame, code, 7));
    },
  };
}

/** For `afterEach`: cuts every connection the test opened. */
export function closeWsClients(): void {
  for (const socket of open) socket.terminate();
  open.clear();
}

/** The event frames of one push, once all `sum` of them arrived. */
export function waitForPush(client: TestWsClient, count = 1): Promise<WsFrame[]> {
  return waitFor(
    `${count} event frame(s)`,
    () => (client.events().length >= count ? client.events() : undefined),
    {
      timeoutMs: 5_000,
    },
  );
}

/** The envelope the fragments of one message carry, joined by `seq`. */
export function joinFragments(frames: readonly WsFrame[]): unknown {
  const parts = [...frames].sort((a, b) => Number(a.headers.get('seq')) - Number(b.headers.get('seq')));
  const bytes = Buffer.concat(parts.map((f) => f.payload ?? new Uint8Array()));
  return JSON.parse(bytes.toString('utf8'));
}
