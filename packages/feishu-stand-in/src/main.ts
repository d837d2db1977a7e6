import { ConfigError, createLogger, exitOnFatalError } from '@feishu-welcome/shared';
import { type StandInConfig, loadStandInConfig } from './stand-in-config.js';
import { startFeishuStandIn } from './start-feishu-stand-in.js';

/** Only wiring: configuration, logger, server, signals. */

function readConfig(): StandInConfig {
  try {
    return loadStandInConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const log = createLogger({ name: 'feishu-stand-in', level: config.logLevel });
  exitOnFatalError(log, { STAND_IN_PORT: config.port });
  const standIn = await startFeishuStandIn({
    host: config.host,
    port: config.port,
    appId: config.appId,
    appSecret: config.appSecret,
    ratePerSecond: config.ratePerSecond,
    ratePerMinute: config.ratePerMinute,
    perReceiverPerSecond: config.perReceiverPerSecond,
    tokenTtlSeconds: config.tokenTtlSeconds,
    log: log.child({ module: 'stand-in' }),
  });
  log.info(
    {
      url: standIn.url,
      host: config.host,
      port: standIn.port,
      appId: config.appId ?? '(any)',
      ratePerSecond: config.ratePerSecond,
      ratePerMinute: config.ratePerMinute,
    },
    'feishu stand-in listening',
  );

  const stop = (signal: NodeJS.Signals): void => {
    log.info({ signal }, 'feishu stand-in stopping');
    standIn.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'feishu stand-in did not close cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

// A failure to start (STAND_IN_PORT in use…) ends the process through `exitOnFatalError`.
await main();
