import type { Logger } from '@feishu-welcome/shared';
import { newAppAccessToken, newAppTicket } from '../feishu-ids.js';
import { TokenBook } from '../token-book.js';
import type { StoreAppSettings } from './store-app-options.js';
import { type TicketPusher, createTicketPusher } from './ticket-pusher.js';

/** Running totals of the store-app endpoints. */
export interface StoreAppCounters {
  app_token_requests: number;
  app_tokens_issued: number;
  /** app_access_token requests refused for a ticket that is not the current one (10012). */
  tickets_refused: number;
  tenant_token_requests: number;
  ticket_resends: number;
  /** Sends refused because the token's tenant is not the chat's (230038). */
  cross_tenant_refused: number;
}

/** What a store-app stand-in remembers besides what every stand-in does. */
export interface StoreAppState {
  readonly settings: StoreAppSettings;
  /** The one ticket the app_access_token endpoint accepts. */
  ticket: string;
  readonly appTokens: TokenBook;
  /** Which tenant each chat belongs to, as the tests said (see `assignChat`). */
  readonly chatTenants: Map<string, string>;
  readonly pusher: TicketPusher;
  readonly counters: StoreAppCounters;
  /** Draws a new ticket; the old one is refused from now on. */
  rotate(): void;
}

export function zeroStoreAppCounters(): StoreAppCounters {
  return {
    app_token_requests: 0,
    app_tokens_issued: 0,
    tickets_refused: 0,
    tenant_token_requests: 0,
    ticket_resends: 0,
    cross_tenant_refused: 0,
  };
}

/** The app id pushes name when the stand-in is not pinned to one. */
const ANY_APP_ID = 'cli_stand_in_store_app';

export function createStoreAppState(
  settings: StoreAppSettings,
  shared: { appId: string | undefined; tokenTtlSeconds: number; now: () => number; log: Logger | undefined },
): StoreAppState {
  const state: StoreAppState = {
    settings,
    ticket: newAppTicket(),
    appTokens: new TokenBook(shared.tokenTtlSeconds, shared.now, newAppAccessToken),
    chatTenants: new Map(),
    pusher: createTicketPusher({
      settings,
      appId: shared.appId ?? ANY_APP_ID,
      currentTicket: () => state.ticket,
      now: shared.now,
      log: shared.log,
    }),
    counters: zeroStoreAppCounters(),
    rotate() {
      state.ticket = newAppTicket();
    },
  };
  return state;
}
