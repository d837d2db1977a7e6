import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { serializeError } from './logging/serialize-error.js';

export type { Logger };

/**
 * Paths that may hold secrets, tokens or message content. Code logs ids and outcomes, never bodies;
 * this is the net under that rule.
 */
const REDACT = [
  'token',
  '*.token',
  'tenant_access_token',
  '*.tenant_access_token',
  'app_secret',
  '*.app_secret',
  'encrypt',
  '*.encrypt',
  'content',
  '*.content',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
];

/**
 * The process's one root logger; modules take `log.child({ module })`. Errors are logged as `err`
 * (`log.warn({ err }, '…')`), through {@link serializeError}: never a Redis command's arguments, a
 * URL's password or an HTTP client's headers.
 */
export function createLogger(options: {
  name: string;
  level: LevelWithSilent;
  /** Where lines go; stdout when unset (tests pass a stream to read them). */
  destination?: DestinationStream;
}): Logger {
  return pino(
    {
      name: options.name,
      level: options.level,
      redact: { paths: REDACT, censor: '[redacted]' },
      serializers: { err: serializeError },
      base: { pid: process.pid },
    },
    options.destination,
  );
}
