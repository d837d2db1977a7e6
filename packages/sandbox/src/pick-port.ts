import { once } from 'node:events';
import { createServer } from 'node:net';

/**
 * `preferred` when nothing listens on it (and no other service was given it), else a free port the
 * system picks. Probed on all interfaces, as the services listen. A port can still be taken between
 * the probe and the service's own `listen`; the service then fails loudly and `pnpm dev` stops.
 * A preferred port past 65535 (the worker's metrics port is METRICS_PORT + 1) is no preference.
 */
export async function pickPort(preferred: number, taken: ReadonlySet<number>): Promise<number> {
  if (preferred <= MAX_PORT && !taken.has(preferred)) {
    const port = await tryListen(preferred);
    if (port !== undefined) return port;
  }
  for (;;) {
    const port = await tryListen(0);
    if (port !== undefined && !taken.has(port)) return port;
  }
}

const MAX_PORT = 65_535;

async function tryListen(port: number): Promise<number | undefined> {
  const server = createServer();
  server.listen(port);
  try {
    await once(server, 'listening');
  } catch {
    return undefined;
  }
  const address = server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : undefined;
  await new Promise((resolve) => server.close(resolve));
  return bound;
}
