import { once } from 'node:events';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';

export interface StallingProxy {
  /** `redis://127.0.0.1:<proxy port>` when the target is a Redis URL. */
  readonly url: string;
  /** Holds every byte from now on: connections stay open, nothing gets through. */
  stall(): void;
  /** Lets bytes through again, the held ones first. */
  resume(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a Redis URL that can go silent: the way a Redis that is up but too slow
 * looks to a client (no error, no answer).
 */
export async function startStallingProxy(targetUrl: string): Promise<StallingProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  const held: Array<() => void> = [];
  let stalled = false;
  const relay = (from: Socket, to: Socket) =>
    from.on('data', (chunk) => (stalled ? held.push(() => to.write(chunk)) : to.write(chunk)));

  const server = createServer((client) => {
    const upstream = createConnection({ host: target.hostname, port: Number(target.port || 6379) });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    relay(client, upstream);
    relay(upstream, client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `${target.protocol}//127.0.0.1:${port}`,
    stall: () => void (stalled = true),
    resume() {
      stalled = false;
      for (const write of held.splice(0)) write();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
