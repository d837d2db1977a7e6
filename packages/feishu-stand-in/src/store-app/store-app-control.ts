import type { RatePeaks } from '../rate-limiter.js';
import type { StandInState } from '../stand-in-state.js';
import type { StoreAppCounters } from './store-app-state.js';

/** What the store-app endpoints have counted since start or the last reset. */
export interface StoreAppStats extends StoreAppCounters {
  /** Pushes of the `app_ticket` the webhook answered 200. */
  readonly tickets_pushed: number;
}

/** The store-app mode's controls (`control.store`), in-process and under `/__stand-in/store`. */
export interface StoreAppControl {
  /**
   * Replaces the ticket: the old one is refused (10012) from now on. Pushes the new one when `push`;
   * else it reaches the app only when the app asks for a resend.
   */
  rotateTicket(options?: { readonly push?: boolean }): void;
  /** Pushes the current ticket to the webhook (retrying until it answers 200). */
  pushTicket(): void;
  /**
   * Says which tenant a chat belongs to: a tenant token of another tenant sending to it is refused
   * with 230038. Chats never assigned are taken to belong to whichever tenant sends to them.
   */
  assignChat(chatId: string, tenantKey: string): void;
  stats(): StoreAppStats;
  /** The most accepted sends of one app and tenant in any 1 s and 60 s window. */
  peaksOf(appId: string, tenantKey: string): RatePeaks;
}

export function createStoreAppControl(state: StandInState): StoreAppControl {
  const store = state.storeApp;
  return {
    rotateTicket(options) {
      store.rotate();
      if (options?.push === true) store.pusher.push();
    },
    pushTicket: () => store.pusher.push(),
    assignChat: (chatId, tenantKey) => void store.chatTenants.set(chatId, tenantKey),
    stats: () => ({ ...store.counters, tickets_pushed: store.pusher.delivered() }),
    peaksOf: (appId, tenantKey) => state.limiter.peaksOf(appId, tenantKey),
  };
}
