import { createConnection } from 'node:net';
import { waitFor } from '@feishu-welcome/dev-kit';

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits until something accepts TCP connections on 127.0.0.1:`port`. */
export async function waitForPort(port: number, what: string, timeoutMs = 20_000): Promise<void> {
  await waitFor(what, () => accepts(port), { timeoutMs, intervalMs: 50 });
}
