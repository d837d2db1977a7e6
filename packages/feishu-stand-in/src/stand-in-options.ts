import type { Logger } from '@feishu-welcome/shared';
import {
  type LongConnectionOptions,
  type LongConnectionSettings,
  resolveLongConnection,
} from './long-connection/long-connection-options.js';
import type { RateLimits } from './rate-limiter.js';
import {
  type StoreAppOptions,
  type StoreAppSettings,
  resolveStoreApp,
} from './store-app/store-app-options.js';

/** How a stand-in behaves; every field may be left out. */
export interface FeishuStandInOptions {
  /**
   * When set, only this app id gets a token.
   * @defaultValue unset: any app id (sandbox mode); tokens are still issued and required.
   */
  appId?: string;
  /**
   * When set, only this secret gets a token.
   * @defaultValue unset: any secret (sandbox mode).
   */
  appSecret?: string;
  /** The `tenant_key` messages are sent from. @defaultValue `'stand-in-tenant'` */
  tenantKey?: string;
  /** How long a tenant_access_token lives, as Feishu's `expire`. @defaultValue `7200` */
  tokenTtlSeconds?: number;
  /** Accepted sends per app in any 1 s window; 0 or Infinity: unlimited. @defaultValue `50` */
  ratePerSecond?: number;
  /** Accepted sends per app in any 60 s window; 0 or Infinity: unlimited. @defaultValue `1000` */
  ratePerMinute?: number;
  /** Accepted sends to one receive_id in any 1 s window; 0 or Infinity: unlimited. @defaultValue `5` */
  perReceiverPerSecond?: number;
  /** The clock, in Unix ms, for token expiry, uuid windows, rate limits and timestamps. @defaultValue `Date.now` */
  now?: () => number;
  /** Where `startFeishuStandIn` listens. @defaultValue `'127.0.0.1'` */
  host?: string;
  /** Where `startFeishuStandIn` listens; 0 picks a free port. @defaultValue `0` */
  port?: number;
  /**
   * Gets one line per delivered message, per long connection opened or closed and per event push
   * outcome (ids and type, never content or tokens). @defaultValue none
   */
  log?: Logger;
  /** The long-connection (WebSocket) side. @defaultValue Feishu's settings, see {@link LongConnectionOptions} */
  longConnection?: LongConnectionOptions;
  /**
   * `self-built`: one tenant (`tenantKey`), tokens from `tenant_access_token/internal`. `store`: a
   * marketplace app, which also answers `app_access_token`, `tenant_access_token` (one token per
   * tenant, sending only to its own tenant's chats) and `app_ticket/resend`, and pushes its
   * `app_ticket` (see `storeApp`). @defaultValue `'self-built'`
   */
  appType?: 'self-built' | 'store';
  /** The store-app mode's ticket pushes. @defaultValue see {@link StoreAppOptions} */
  storeApp?: StoreAppOptions;
}

/** The options with every default applied. */
export interface StandInSettings {
  readonly appId: string | undefined;
  readonly appSecret: string | undefined;
  readonly tenantKey: string;
  readonly tokenTtlSeconds: number;
  readonly limits: RateLimits;
  readonly now: () => number;
  readonly log: Logger | undefined;
  readonly longConnection: LongConnectionSettings;
  readonly appType: 'self-built' | 'store';
  readonly storeApp: StoreAppSettings;
}

/**
 * Feishu's IM defaults (50/s and 1000/min per app per tenant, 5/s per receiver) and token lifetime.
 * Source: https://open.feishu.cn/document/server-docs/im-v1/message/create
 */
export function resolveOptions(options: FeishuStandInOptions = {}): StandInSettings {
  return {
    appId: options.appId,
    appSecret: options.appSecret,
    tenantKey: options.tenantKey ?? 'stand-in-tenant',
    tokenTtlSeconds: options.tokenTtlSeconds ?? 7_200,
    limits: {
      perSecond: options.ratePerSecond ?? 50,
      perMinute: options.ratePerMinute ?? 1_000,
      perReceiverPerSecond: options.perReceiverPerSecond ?? 5,
    },
    now: options.now ?? Date.now,
    log: options.log,
    longConnection: resolveLongConnection(options.longConnection),
    appType: options.appType ?? 'self-built',
    storeApp: resolveStoreApp(options.storeApp),
  };
}
