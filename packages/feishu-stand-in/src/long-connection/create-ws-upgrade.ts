import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { FeishuCode } from '../feishu-codes.js';
import type { StandInState } from '../stand-in-state.js';
import { serveWsConnection } from './serve-ws-connection.js';
import type { WsTicket } from './ws-ticket-book.js';

/** The path of the URLs the endpoint hands out, Feishu's. */
export const WS_PATH = '/ws/v2';

/** Why an upgrade is not let in: no valid ticket, or the app's connections are at the limit. */
type Refusal = 'no-ticket' | 'connection-limit';

/**
 * Answers an upgrade that is not let in with a 403 and hangs up. Past the connection limit Feishu says
 * why in headers, as its SDKs' `ws` clients read them: `Handshake-Status` 514 (authentication) with
 * `Handshake-Autherrcode` 1000040350, which a client must take as final.
 */
function refuse(socket: Duplex, refusal: Refusal): void {
  const why =
    refusal === 'connection-limit'
      ? [
          'Handshake-Status: 514',
          'Handshake-Msg: connection limit exceeded',
          `Handshake-Autherrcode: ${FeishuCode.WS_CONNECTION_LIMIT}`,
        ]
      : [];
  socket.on('error', () => undefined);
  socket.end(
    ['HTTP/1.1 403 Forbidden', ...why, 'Connection: close', 'Content-Length: 0', '', ''].join('\r\n'),
  );
}

/** The ticket of an upgrade request, used up, when its path, ticket and ids are all right. */
function admit(state: StandInState, req: IncomingMessage): WsTicket | Refusal {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  const ticket = url.searchParams.get('ticket');
  if (url.pathname !== WS_PATH || ticket === null) return 'no-ticket';
  const entry = state.ws.tickets.redeem(ticket);
  if (entry === undefined) return 'no-ticket';
  const sameIds =
    url.searchParams.get('device_id') === entry.deviceId &&
    url.searchParams.get('service_id') === String(entry.serviceId);
  if (!sameIds) return 'no-ticket';
  const room = state.ws.connections.live() < state.settings.longConnection.maxConnections;
  return room ? entry : 'connection-limit';
}

/**
 * The handler for the HTTP server's `upgrade` event: lets in a WebSocket to `/ws/v2` that carries an
 * unused ticket from `/callback/ws/endpoint` while the app has room, and refuses every other with 403.
 */
export function createWsUpgrade(
  state: StandInState,
): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  const server = new WebSocketServer({ noServer: true });
  return (req, socket, head) => {
    const ticket = admit(state, req);
    if (typeof ticket === 'string') {
      refuse(socket, ticket);
      return;
    }
    server.handleUpgrade(req, socket, head, (ws) => {
      serveWsConnection(state, state.ws.connections.add(ws, ticket));
    });
  };
}
