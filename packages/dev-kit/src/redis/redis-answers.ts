import { type Socket, connect as connectTcp, isIP } from 'node:net';
import { connect as connectTls } from 'node:tls';

/**
 * True when a Redis server answers at `url` within `timeoutMs`. One inline `PING` is enough to tell:
 * `+PONG`, or an error that only Redis would send (it wants a password), means someone is there.
 * The services themselves connect with ioredis; this check needs no client, so `pnpm dev` and the
 * redis-server launcher use it. A `rediss://` server's certificate must be trusted: by Node's CAs (with
 * `NODE_EXTRA_CA_CERTS`), or by `trust.ca`.
 */
export async function redisAnswers(
  url: string,
  timeoutMs = 1_000,
  trust: { readonly ca?: Buffer } = {},
): Promise<boolean> {
  const target = new URL(url);
  const port = Number(target.port || 6379);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  return await new Promise((resolve) => {
    const socket: Socket =
      target.protocol === 'rediss:'
        ? // SNI takes a host name only: Node warns of an IP address there (DEP0123).
          connectTls({
            host,
            port,
            servername: isIP(host) ? undefined : host,
            ca: trust.ca,
            timeout: timeoutMs,
          })
        : connectTcp({ host, port, timeout: timeoutMs });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.once(target.protocol === 'rediss:' ? 'secureConnect' : 'connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(/^(\+PONG|-NOAUTH|-WRONGPASS)/.test(data.toString('latin1'))));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}
