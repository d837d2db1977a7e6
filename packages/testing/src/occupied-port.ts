import { once } from 'node:events';
import { createServer } from 'node:net';

export interface OccupiedPort {
  readonly port: number;
  release(): Promise<void>;
}

/**
 * A port something else already listens on, on every interface as the services bind, so that a
 * service told to use it fails as it would on a host where another process holds it.
 */
export async function occupyPort(): Promise<OccupiedPort> {
  const server = createServer((socket) => socket.destroy());
  server.listen(0);
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { port, release: () => new Promise((resolve) => server.close(() => resolve())) };
}
