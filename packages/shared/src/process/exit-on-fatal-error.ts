import type { Logger } from 'pino';
import { describeFatalError, type PortVariables } from './describe-fatal-error.js';

/**
 * Makes an error nothing caught end the process: logged once (through the logger's safe serializer),
 * then exit 1, so that an orchestrator restarts a whole process rather than keeping a half-alive one.
 * A port that cannot be listened on is one line naming its variable, not a stack trace. Call once in
 * `main.ts`, right after the logger exists.
 */
export function exitOnFatalError(log: Logger, ports: PortVariables = {}): void {
  const fail = (error: unknown, origin: string): void => {
    const { message, fields } = describeFatalError(error, origin, ports);
    log.fatal(fields, message);
    process.exit(1);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', (reason) => fail(reason, 'unhandledRejection'));
}
