import { randomInt } from 'node:crypto';
import { WebSocket } from 'ws';
import type { WsTicket } from './ws-ticket-book.js';

/**
 * One long connection as the stand-in sees it. `half-open`: the TCP connection is up but the stand-in
 * has gone silent on it (no pongs, no pushes, acks ignored), as a connection lost somewhere on the
 * way looks from the client's side.
 */
export interface WsConnectionRecord {
  readonly id: string;
  readonly deviceId: string;
  readonly serviceId: number;
  readonly connectedAt: number;
  readonly state: 'open' | 'half-open' | 'closed';
  readonly pingsReceived: number;
  readonly pongsSent: number;
}

/** A connection with its socket, for the code that serves it. */
export interface WsConnection extends WsTicket {
  readonly id: string;
  readonly connectedAt: number;
  readonly socket: WebSocket;
  state: WsConnectionRecord['state'];
  pingsReceived: number;
  pongsSent: number;
}

/** Closed connections kept for the record; the oldest drop off. */
const KEEP_CLOSED = 1_000;

/** Every connection since the stand-in started, open ones first to be picked for a push. */
export class WsConnectionBook {
  #connections: WsConnection[] = [];
  #nextId = 1;

  constructor(private readonly now: () => number) {}

  add(socket: WebSocket, ticket: WsTicket): WsConnection {
    const connection: WsConnection = {
      id: `conn-${this.#nextId}`,
      deviceId: ticket.deviceId,
      serviceId: ticket.serviceId,
      connectedAt: this.now(),
      socket,
      state: 'open',
      pingsReceived: 0,
      pongsSent: 0,
    };
    this.#nextId += 1;
    this.#connections.push(connection);
    return connection;
  }

  list(): readonly WsConnectionRecord[] {
    return this.#connections.map(
      ({ id, deviceId, serviceId, connectedAt, state, pingsReceived, pongsSent }) => ({
        id,
        deviceId,
        serviceId,
        connectedAt,
        state,
        pingsReceived,
        pongsSent,
      }),
    );
  }

  /** Connections that count against the limit: every one not closed, silenced ones too. */
  live(): number {
    return this.#connections.filter((c) => c.state !== 'closed').length;
  }

  /** Feishu's cluster mode: each push goes to one connection drawn at random. */
  pickOpen(): WsConnection | undefined {
    const open = this.#connections.filter(
      (c) => c.state === 'open' && c.socket.readyState === WebSocket.OPEN,
    );
    return open.length === 0 ? undefined : open[randomInt(0, open.length)];
  }

  /** Marks a connection closed; `false` when it already was. */
  markClosed(connection: WsConnection): boolean {
    if (connection.state === 'closed') return false;
    connection.state = 'closed';
    const closed = this.#connections.filter((c) => c.state === 'closed');
    if (closed.length > KEEP_CLOSED * 1.5) {
      const forget = new Set(closed.slice(0, closed.length - KEEP_CLOSED));
      this.#connections = this.#connections.filter((c) => !forget.has(c));
    }
    return true;
  }

  /** Cuts every connection not yet closed without a close frame; returns how many. */
  dropAll(): number {
    const live = this.#connections.filter((c) => c.state !== 'closed');
    for (const connection of live) {
      this.markClosed(connection);
      connection.socket.terminate();
    }
    return live.length;
  }

  /** Turns every open connection half-open; returns how many. */
  silenceAll(): number {
    const open = this.#connections.filter((c) => c.state === 'open');
    for (const connection of open) connection.state = 'half-open';
    return open.length;
  }
}
