import { z } from 'zod';
import { credentialsMatch } from '../credentials-match.js';
import { type Grant, answerWithFaults } from '../answer-with-faults.js';
import { FeishuCode } from '../feishu-codes.js';
import { type Answer, type FeishuReply, feishuError } from '../feishu-reply.js';
import type { JsonBody } from '../json-body.js';
import type { StandInState } from '../stand-in-state.js';
import { WS_PATH } from './create-ws-upgrade.js';

export const WsEndpointBody = z.object({ AppID: z.string().min(1), AppSecret: z.string() });
export type WsEndpointBody = z.infer<typeof WsEndpointBody>;

export interface WsEndpointInput {
  readonly body: JsonBody;
  /** The request's `Host` header: the URL handed out points back the way the client came (docker networking). */
  readonly host: string | undefined;
  /** The `X-Tt-Logid` this request is answered with. */
  readonly logId: string;
}

function refusal(code: number, msg: string, appId: string | null): Grant {
  return { reply: feishuError(200, code, msg), outcome: 'rejected', appId };
}

/**
 * Checks the credentials and hands out a single-use WebSocket URL with the client configuration.
 * Refusals are HTTP 200 with a code, as Feishu answers; a body without credentials is refused as they are.
 */
function grantConnection(state: StandInState, input: WsEndpointInput): Grant {
  const { settings } = state;
  const parsed = input.body.ok ? WsEndpointBody.safeParse(input.body.value) : undefined;
  if (parsed?.success !== true) return refusal(FeishuCode.WS_AUTH_FAILED, 'auth failed', null);
  const { AppID: appId, AppSecret: appSecret } = parsed.data;
  if (!credentialsMatch(settings, appId, appSecret))
    return refusal(FeishuCode.WS_AUTH_FAILED, 'auth failed', appId);
  if (state.ws.connections.live() >= settings.longConnection.maxConnections) {
    return refusal(FeishuCode.WS_CONNECTION_LIMIT, 'connection limit exceeded', appId);
  }
  const { ticket, deviceId, serviceId } = state.ws.tickets.issue();
  const query = new URLSearchParams({ device_id: deviceId, service_id: String(serviceId), ticket });
  const reply: FeishuReply = {
    status: 200,
    body: {
      code: FeishuCode.OK,
      msg: 'ok',
      data: {
        URL: `ws://${input.host ?? '127.0.0.1'}${WS_PATH}?${query.toString()}`,
        ClientConfig: settings.longConnection.clientConfig,
      },
    },
  };
  return { reply, outcome: 'issued', appId };
}

/**
 * `POST /callback/ws/endpoint`, scripted faults first.
 * Source: https://open.feishu.cn/document/ukTMukTMukTM/uYDNxYjL2QTM24iN0EjN/event-subscription-configure-/request-url-configuration-case
 */
export function issueWsEndpoint(state: StandInState, input: WsEndpointInput): Answer {
  return answerWithFaults(state, 'ws-endpoint', input.logId, () => grantConnection(state, input));
}
