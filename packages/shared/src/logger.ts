import { pino, type Logger, type LevelWithSilent } from 'pino';

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

/** The process's one root logger; modules take `log.child({ module })`. */
export function createLogger(options: { name: string; level: LevelWithSilent }): Logger {
  return pino({
    name: options.name,
    level: options.level,
    redact: { paths: REDACT, censor: '[redacted]' },
    base: { pid: process.pid },
  });
}
