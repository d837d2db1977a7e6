import type { ActiveFault, FaultInput } from './fault.js';
import type { WsConnectionRecord } from './long-connection/ws-connection-book.js';
import type { WsDelivery } from './long-connection/ws-delivery.js';
import type { WsPushOptions } from './long-connection/ws-delivery-book.js';
import { type WsLoadResult, runWsLoad } from './long-connection/run-ws-load.js';
import { type WsLoadRequest, parseWsLoadRequest } from './long-connection/ws-load-request.js';
import { parseWsPushRequest } from './long-connection/ws-push-request.js';
import type { DeliveredMessage } from './message-store.js';
import type { RequestRecord } from './request-log.js';
import { type StandInState, resetStandInState } from './stand-in-state.js';
import { type StandInStats, readStats } from './stand-in-stats.js';
import { type StoreAppControl, createStoreAppControl } from './store-app/store-app-control.js';

/** What a test (in-process) or the `/__stand-in/` routes (over HTTP) can see and script. */
export interface FeishuStandInControl {
  /** Delivered messages, oldest first; only those to one receive_id when asked. */
  messages(filter?: { readonly receive_id?: string }): readonly DeliveredMessage[];
  /** Every request to the Open API endpoints with its outcome, oldest first; only those to one receive_id when asked. */
  requests(filter?: { readonly receive_id?: string }): readonly RequestRecord[];
  stats(): StandInStats;
  /** The faults still waiting to fire. */
  faults(): readonly ActiveFault[];
  /** Adds a scripted fault; throws `InvalidFaultError` naming each bad field. */
  addFault(fault: FaultInput): ActiveFault;
  removeFault(id: string): boolean;
  /** Removes every fault; returns how many there were. */
  clearFaults(): number;
  /**
   * Revokes every token issued so far, a store app's app_access_tokens too (their next use gets
   * 99991663, or 99991664 for an app token); returns how many tenant tokens were live.
   */
  expireTokens(): number;
  /**
   * Pushes an event envelope (a JSON object) over the long connection to one open connection drawn at
   * random, and again on Feishu's schedule until it is acknowledged with code 200; throws
   * `InvalidWsPushError` naming each bad field.
   */
  wsPush(envelope: unknown, options?: WsPushOptions): WsDelivery;
  /**
   * The stand-in as a load generator: pushes `count` copies of the envelope (event ids `<its id>-0`,
   * `-1`, …) within the window and rate asked for, and resolves once each first attempt has settled, with
   * the outcomes and each acknowledgement's latency. Throws `InvalidWsPushError` naming each bad field.
   */
  wsLoad(envelope: unknown, options: Omit<WsLoadRequest, 'event'>): Promise<WsLoadResult>;
  /** Every long connection since start, closed ones too, oldest first. */
  wsConnections(): readonly WsConnectionRecord[];
  /** Every push and its attempts, oldest first; only those of one event id when asked. */
  wsDeliveries(filter?: { readonly eventId?: string }): readonly WsDelivery[];
  /** Cuts every long connection without a close frame; returns how many. */
  wsDrop(): number;
  /**
   * Goes silent on every open long connection (no pongs, no pushes, acks ignored) while its TCP
   * connection stays up; new connections behave normally. Returns how many.
   */
  wsHalfOpen(): number;
  /** Clears messages, requests, faults, statistics, tokens and event pushes (not connections). */
  reset(): void;
  /** The store-app mode (`appType: 'store'`): its ticket, and which tenant each chat belongs to. */
  readonly store: StoreAppControl;
}

function byReceiver<T extends { readonly receive_id: string | null }>(
  all: readonly T[],
  receiveId: string | undefined,
): readonly T[] {
  return receiveId === undefined ? all : all.filter((item) => item.receive_id === receiveId);
}

export function createControl(state: StandInState): FeishuStandInControl {
  return {
    messages: (filter) => byReceiver(state.store.list(), filter?.receive_id),
    requests: (filter) => byReceiver(state.journal.list(), filter?.receive_id),
    stats: () => readStats(state),
    faults: () => state.faults.list(),
    addFault: (fault) => state.faults.add(fault),
    removeFault: (id) => state.faults.remove(id),
    clearFaults: () => state.faults.clear(),
    wsPush: (envelope, options) => {
      const request = parseWsPushRequest({ ...options, event: envelope });
      return state.ws.deliveries.push(request.event, request);
    },
    wsLoad: async (envelope, options) => {
      const request = parseWsLoadRequest({ ...options, event: envelope });
      return await runWsLoad((event, observer) => state.ws.deliveries.push(event, {}, observer), request);
    },
    wsConnections: () => state.ws.connections.list(),
    wsDeliveries: (filter) => state.ws.deliveries.list(filter),
    wsDrop: () => state.ws.connections.dropAll(),
    wsHalfOpen: () => state.ws.connections.silenceAll(),
    expireTokens: () => {
      state.storeApp.appTokens.revokeAll();
      return state.tokens.revokeAll();
    },
    reset: () => resetStandInState(state),
    store: createStoreAppControl(state),
  };
}
