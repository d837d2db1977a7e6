import { FrameMethod, WsFrameError, decodeWsFrame, encodeWsFrame } from '@feishu-welcome/shared';
import type { RawData } from 'ws';
import type { StandInState } from '../stand-in-state.js';
import type { WsConnection } from './ws-connection-book.js';

/** Close codes: 1003 for a text message (Feishu speaks binary only), 1002 for bytes that are no frame. */
const UNSUPPORTED_DATA = 1003;
const PROTOCOL_ERROR = 1002;

function bytesOf(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/**
 * Serves one long connection: answers pings with a pong carrying the client configuration, and takes
 * data frames as acknowledgements of pushes. A half-open connection reads everything and answers
 * nothing. Anything that is not a `pbbp2.Frame` closes the connection, so that a client speaking the
 * protocol wrong fails loudly.
 */
export function serveWsConnection(state: StandInState, connection: WsConnection): void {
  const { socket } = connection;
  const { log } = state.settings;
  const ids = { connectionId: connection.id, deviceId: connection.deviceId, serviceId: connection.serviceId };
  log?.info(ids, 'ws connection opened');

  socket.on('message', (data, isBinary) => {
    if (!isBinary) {
      socket.close(UNSUPPORTED_DATA, 'binary frames only');
      return;
    }
    let frame;
    try {
      frame = decodeWsFrame(bytesOf(data));
    } catch (error) {
      if (!(error instanceof WsFrameError)) throw error;
      log?.warn(ids, 'ws connection sent bytes that are not a frame');
      socket.close(PROTOCOL_ERROR, 'not a pbbp2.Frame');
      return;
    }
    const isPing = frame.method === FrameMethod.control && frame.headers.get('type') === 'ping';
    if (isPing) connection.pingsReceived += 1;
    if (connection.state !== 'open') return;
    if (isPing) {
      const config = state.settings.longConnection.clientConfig;
      socket.send(
        encodeWsFrame({
          service: connection.serviceId,
          method: FrameMethod.control,
          headers: [['type', 'pong']],
          payload: new TextEncoder().encode(JSON.stringify(config)),
        }),
      );
      connection.pongsSent += 1;
    } else if (frame.method === FrameMethod.data) {
      state.ws.deliveries.acknowledge(connection.id, frame);
    }
  });
  // A reset socket reports an error and then closes; the close is what counts.
  socket.on('error', () => undefined);
  socket.on('close', (code) => {
    state.ws.connections.markClosed(connection);
    log?.info({ ...ids, code }, 'ws connection closed');
  });
}
