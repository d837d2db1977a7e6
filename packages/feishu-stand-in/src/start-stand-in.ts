import { createLogger, type Logger } from '@feishu-welcome/shared';
import type { StandInConfig } from './stand-in-config.js';
import { startFeishuStandIn, type RunningFeishuStandIn } from './start-feishu-stand-in.js';

/** What the stand-in server takes from outside besides its configuration; every field may be left out. */
export interface StandInDeps {
  /** @defaultValue a logger on stdout at `config.logLevel` */
  readonly log?: Logger;
  /** The clock for tokens, uuid windows and rate limits, in Unix ms. @defaultValue `Date.now` */
  readonly now?: () => number;
}

/** The stand-in server as its process runs it: configured from the environment, and saying where it is. */
export async function startStandIn(
  config: StandInConfig,
  deps: StandInDeps = {},
): Promise<RunningFeishuStandIn> {
  const log = deps.log ?? createLogger({ name: 'feishu-stand-in', level: config.logLevel });
  const standIn = await startFeishuStandIn({
    host: config.host,
    port: config.port,
    appId: config.appId,
    appSecret: config.appSecret,
    ratePerSecond: config.ratePerSecond,
    ratePerMinute: config.ratePerMinute,
    perReceiverPerSecond: config.perReceiverPerSecond,
    tokenTtlSeconds: config.tokenTtlSeconds,
    longConnection: config.longConnection,
    appType: config.appType,
    storeApp: config.storeApp,
    now: deps.now,
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
      appType: config.appType,
    },
    'feishu stand-in listening',
  );
  return standIn;
}
