import type { Logger } from 'pino';

/** What is watched: an ioredis client (its `status` is `ready` while commands can run). */
export interface WatchedRedis {
  readonly status: string;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
  /** A Redis Cluster's: one node's connection failed (ioredis gives its `host:port`). */
  on(event: 'node error', listener: (err: Error, address: string) => void): unknown;
}

export interface RedisOutageLog {
  /**
   * A listener for the `error` events of BullMQ queues and workers over this Redis. While the
   * connection is down their errors repeat the outage already logged, so they go to `debug`; otherwise
   * each kind of error is logged once per `repeatWindowMs`.
   */
  errorListener(message: string): (err: unknown) => void;
}

/** WRONGPASS (a wrong password or user), NOAUTH (none given), and Redis before 6's wording. */
const REFUSED_LOGIN = /^(WRONGPASS|NOAUTH)\b|^ERR invalid (username-)?password/;

/**
 * Node's codes for a server certificate it did not accept: signed by a CA it does not know, expired, or
 * for another host (https://nodejs.org/api/tls.html, https://www.openssl.org/docs/man3.0/man3/X509_STORE_CTX_get_error.html).
 */
const UNTRUSTED_CERTIFICATE = /^(ERR_TLS_CERT_ALTNAME_INVALID|[A-Z_]*CERT[A-Z_]*|UNABLE_TO_[A-Z_]+)$/;

/** Why the first error of an outage happened, in words, when its cause is a setting; else undefined. */
function misconfiguration(err: Error & { code?: unknown }, everReady: boolean): string | undefined {
  if (REFUSED_LOGIN.test(err.message)) return 'Redis refused the password: check REDIS_URL';
  if (typeof err.code === 'string' && UNTRUSTED_CERTIFICATE.test(err.code))
    return "Redis's TLS certificate was not accepted: for a private CA set NODE_EXTRA_CA_CERTS to its PEM file";
  // A TLS-only server drops a client that does not start with a TLS handshake.
  if (!everReady && err.code === 'ECONNRESET')
    return 'Redis closed the connection before answering: if it wants TLS, REDIS_URL must start with rediss://';
  return undefined;
}

const REPEAT_WINDOW_MS = 60_000;
/** Kinds remembered at most; errors naming a job each are kinds of their own. */
const MAX_KINDS = 100;

/**
 * Logs a Redis outage once as it starts and once as it ends, while ioredis keeps reconnecting (it
 * emits an error for every attempt: a wrong password made a worker print 114 lines in 6 s). A refused
 * login, an untrusted TLS certificate, or a plain connection to a TLS-only server says so in words,
 * since no reconnect will fix it. A cluster's node errors are logged once per node and window.
 */
export function logRedisOutages(
  redis: WatchedRedis,
  log: Logger,
  options: { now?: () => number; repeatWindowMs?: number } = {},
): RedisOutageLog {
  const now = options.now ?? Date.now;
  const repeatWindowMs = options.repeatWindowMs ?? REPEAT_WINDOW_MS;
  let down = false;
  let everReady = redis.status === 'ready';
  redis.on('error', (err) => {
    const cause = down ? undefined : misconfiguration(err, everReady);
    if (down) log.debug({ err }, 'redis connection error');
    else if (cause !== undefined) log.error({ err }, cause);
    else log.warn({ err }, 'redis connection error');
    down = true;
  });
  redis.on('ready', () => {
    if (down) log.info('redis connection restored');
    down = false;
    everReady = true;
  });
  // On a cluster one node fails while the others serve their slots, and the cluster stays `ready`: each
  // node's errors are logged once per window, at warn (its slots' commands fail meanwhile).
  const nodeLogged = new Map<string, number>();
  redis.on('node error', (err, address) => {
    const last = nodeLogged.get(address);
    if (last !== undefined && now() - last < repeatWindowMs) {
      log.debug({ err, node: address }, 'redis cluster node error');
      return;
    }
    if (nodeLogged.size >= MAX_KINDS) nodeLogged.clear();
    nodeLogged.set(address, now());
    if (REFUSED_LOGIN.test(err.message))
      log.error({ err, node: address }, 'Redis refused the password: check REDIS_URL');
    else log.warn({ err, node: address }, 'redis cluster node error');
  });

  const lastLogged = new Map<string, number>();
  return {
    errorListener(message) {
      return (err) => {
        const kind = `${message}\n${err instanceof Error ? err.message : String(err)}`;
        const last = lastLogged.get(kind);
        if (down || redis.status !== 'ready' || (last !== undefined && now() - last < repeatWindowMs)) {
          log.debug({ err }, message);
          return;
        }
        if (lastLogged.size >= MAX_KINDS) lastLogged.clear();
        lastLogged.set(kind, now());
        log.error({ err }, message);
      };
    },
  };
}
