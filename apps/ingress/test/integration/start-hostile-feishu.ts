import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { decodeWsFrame, FrameMethod, type WsClientConfig } from '@feishu-welcome/shared';
import { WebSocketServer, type WebSocket } from 'ws';

/** One connection the hostile server accepted, with the raw socket under it. */
export interface HostileConnection {
  readonly ws: WebSocket;
  readonly socket: Duplex;
  /** 1 for the first connection, 2 for the next, … */
  readonly index: number;
}

export interface HostileFeishu {
  /** The base URL to give the ingress as its Feishu domain. */
  readonly url: string;
  /** Upgrades asked for so far, refused ones included. */
  readonly upgrades: () => number;
  /** Codes of the acknowledgements received so far, by `message_id`. */
  readonly acks: () => ReadonlyMap<string, number>;
  close(): Promise<void>;
}

/**
 * A Feishu long-connection server that misbehaves as a test needs, where the stand-in cannot: its
 * `onConnection` runs while the socket is still corked, so whatever it sends reaches the client in the
 * same TCP write as the handshake's 101 answer, as a busy server's frames can.
 */
export async function startHostileFeishu(options: {
  readonly clientConfig?: Partial<WsClientConfig>;
  readonly onConnection?: (connection: HostileConnection) => void;
  /** Headers of a 403 refusing upgrade number `index` (1, 2, …); `undefined` lets it in. */
  readonly refuseUpgrade?: (index: number) => Readonly<Record<string, string>> | undefined;
}): Promise<HostileFeishu> {
  const wss = new WebSocketServer({ noServer: true });
  const acks = new Map<string, number>();
  let upgrades = 0;
  const server = createServer((request: IncomingMessage, response) => {
    const { port } = server.address() as AddressInfo;
    response.setHeader('content-type', 'application/json');
    response.end(
      JSON.stringify({
        code: 0,
        data: {
          URL: `ws://127.0.0.1:${port}/ws?device_id=d&service_id=7`,
          ClientConfig: {
            PingInterval: 120,
            ReconnectCount: -1,
            ReconnectInterval: 1,
            ReconnectNonce: 0,
            ...options.clientConfig,
          },
        },
      }),
    );
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgrades += 1;
    const index = upgrades;
    socket.on('error', () => undefined);
    const refusal = options.refuseUpgrade?.(index);
    if (refusal !== undefined) {
      const headers = Object.entries(refusal).map(([name, value]) => `${name}: ${value}\r\n`);
      socket.end(
        `HTTP/1.1 403 Forbidden\r\n${headers.join('')}Connection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    socket.cork();
    wss.handleUpgrade(request, socket, head, (ws) => {
      ws.on('message', (data: Buffer) => {
        const frame = decodeWsFrame(data);
        if (frame.method !== FrameMethod.data || frame.payload === undefined) return;
        const { code } = JSON.parse(Buffer.from(frame.payload).toString('utf8')) as { code: number };
        acks.set(frame.headers.get('message_id') ?? '', code);
      });
      options.onConnection?.({ ws, socket, index });
      process.nextTick(() => socket.uncork());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    upgrades: () => upgrades,
    acks: () => acks,
    async close() {
      for (const client of wss.clients) client.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
