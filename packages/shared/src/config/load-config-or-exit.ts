import { ConfigError } from './config-error.js';

/**
 * Runs a config loader at process start; on a `ConfigError` prints the bad keys (never values) to
 * stderr and exits 1 before anything listens.
 */
export function loadConfigOrExit<T>(load: () => T, processName: string): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${processName}: ${error.message}\n`);
    process.exit(1);
  }
}
