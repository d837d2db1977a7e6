import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FeishuStandInControl } from './create-control.js';
import { createFeishuStandIn } from './create-feishu-stand-in.js';
import type { FeishuStandInOptions } from './stand-in-options.js';

export interface RunningFeishuStandIn extends FeishuStandInControl {
  /** The base URL to give a Feishu client as its domain, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  /**
   * Stops listening and drops open connections, held (`hang`) requests and long connections included,
   * and stops every re-push timer.
   */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** An address one can connect to: a wildcard bind is reached through loopback. */
function urlHost(address: string): string {
  if (address === '0.0.0.0') return '127.0.0.1';
  if (address === '::') return '[::1]';
  return address.includes(':') ? `[${address}]` : address;
}

/** Starts a stand-in on `host:port` (default 127.0.0.1 and a free port) and returns its URL and controls. */
export async function startFeishuStandIn(options: FeishuStandInOptions = {}): Promise<RunningFeishuStandIn> {
  const { app, control, upgrade, closeLongConnections, stop } = createFeishuStandIn(options);
  const server = createServer(app);
  server.on('upgrade', upgrade);
  await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const { address, port } = server.address() as AddressInfo;
  if (options.appType === 'store' && options.storeApp?.pushTicketAtStart !== false)
    control.store.pushTicket();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    stop();
    closing ??= new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
      // Upgraded sockets are no longer the HTTP server's to close.
      closeLongConnections();
    });
    return closing;
  };
  return { ...control, url: `http://${urlHost(address)}:${port}`, port, close };
}
