import { FaultBook } from './fault-book.js';
import { WsConnectionBook } from './long-connection/ws-connection-book.js';
import { WsDeliveryBook } from './long-connection/ws-delivery-book.js';
import { WsTicketBook } from './long-connection/ws-ticket-book.js';
import { MessageStore } from './message-store.js';
import { PaceMeter } from './pace-meter.js';
import { RequestLog } from './request-log.js';
import type { StandInSettings } from './stand-in-options.js';
import { TenantRateLimiters } from './tenant-rate-limiters.js';
import {
  type StoreAppState,
  createStoreAppState,
  zeroStoreAppCounters,
} from './store-app/store-app-state.js';
import { TokenBook } from './token-book.js';

/** Enough history for any test or a day of trying it out, small enough to keep in memory. */
const KEEP_RECORDS = 10_000;

/** Running totals; see {@link StandInStats} for what each one counts. */
export interface Counters {
  requests: number;
  accepted: number;
  delivered: number;
  deduplicated: number;
  throttled: number;
  rejected: number;
  faulted: number;
  token_requests: number;
  tokens_issued: number;
  token_rejected: number;
}

/** The long-connection side: tickets handed out, connections, and events pushed over them. */
export interface LongConnectionState {
  readonly tickets: WsTicketBook;
  readonly connections: WsConnectionBook;
  readonly deliveries: WsDeliveryBook;
}

/** Everything one stand-in remembers; the endpoints and the control API share it. */
export interface StandInState {
  readonly settings: StandInSettings;
  readonly tokens: TokenBook;
  readonly limiter: TenantRateLimiters;
  readonly pace: PaceMeter;
  readonly faults: FaultBook;
  readonly store: MessageStore;
  readonly journal: RequestLog;
  readonly counters: Counters;
  readonly ws: LongConnectionState;
  /** The store-app mode's ticket, app tokens and chats; idle in self-built mode. */
  readonly storeApp: StoreAppState;
}

function zeroCounters(): Counters {
  return {
    requests: 0,
    accepted: 0,
    delivered: 0,
    deduplicated: 0,
    throttled: 0,
    rejected: 0,
    faulted: 0,
    token_requests: 0,
    tokens_issued: 0,
    token_rejected: 0,
  };
}

export function createStandInState(settings: StandInSettings): StandInState {
  const connections = new WsConnectionBook(settings.now);
  const deliveries = new WsDeliveryBook({
    connections,
    settings: settings.longConnection,
    now: settings.now,
    log: settings.log,
  });
  return {
    settings,
    tokens: new TokenBook(settings.tokenTtlSeconds, settings.now),
    limiter: new TenantRateLimiters(settings.limits, settings.now),
    pace: new PaceMeter(),
    faults: new FaultBook(),
    store: new MessageStore(KEEP_RECORDS, settings.now),
    journal: new RequestLog(KEEP_RECORDS),
    counters: zeroCounters(),
    ws: { tickets: new WsTicketBook(), connections, deliveries },
    storeApp: createStoreAppState(settings.storeApp, settings),
  };
}

/**
 * Forgets messages, faults, statistics, tokens and event pushes (their re-push timers too), as if just
 * started; open long connections stay open.
 */
export function resetStandInState(state: StandInState): void {
  state.tokens.revokeAll();
  state.limiter.reset();
  state.pace.clear();
  state.faults.clear();
  state.store.clear();
  state.journal.clear();
  state.ws.deliveries.clear();
  Object.assign(state.counters, zeroCounters());
  state.storeApp.appTokens.revokeAll();
  Object.assign(state.storeApp.counters, zeroStoreAppCounters());
}
