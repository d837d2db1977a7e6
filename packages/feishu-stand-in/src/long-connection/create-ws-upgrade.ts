import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { StandInState } from '../stand-in-state.js';
import { serveWsConnection } from './serve-ws-connection.js';
import type { WsTicket } from './ws-ticket-book.js';

/** The path of the URLs the endpoint hands out, Feishu's. */
export const WS_PATH = '/ws/v2';

/** Answers an upgrade that is not let in with a bare 403 and hangs up. */
function refuse(socket: Duplex): void {
  socket.on('error', () => undefined);
  socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
}

/** The ticket of an upgrade request, used up, when its path, ticket and ids are all right. */
function admit(state: StandInState, req: IncomingMessage): WsTicket | undefined {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  const ticket = url.searchParams.get('ticket');
  if (url.pathname !== WS_PATH || ticket === null) return undefined;
  const entry = state.ws.tickets.redeem(ticket);
  if (entry === undefined) return undefined;
  const sameIds =
    url.searchParams.get('device_id') === entry.deviceId &&
    url.searchParams.get('service_id') === String(entry.serviceId);
  const room = state.ws.connections.live() < state.settings.longConnection.maxConnections;
  return sameIds && room ? entry : undefined;
}

/**
 * The handler for the HTTP server's `upgrade` event: lets in a WebSocket to `/ws/v2` that carries an
 * unused ticket from `/callback/ws/endpoint`, and refuses every other with 403.
 */
export function createWsUpgrade(
  state: StandInState,
): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  const server = new WebSocketServer({ noServer: true });
  return (req, socket, head) => {
    const ticket = admit(state, req);
    if (ticket === undefined) {
      refuse(socket);
      return;
    }
    server.handleUpgrade(req, socket, head, (ws) => {
      serveWsConnection(state, state.ws.connections.add(ws, ticket));
    });
  };
}
